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
