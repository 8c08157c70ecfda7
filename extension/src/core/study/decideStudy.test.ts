import { decideStudy, DEFAULT_STUDY_PARAMS } from './decideStudy';
import type { SeriesFacts } from './facts';
import { studyFacts } from '../../testing/studyFacts';
import type { StudySeriesInput } from './types';

const LABELS = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];

/** Probabilities with `top` at p and the rest spread evenly. */
function probs(top: string, p: number, extra: Record<string, number> = {}): Record<string, number> {
  const rest = LABELS.filter((l) => l !== top && !(l in extra));
  const left = 1 - p - Object.values(extra).reduce((a, b) => a + b, 0);
  return Object.fromEntries(LABELS.map((l) => [l, l === top ? p : l in extra ? extra[l] : left / rest.length]));
}

const facts = studyFacts;

function series(id: string, n: number, p: Record<string, number>, f: Partial<SeriesFacts> = {}, status = 'classified'): StudySeriesInput {
  return { id, seriesNumber: n, description: id, status, probabilities: p, facts: facts({ seriesNumber: n, ...f }) };
}

const hung = (d: ReturnType<typeof decideStudy>) => Object.fromEntries(Object.values(d.slots).map((s) => [s.slot, s.seriesId]));

describe('decideStudy: one series per slot over the whole study', () => {
  test('a complete study: each slot takes its series, the ADC and a b0 are not hung', () => {
    const d = decideStudy([
      series('dwi', 5, probs('DWI', 0.9), { trace: true }),
      series('t2', 2, probs('T2', 0.85)),
      series('t1c', 9, probs('T1c', 0.8)),
      series('t1', 3, probs('T1', 0.75)),
      series('adc', 6, probs('ADC', 0.9)),
      series('b0', 4, probs('OTHER', 0.7)),
    ]);
    expect(hung(d)).toEqual({ T1: 't1', T1c: 't1c', T2: 't2', DW: 'dwi' });
    // #9 comes after the T1 #3: the acquisition order adds a little to its T1c probability
    expect(d.slots.T1c.reasons[0]).toBe('#9 is T1c (81%)');
    expect(d.series.find((s) => s.id === 'adc')).toMatchObject({ label: 'ADC', slot: null });
  });

  test('two T1c planes: the axial one is hung, the sagittal one is named as passed over', () => {
    const d = decideStudy([
      series('sag', 7, probs('T1c', 0.95), { plane: 'sagittal', coverageMm: 170 }),
      series('ax', 8, probs('T1c', 0.85), { plane: 'axial' }),
      series('t1', 3, probs('T1', 0.8), { plane: 'axial' }),
    ]);
    expect(d.preferredPlane).toBe('axial');
    expect(d.slots.T1c.seriesId).toBe('ax');
    expect(d.slots.T1c.reasons.join(' ')).toContain('chosen over #7 (sagittal, not axial)');
  });

  test('with no axial series, the plane most series share is preferred', () => {
    const d = decideStudy([
      series('cor', 4, probs('T1c', 0.9), { plane: 'coronal' }),
      series('sag', 5, probs('T1c', 0.9), { plane: 'sagittal' }),
      series('t2sag', 2, probs('T2', 0.9), { plane: 'sagittal' }),
    ]);
    expect(d.preferredPlane).toBe('sagittal');
    expect(d.slots.T1c.seriesId).toBe('sag');
  });

  test('an original series is preferred to a reformat, full coverage to partial', () => {
    const mpr = decideStudy([series('mpr', 11, probs('T1c', 0.9), { derived: 'ImageType MPR' }), series('orig', 10, probs('T1c', 0.8))]);
    expect(mpr.slots.T1c.seriesId).toBe('orig');
    const partial = decideStudy([series('slab', 6, probs('T2', 0.95), { coverageMm: 40 }), series('full', 7, probs('T2', 0.85), { coverageMm: 150 })]);
    expect(partial.slots.T2.seriesId).toBe('full');
    expect(partial.slots.T2.reasons.join(' ')).toContain('partial coverage (40 of 150 mm)');
  });

  test('FLAIR goes to the T2 slot only when no T2 exists', () => {
    const flairOnly = decideStudy([series('fl', 3, probs('FLAIR', 0.8)), series('t1', 2, probs('T1', 0.8))]);
    expect(flairOnly.slots.T2).toMatchObject({ seriesId: 'fl', label: 'FLAIR' });
    const both = decideStudy([series('fl', 3, probs('FLAIR', 0.95)), series('t2', 4, probs('T2', 0.6))]);
    expect(both.slots.T2).toMatchObject({ seriesId: 't2', label: 'T2' });
  });

  test('DWI trace + ADC + b0: the trace is hung, not the 4D series or the maps', () => {
    const d = decideStudy([
      series('dwi4d', 8, probs('DWI', 0.92), { volumes: 2 }),
      series('trace', 9, probs('DWI', 0.85), { trace: true }),
      series('adc', 10, probs('ADC', 0.9), { derived: null }),
      series('b0', 11, probs('OTHER', 0.8)),
    ]);
    expect(d.slots.DW.seriesId).toBe('trace');
    expect(d.slots.DW.reasons.join(' ')).toContain('#8 (2 diffusion volumes, not a trace)');
    expect(d.series.filter((s) => s.slot).map((s) => s.id)).toEqual(['trace']);
  });

  test('localizers are never hung: OTHER by their header, and too few slices whatever they look like', () => {
    const d = decideStudy([
      series('loc', 1, probs('OTHER', 0.9), { slices: 3 }),
      series('loc2', 2, probs('T2', 0.9), { slices: 2 }),
      series('t1', 3, probs('T1', 0.9)),
    ]);
    expect(hung(d)).toEqual({ T1: 't1', T1c: null, T2: null, DW: null });
    expect(d.slots.T2.message).toBe('Not sure: #2 looks T2 (90%)');
  });

  test('unknown series may be offered but are hung only above the threshold; skipped ones never', () => {
    const d = decideStudy([
      series('u', 7, probs('T1c', 0.45, { T2: 0.4 }), {}, 'unknown'),
      series('skip', 8, probs('T1c', 0.99), {}, 'skipped'),
      series('t1', 3, probs('T1', 0.9), { sequenceKey: 'tse|SE|500|10||90' }),
    ]);
    expect(d.slots.T1c).toMatchObject({ seriesId: null, message: 'Not sure: #7 looks T1c (45%)', candidate: { id: 'u', probability: 0.45 } });
    expect(d.series.find((s) => s.id === 'skip')).toMatchObject({ probabilities: null, slot: null });
  });

  test('an empty slot with no candidate says so; no study at all leaves every slot empty', () => {
    const d = decideStudy([series('t2', 1, probs('T2', 0.9))]);
    expect(d.slots.DW).toMatchObject({ seriesId: null, message: 'No DW in this study', candidate: null });
    expect(d.slots.T2.message).toBeNull();
    const none = decideStudy([]);
    expect(Object.values(none.slots).map((s) => s.message)).toEqual(['No T1 in this study', 'No T1c in this study', 'No T2 or FLAIR in this study', 'No DW in this study']);
  });

  test('a series fits one slot only, even when a lower threshold makes it eligible twice', () => {
    const params = { ...DEFAULT_STUDY_PARAMS, hangThreshold: 0.3 };
    const d = decideStudy([series('a', 1, probs('T1', 0.5, { T1c: 0.45 })), series('b', 2, probs('T1c', 0.4, { T1: 0.35 }))], params);
    expect(hung(d)).toMatchObject({ T1: 'a', T1c: 'b' });
  });
});

