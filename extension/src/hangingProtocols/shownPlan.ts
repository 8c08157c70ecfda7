/**
 * The plan as the reader sees it: the study-level decision (reasons, empty-slot messages) with the
 * viewports as the layout controller filled them (which may keep a series the latest decision would
 * place elsewhere, or hold one the reader hung). Pure; the panel and the empty-viewport notes use it.
 *  - a viewport that shows a series has no empty-slot message;
 *  - while the study is still being classified no viewport is said to be empty ("No T1c in this
 *    study" would be premature while the pixels of some series are still to come).
 */
import { SLOTS } from '../core/study/slots';
import type { ClassifierState } from '../services/types';
import { planFor, type LabelSource } from './customAttributes';
import type { LayoutPlan } from './planLayout';
import type { Assignment } from './reconcile';

export function shownPlan(plan: LayoutPlan, shown: Assignment | null, settled: boolean): LayoutPlan {
  const slots = { ...plan.slots };
  const decisionSlots = { ...plan.decision.slots };
  const slotOf = shown ? new Map<string, (typeof SLOTS)[number]['id']>() : new Map(plan.slotOf);
  for (const { id } of SLOTS) {
    if (shown) {
      const uid = shown[id];
      const label = plan.slots[id]?.displaySetInstanceUID === uid ? plan.slots[id]!.label : plan.decision.series.find((s) => s.id === uid)?.label;
      slots[id] = uid ? { displaySetInstanceUID: uid, label: label ?? id } : null;
      if (uid) slotOf.set(uid, id);
    }
    const filled = !!slots[id];
    if ((filled || !settled) && decisionSlots[id].message) decisionSlots[id] = { ...decisionSlots[id], message: null, candidate: null };
  }
  return { slots, slotOf, filled: slotOf.size, decision: { ...plan.decision, slots: decisionSlots } };
}

/** Nothing of the study is still being classified (and no model is loading). */
export function settled(state: ClassifierState): boolean {
  return state.run.state !== 'running' && state.model.state !== 'loading';
}

export interface ShownLayout {
  decision(): LayoutPlan;
  current(): Assignment;
  isShown(): boolean;
}

/** The plan the panel and the notes show: the layout controller's when there is one, else the predictions'. */
export function planOnScreen(service: LabelSource, layout?: ShownLayout): LayoutPlan {
  return shownPlan(layout ? layout.decision() : planFor(service), layout?.isShown() ? layout.current() : null, settled(service.getState()));
}
