/**
 * The provisional layout and how it becomes the final one: header evidence, first looks and full
 * classifications (evidence.ts), the planner, and reconcile.ts's rule that a shown series only
 * leaves its viewport when the pixels contradict it with confidence.
 */
import type { SeriesResult } from '../core/results';
import type { ClassifierState, DisplaySetLike, SeriesEntry } from '../services/types';
import { DEFAULT_LAYOUT_POLICY, HEADER_CONFIDENCE, headerGuess, layoutInputs } from './evidence';
import { planLayout } from './planLayout';
import { contradicts, emptyAssignment, reconcile, type Assignment } from './reconcile';

const T1_TIMING = { RepetitionTime: 500, EchoTime: 12, ScanningSequence: 'SE', ImageType: ['ORIGINAL', 'PRIMARY', 'M'] };
const T2_TIMING = { RepetitionTime: 4500, EchoTime: 100, ScanningSequence: 'SE', ImageType: ['ORIGINAL', 'PRIMARY', 'M'] };

function ds(uid: string, SeriesDescription: string, instance: Record<string, unknown> = {}, n = 20, Modality = 'MR'): DisplaySetLike {
  return {
    displaySetInstanceUID: uid,
    SeriesInstanceUID: `1.2.${uid}`,
    SeriesNumber: Number(uid.replace(/\D/g, '')) || 1,
    SeriesDescription,
    Modality,
    numImageFrames: n,
    instances: Array.from({ length: n }, () => ({ Modality, SeriesDescription, ...instance })),
  };
}

function result(label: string | null, confidence: number): SeriesResult {
  return {
    seriesId: 'x',
    status: label ? 'classified' : 'unknown',
    label,
    confidence: label ? confidence : null,
    image: null,
    metadata: null,
    fused: null,
    volume: null,
    slices: [],
    cams: [],
  };
}

function entry(uid: string, label: string | null, confidence: number, partial = false): SeriesEntry {
  return { displaySetInstanceUID: uid, description: '', modality: 'MR', imageCount: 20, status: 'done', result: result(label, confidence), partial, slices: [] };
}

const state = (series: SeriesEntry[]): ClassifierState => ({ model: { state: 'idle' }, run: { state: 'running', done: 0, total: 0 }, series });

/** The next layout for these display sets and this state, from `current`. */
function step(displaySets: DisplaySetLike[], s: ClassifierState, current: Assignment | null) {
  const inputs = layoutInputs(displaySets, s, (d) => headerGuess(d));
  return { inputs, ...reconcile(current, planLayout(inputs.candidates), inputs.verdicts, inputs.present) };
}