describe('decideStudy: study context', () => {
  const words = (text: string) => ({ studyText: [text] });

  test('"w/o contrast": a T1c-looking series becomes T1, the empty T1c slot quotes the study', () => {
    const d = decideStudy([
      series('mprage', 5, probs('T1c', 0.6, { T1: 0.3 }), { ...words('MR-Brain w/o Contrast'), plane: 'sagittal' }),
      series('t2', 2, probs('T2', 0.9), words('MR-Brain w/o Contrast')),
    ]);
    expect(d.context.contrast).toBe('none');
    expect(d.slots.T1.seriesId).toBe('mprage');
    expect(d.slots.T1c.message).toBe('No T1c in this study (study description "MR-Brain w/o Contrast")');
    expect(d.series[0].reasons[0]).toContain('no contrast agent in this study: T1c 60% -> 6%');
  });

  test('a filled ContrastBolusAgent outranks the study description', () => {
    const s = { ...series('post', 5, probs('T1c', 0.8), words('MRI brain plain')), contrastTag: true };
    expect(decideStudy([s]).slots.T1c.seriesId).toBe('post');
  });
});

describe('decideStudy: a T1 pair', () => {
  const sig = (bright: number) => ({ slices: [0, 0.25, 0.5, 0.75, 1].map((rel) => ({ position: null, rel, f: [bright, bright / 2, bright / 4, 1.3 + bright, 1.6 + 2 * bright] })) });

  test('the series that enhances more is T1c even when the image model calls both T1c', () => {
    const d = decideStudy([
      series('pre', 4, probs('T1c', 0.55, { T1: 0.35 }), { enhancement: sig(0.02), sequenceKey: 'se|SE|500|10||90', time: 36000 }),
      series('post', 9, probs('T1c', 0.6, { T1: 0.3 }), { enhancement: sig(0.09), sequenceKey: 'se|SE|500|10||90', time: 36600 }),
    ]);
    expect(hung(d)).toMatchObject({ T1: 'pre', T1c: 'post' });
    expect(d.series[0].reasons.join(' ')).toContain('#9 enhances more');
    expect(d.series[1].reasons.join(' ')).toContain('#4 first (acquired 10 min apart, same sequence)');
  });

  test('without signatures, acquisition order alone splits a same-sequence pair the image cannot', () => {
    const d = decideStudy([
      series('a', 3, probs('T1', 0.45, { T1c: 0.45 }), { sequenceKey: 'tfl3d1|GR\\IR|2000|3|900|8' }),
      series('b', 12, probs('T1', 0.45, { T1c: 0.45 }), { sequenceKey: 'tfl3d1|GR\\IR|2000|3|900|8' }),
    ]);
    const [a, b] = d.series;
    expect(b.probabilities!.T1c).toBeGreaterThan(a.probabilities!.T1c);
    expect(a.probabilities!.T1 + a.probabilities!.T1c).toBeCloseTo(0.9);
  });

  test('two confident pre-contrast T1s are not turned into a pair by a small difference', () => {
    const d = decideStudy([
      series('se', 3, probs('T1', 0.9), { enhancement: sig(0.02), sequenceKey: 'se|SE|500|10||90' }),
      series('mprage', 4, probs('T1', 0.88), { enhancement: sig(0.035), sequenceKey: 'tfl3d1|GR\\IR|2000|3|900|8' }),
    ]);
    expect(d.series.map((s) => s.label)).toEqual(['T1', 'T1']);
    expect(d.slots.T1c.seriesId).toBeNull();
  });

  test('series of different planes are not compared', () => {
    const d = decideStudy([
      series('ax', 4, probs('T1', 0.5, { T1c: 0.4 }), { enhancement: sig(0.02) }),
      series('sag', 5, probs('T1', 0.5, { T1c: 0.4 }), { enhancement: sig(0.2), plane: 'sagittal' }),
    ]);
    expect(d.series.every((s) => s.reasons.length === 0)).toBe(true);
  });
});
