import type { SeriesResult } from '../core/results';
import type { LoadedSeries } from '../core/types';
import { TwoPasses, type PassHooks } from './passes';
import type { ClassifierClientLike, DisplaySetLike, SampledSeries, SeriesSource } from './types';

const ds = (uid: string, n = 8): DisplaySetLike => ({ displaySetInstanceUID: uid, SeriesInstanceUID: uid, Modality: 'MR', numImageFrames: n });

const sampled = (d: DisplaySetLike, n: number): SampledSeries => ({
  series: { id: d.displaySetInstanceUID, format: 'dicom', sources: [], header: {}, volumes: [{ key: '', slices: [] }], warnings: [], sliceCount: n } as unknown as LoadedSeries,
  imageIndices: [Array.from({ length: n }, (_, i) => i)],
});

const source: SeriesSource = {
  load: async (d, n) => sampled(d, n),
  loadSlice: async () => {
    throw new Error('not used');
  },
};

/** A worker stand-in that answers only when told to, recording what it was sent and when. */
function manualClient() {
  const sent: Array<{ id: string; slices: unknown; answer(): void }> = [];
  const client: ClassifierClientLike = {
    init: async () => ({}) as never,
    classifySlice: async () => ({}) as never,
    terminate: () => undefined,
    classifySeries: (series, options) =>
      new Promise<SeriesResult>((resolve) => {
        sent.push({ id: series.id, slices: options?.slices, answer: () => resolve({ seriesId: series.id, status: 'classified', label: 'T2' } as SeriesResult) });
      }),
  };
  return { client, sent };
}

function hooks() {
  const results: Array<[string, boolean]> = [];
  const h: PassHooks = {
    current: () => true,
    status: () => undefined,
    result: (d, _s, _r, partial) => void results.push([d.displaySetInstanceUID, partial]),
    failed: () => undefined,
    finished: () => undefined,
  };
  return { h, results };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('two passes over a study', () => {
  it('keeps the next series queued in the worker while the last answer is taken in (two underway)', async () => {
    const { client, sent } = manualClient();
    const { h, results } = hooks();
    const passes = new TwoPasses(source, client, { samples: 8, quick: 4, classify: {} }, h, new AbortController().signal);
    ['a', 'b', 'c'].forEach((u) => passes.add(ds(u)));
    const done = passes.run();
    await tick();
    // two first looks sent before any answer
    expect(sent.map((s) => [s.id, s.slices])).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
    sent[0].answer();
    await tick();
    expect(sent.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    for (let i = 1; i < 6; i++) {
      while (sent.length <= i) await tick();
      sent[i].answer();
      await tick();
    }
    await done;
    // every first look before any full pass, in the order the series came
    expect(sent.map((s) => [s.id, s.slices ?? 'all'])).toEqual([
      ['a', 4],
      ['b', 4],
      ['c', 4],
      ['a', 'all'],
      ['b', 'all'],
      ['c', 'all'],
    ]);
    expect(results).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['a', false],
      ['b', false],
      ['c', false],
    ]);
  });

  it('one at a time with inFlight 1', async () => {
    const { client, sent } = manualClient();
    const { h } = hooks();
    const passes = new TwoPasses(source, client, { samples: 8, quick: 4, classify: {}, inFlight: 1 }, h, new AbortController().signal);
    ['a', 'b'].forEach((u) => passes.add(ds(u)));
    const done = passes.run();
    await tick();
    expect(sent.map((s) => s.id)).toEqual(['a']);
    for (let i = 0; i < 4; i++) {
      while (sent.length <= i) await tick();
      expect(sent).toHaveLength(i + 1);
      sent[i].answer();
      await tick();
    }
    await done;
  });
});
