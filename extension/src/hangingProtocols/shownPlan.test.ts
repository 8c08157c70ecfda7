import { emptySlots } from './emptySlots';
import { planLayout } from './planLayout';
import { planOnScreen, settled, shownPlan } from './shownPlan';
import type { ClassifierState } from '../services/types';

const p = (top: string, v: number, rest: Record<string, number> = {}) => ({ T1: 0, T1c: 0, T2: 0, FLAIR: 0, DWI: 0, ADC: 0, OTHER: 0, ...rest, [top]: v });
const plan = planLayout([
  { displaySetInstanceUID: 't1', seriesNumber: 3, status: 'classified', probabilities: p('T1', 0.9) },
  { displaySetInstanceUID: 'unsure', seriesNumber: 7, status: 'unknown', probabilities: p('T1c', 0.45, { T2: 0.4 }) },
  { displaySetInstanceUID: 't2', seriesNumber: 2, status: 'classified', probabilities: p('T2', 0.8) },
]);
const state = (run: ClassifierState['run']['state']): ClassifierState => ({ model: { state: 'idle' }, run: { state: run, done: 0, total: 0 }, series: [] });

describe('the plan as the reader sees it', () => {
  it('takes the viewports from what is on screen and drops the empty-slot message of a filled one', () => {
    const shown = shownPlan(plan, { T1: 't1', T1c: 'unsure', T2: null, DW: null }, true);
    expect(shown.slotOf).toEqual(new Map([['t1', 'T1'], ['unsure', 'T1c']]));
    expect(shown.slots.T2).toBeNull(); // the decision would hang t2 there, but the screen does not show it
    expect(emptySlots(shown).map((e) => e.slot)).toEqual(['DW']);
    expect(shown.filled).toBe(2);
  });

  it('says no viewport is empty while the study is still being classified', () => {
    expect(emptySlots(shownPlan(plan, null, false))).toEqual([]);
    expect(emptySlots(shownPlan(plan, null, true)).map((e) => e.slot)).toEqual(['T1c', 'DW']);
    expect(settled(state('running'))).toBe(false);
    expect(settled(state('done'))).toBe(true);
  });

  it('uses the layout controller when there is one, and the screen only while its 2x2 is shown', () => {
    const service = { getState: () => state('done'), getLabel: () => undefined };
    const layout = { decision: () => plan, current: () => ({ T1: 't1', T1c: null, T2: null, DW: null }), isShown: () => false };
    expect(planOnScreen(service, layout).slotOf).toEqual(plan.slotOf);
    expect(planOnScreen(service, { ...layout, isShown: () => true }).slotOf).toEqual(new Map([['t1', 'T1']]));
    expect(planOnScreen(service).filled).toBe(0); // no layout controller: the predictions' plan (none here)
  });
});