describe('provisional layout from the header alone', () => {
  const study = [
    ds('s1', 'AX T1 SE', T1_TIMING),
    ds('s2', 'AX T2 TSE', T2_TIMING),
    ds('s3', 'AX T1 POST GD', { ...T1_TIMING, ContrastBolusAgent: 'Gadovist' }),
    ds('s4', 'ep2d_diff TRACEW', { ImageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'], DiffusionBValue: 1000 }),
    ds('s5', 'series 5'),
    ds('s6', 'AX T1 POST', T1_TIMING, 3, 'CT'),
  ];


  it('hangs the series whose header evidence is strong, before any pixel, and nothing else', () => {
    const { next, filled, inputs } = step(study, state([]), null);
    // s1's header says T1-weighted and nothing about contrast (T1 and T1c share its mass), but the
    // study also holds s3, a T1 of the same timing with a contrast agent: the study level reads s1
    // as the pre-contrast T1
    expect(next).toEqual({ T1: 's1', T1c: 's3', T2: 's2', DW: 's4' });
    expect(filled).toEqual(['T1', 'T1c', 'T2', 'DW']);
    expect(inputs.verdicts.get('s1')).toEqual({ label: 'T1', confidence: HEADER_CONFIDENCE, source: 'header' });
    expect(inputs.verdicts.has('s5')).toBe(false); // no words, no timing: no guess
    expect(inputs.verdicts.has('s6')).toBe(false); // CT is never hung
  });

  it('leaves the T1 viewport waiting for the pixels when the header is silent on contrast and nothing in the study decides it', () => {
    const alone = study.filter((d) => d.displaySetInstanceUID !== 's3');
    const { next, filled, inputs } = step(alone, state([]), null);
    expect(next).toEqual({ T1: null, T1c: null, T2: 's2', DW: 's4' });
    expect(filled).toEqual(['T2', 'DW']);
    const plan = planLayout(inputs.candidates);
    expect(plan.decision.slots.T1.message).toMatch(/^Not sure: #1 looks T1 \(\d+%\)$/);
  });

  it('hangs a T1 from the header when the header says it is before contrast', () => {
    const pre = [ds('s1', 'AX T1 SE PRE', T1_TIMING), ...study.slice(1)];
    expect(step(pre, state([]), null).next).toEqual({ T1: 's1', T1c: 's3', T2: 's2', DW: 's4' });
  });

  it('applies the study-level rules to the header: a study without contrast holds no T1c', () => {
    const withStudy = (d: DisplaySetLike, StudyDescription: string) => ({ ...d, instances: d.instances?.map((i) => ({ ...i, StudyDescription })) });
    const posts = [ds('s3', 'AX T1 POST', T1_TIMING), ds('s2', 'AX T2 TSE', T2_TIMING)];
    expect(step(posts.map((d) => withStudy(d, 'MR Brain')), state([]), null).next.T1c).toBe('s3');
    const { next, inputs } = step(posts.map((d) => withStudy(d, 'MR Brain w/o contrast')), state([]), null);
    expect(next.T1c).toBeNull();
    expect(planLayout(inputs.candidates).decision.slots.T1c.message).toMatch(/^No T1c in this study/);
  });

  it('does not hang on a description alone (moderate evidence)', () => {
    const weak = [ds('s1', 'AX T1'), ds('s2', 't2_tse_tra')];
    expect(headerGuess(weak[0]).strength).not.toBe('strong');
    expect(step(weak, state([]), null).next).toEqual(emptyAssignment());
  });

  it('keeps a header-hung series when the pixels agree or are unsure, fills the rest, and moves only on a confident contradiction', () => {
    let { next } = step(study, state([]), null);
    // first looks: s1 agrees, s2 is unsure, s5 is confidently a FLAIR (no T2 viewport free: it stays out)
    ({ next } = step(study, state([entry('s1', 'T1', 0.9, true), entry('s2', 'T1', 0.55, true), entry('s5', 'FLAIR', 0.8, true)]), next));
    expect(next).toEqual({ T1: 's1', T1c: 's3', T2: 's2', DW: 's4' });
    // full results: s2 is a T1 at 0.7 -> out of the T2 viewport, which takes the FLAIR; s3 unknown -> stays
    const r = step(study, state([entry('s1', 'T1', 0.9), entry('s2', 'T1', 0.7), entry('s3', null, 0), entry('s5', 'FLAIR', 0.8)]), next);
    expect(r.next).toEqual({ T1: 's1', T1c: 's3', T2: 's5', DW: 's4' });
    expect(r.moved).toEqual(['T2']);
    expect(r.filled).toEqual([]);
  });

  it('does not replace a shown series by a better candidate that appears later', () => {
    const current: Assignment = { T1: 's1', T1c: null, T2: null, DW: null };
    const r = step(study, state([entry('s1', 'T1', 0.55), entry('s5', 'T1', 0.95)]), current);
    expect(r.next.T1).toBe('s1');
    expect(r.moved).toEqual([]);
  });

  it('fills an empty viewport from a first look only when it is confident', () => {
    const blank = [ds('s1', ''), ds('s2', '')];
    const unsure = step(blank, state([entry('s1', 'T1', DEFAULT_LAYOUT_POLICY.quickFill - 0.05, true)]), null);
    expect(unsure.next.T1).toBeNull();
    const sure = step(blank, state([entry('s1', 'T1', 0.9, true)]), unsure.next);
    expect(sure.next.T1).toBe('s1');
    expect(sure.filled).toEqual(['T1']);
  });

  it('empties a viewport whose series left the study', () => {
    const r = reconcile({ T1: 'gone', T1c: null, T2: null, DW: null }, { slots: { T1: null, T1c: null, T2: null, DW: null } }, new Map(), new Set(['s1']));
    expect(r.next.T1).toBeNull();
    expect(r.moved).toEqual(['T1']);
  });
});

describe('contradicts', () => {
  it('needs a confident label of another viewport; a header or an unknown never contradicts', () => {
    expect(contradicts({ label: 'FLAIR', confidence: 0.9, source: 'pixels' }, 'T2')).toBe(false); // FLAIR belongs in T2
    expect(contradicts({ label: 'T1', confidence: 0.49, source: 'pixels' }, 'T2')).toBe(false);
    expect(contradicts({ label: 'T1', confidence: 0.5, source: 'pixels' }, 'T2')).toBe(true);
    expect(contradicts({ label: 'T1', confidence: 0.7, source: 'quick' }, 'T2')).toBe(false);
    expect(contradicts({ label: 'T1', confidence: 0.8, source: 'quick' }, 'T2')).toBe(true);
    expect(contradicts({ label: 'T1', confidence: 1, source: 'header' }, 'T2')).toBe(false);
    expect(contradicts({ label: null, confidence: 0, source: 'pixels' }, 'T2')).toBe(false);
  });
});
