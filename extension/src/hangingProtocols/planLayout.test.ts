import { studyFacts } from '../testing/studyFacts';
import { planLayout, type Candidate } from './planLayout';

const c = (uid: string, label: string | null, confidence = 0.9, seriesNumber?: number): Candidate => ({
  displaySetInstanceUID: uid,
  label,
  confidence,
  seriesNumber,
});

const uids = (plan: ReturnType<typeof planLayout>) =>
  Object.fromEntries(Object.entries(plan.slots).map(([k, v]) => [k, v?.displaySetInstanceUID ?? null]));

describe('planLayout', () => {
  it('puts each predicted sequence in its viewport whatever the series order', () => {
    const plan = planLayout([c('dw', 'DWI'), c('t2', 'T2'), c('t1c', 'T1c'), c('t1', 'T1'), c('adc', 'ADC'), c('loc', 'OTHER')]);
    expect(uids(plan)).toEqual({ T1: 't1', T1c: 't1c', T2: 't2', DW: 'dw' });
    expect(plan.filled).toBe(4);
    expect(plan.slotOf.get('adc')).toBeUndefined();
  });

  it('shows FLAIR in the T2 viewport only when there is no T2', () => {
    expect(uids(planLayout([c('fl', 'FLAIR', 0.99), c('t2', 'T2', 0.6)])).T2).toBe('t2');
    const plan = planLayout([c('fl', 'FLAIR', 0.7), c('t1', 'T1')]);
    expect(plan.slots.T2).toEqual({ displaySetInstanceUID: 'fl', label: 'FLAIR' });
  });

  it('leaves a viewport empty rather than showing a wrong or unknown series', () => {
    const plan = planLayout([c('t1', 'T1'), c('u', null), c('x', 'OTHER')]);
    expect(uids(plan)).toEqual({ T1: 't1', T1c: null, T2: null, DW: null });
    expect(plan.filled).toBe(1);
    expect(planLayout([c('u', null)]).filled).toBe(0);
  });

  it('picks the more confident of two series with the same label, then the lower series number', () => {
    expect(uids(planLayout([c('a', 'T1', 0.7, 1), c('b', 'T1', 0.95, 2)])).T1).toBe('b');
    expect(uids(planLayout([c('a', 'T1', 0.8, 5), c('b', 'T1', 0.8, 2)])).T1).toBe('b');
  });
});

describe('planLayout over the study-level decision', () => {
  const facts = (plane: 'axial' | 'sagittal') => studyFacts({ studyInstanceUID: '1.2', plane, slices: 20, coverageMm: 120 });
  const p = (top: string, v: number) => ({ T1: 0.02, T1c: 0.02, T2: 0.02, FLAIR: 0.02, DWI: 0.02, ADC: 0.02, OTHER: 0.02, [top]: v });

  it('passes probabilities and facts to the core: of two T1c planes the axial one hangs', () => {
    const plan = planLayout([
      { displaySetInstanceUID: 'sag', seriesNumber: 5, status: 'classified', probabilities: p('T1c', 0.9), facts: facts('sagittal') },
      { displaySetInstanceUID: 'ax', seriesNumber: 6, status: 'classified', probabilities: p('T1c', 0.85), facts: facts('axial') },
    ]);
    expect(plan.slots.T1c).toEqual({ displaySetInstanceUID: 'ax', label: 'T1c' });
    expect(plan.decision.slots.T1c.reasons.join(' ')).toContain('chosen over #5');
  });

  it('does not hang a label below the hang threshold, and keeps series still running out', () => {
    const plan = planLayout([
      { displaySetInstanceUID: 'weak', label: 'T1c', confidence: 0.45, seriesNumber: 7 },
      { displaySetInstanceUID: 'busy', status: 'classifying', probabilities: p('T2', 0.9) },
    ]);
    expect(plan.filled).toBe(0);
    expect(plan.decision.slots.T1c.message).toBe('Not sure: #7 looks T1c (45%)');
    expect(plan.decision.slots.T2.message).toBe('No T2 or FLAIR in this study');
  });
});
