/**
 * The bad-input corpus through the viewer's path: DICOM files -> display sets -> cornerstone images
 * (fakeViewer) -> createCornerstoneSeriesSource -> ClassifierService -> the real worker handler on the
 * fixture model (onnxruntime-node) -> planLayout. Every case ends as a label or a reason, never a
 * throw, and only confidently classified series are given a viewport.
 */
import { planFor } from '../hangingProtocols/customAttributes';
import { SLOTS } from '../hangingProtocols/planLayout';
import { createCornerstoneSeriesSource } from '../ohif/cornerstoneSeriesSource';
import { BAD_INPUT_CASES, type BadInputCase } from '../testing/badInputCorpus';
import { fakeViewer } from '../testing/fakeViewer';
import { ClassifierClient } from '../worker/client';
import { inProcessWorker, TEST_SOURCE } from '../worker/testing';
import { ClassifierService } from './ClassifierService';
import type { SeriesEntry } from './types';

jest.setTimeout(60_000);

interface Outcome {
  entries: SeriesEntry[];
  service: ClassifierService;
}

const outcomes = new Map<string, Outcome>();
const client = new ClassifierClient(() => inProcessWorker());

async function run(c: BadInputCase): Promise<Outcome> {
  const viewer = fakeViewer(await c.build());
  const service = new ClassifierService({
    client,
    source: createCornerstoneSeriesSource(viewer.extensionManager),
    settings: { model: { ...TEST_SOURCE, backends: ['wasm'] }, samplesPerSeries: 24, classify: {} },
  });
  await service.classifyDisplaySets(viewer.displaySets);
  return { entries: service.getState().series, service };
}

beforeAll(async () => {
  for (const c of BAD_INPUT_CASES) outcomes.set(c.id, await run(c));
});

afterAll(() => client.terminate());

describe.each(BAD_INPUT_CASES.map((c) => [c.id, c] as const))('viewer service, bad input: %s', (_id, c) => {
  test(`${c.what}: ${c.viewer ? c.viewer.entry : 'no display set'}`, () => {
    const { entries, service } = outcomes.get(c.id) as Outcome;
    if (!c.viewer) {
      expect(entries).toEqual([]);
      return;
    }
    const v = c.viewer;
    expect(entries).toHaveLength(1);
    const [e] = entries;
    expect(e.status).toBe(v.entry);
    if (v.entry === 'skipped') expect(e.message).toBe(v.message);
    if (v.entry === 'failed') expect(e.message).toMatch(v.message as RegExp);
    if (v.entry === 'done') {
      const r = e.result!;
      expect(v.status).toContain(r.status);
      if (v.message !== undefined) expect(r.reason).toBe(v.message);
      if (r.status === 'classified') expect(r.label).toEqual(expect.any(String));
      else expect(r.label).toBeNull();
      if (v.label !== undefined) expect(r.label).toBe(v.label);
      if (v.bValue !== undefined) expect(r.volume?.bValue).toBe(v.bValue);
      // per-slice probabilities sum to one for every classified slice
      for (const s of r.slices) expect(Object.values(s.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    // a study of skipped series never starts a run; otherwise the run ends, failed only when nothing was classified
    const expected = v.entry === 'failed' ? 'failed' : v.entry === 'skipped' ? 'idle' : 'done';
    expect(service.getState().run.state).toBe(expected);
  });

  if (c.samePixelsAs) {
    test(`the same probabilities as "${c.samePixelsAs}" (same modality values)`, () => {
      const mine = outcomes.get(c.id)!.entries[0].result!;
      const ref = outcomes.get(c.samePixelsAs!)!.entries[0].result!;
      expect(mine.slices.map((s) => s.index)).toEqual(ref.slices.map((s) => s.index));
      mine.slices.forEach((s, i) => {
        for (const [label, p] of Object.entries(s.probabilities)) expect(p).toBeCloseTo(ref.slices[i].probabilities[label], 4);
      });
    });
  }
});

test('layout: across the whole corpus, only classified series get a viewport, each in a slot for its label', () => {
  let hung = 0;
  for (const { entries, service } of outcomes.values()) {
    const plan = planFor(service);
    for (const e of entries) {
      const slot = plan.slotOf.get(e.displaySetInstanceUID);
      if (!slot) continue;
      hung++;
      expect(e.status).toBe('done');
      expect(e.result?.status).toBe('classified');
      expect(SLOTS.find((s) => s.id === slot)?.labels).toContain(e.result?.label);
    }
    const notHangable = entries.filter((e) => e.status !== 'done' || e.result?.status !== 'classified');
    for (const e of notHangable) expect(plan.slotOf.has(e.displaySetInstanceUID)).toBe(false);
  }
  // the corpus holds classified series too, so the check above is not vacuous
  const classified = [...outcomes.values()].flatMap((o) => o.entries).filter((e) => e.result?.status === 'classified');
  expect(classified.length).toBeGreaterThan(0);
  expect(hung).toBeLessThanOrEqual(classified.length);
});

test('layout: one study made of the whole corpus hangs no skipped, unclassified or failed series', async () => {
  const files = (await Promise.all(BAD_INPUT_CASES.map((c) => c.build()))).flat();
  const viewer = fakeViewer(files);
  const service = new ClassifierService({
    client,
    source: createCornerstoneSeriesSource(viewer.extensionManager),
    settings: { model: { ...TEST_SOURCE, backends: ['wasm'] }, samplesPerSeries: 8, classify: {} },
  });
  await service.classifyDisplaySets(viewer.displaySets);
  const { series, run } = service.getState();
  expect(run.state).toBe('done');
  expect(series.length).toBe(viewer.displaySets.length);
  expect(series.every((e) => ['done', 'skipped', 'failed'].includes(e.status))).toBe(true);
  const plan = planFor(service);
  for (const [uid] of plan.slotOf) {
    const e = series.find((x) => x.displaySetInstanceUID === uid)!;
    expect(e.result?.status).toBe('classified');
  }
  expect(series.filter((e) => e.status === 'skipped').map((e) => e.message).sort()).toEqual(
    ['skipped: CT (not MR)', 'skipped: PT (not MR)', 'skipped: US (not MR)', 'skipped: not an image series'],
  );
});
