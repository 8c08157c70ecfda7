/**
 * The custom attributes the protocol matches on, registered with
 * `hangingProtocolService.addCustomAttribute`:
 *  - mrseqSequence: the predicted sequence of a display set (e.g. 'T2'), for any protocol to use;
 *  - mrseqViewport: the 2x2 slot it is shown in ('T1' | 'T1c' | 'T2' | 'DW'), or undefined: the
 *    layout controller's (layoutController.ts: provisional from the header, then the pixels'), or
 *    without it the study-level decision over the current predictions (planLayout.ts over
 *    core/study/decideStudy.ts).
 */
import type { ClassifierState } from '../services/types';
import { SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE } from './brainMR2x2';
import { entryCandidate } from './evidence';
import { planLayout, type LayoutPlan, type SlotId } from './planLayout';

export interface HangingProtocolServiceLike {
  addCustomAttribute(id: string, name: string, callback: (displaySet: { displaySetInstanceUID: string }) => unknown): void;
}

export interface LabelSource {
  getState(): ClassifierState;
  getLabel(displaySetInstanceUID: string): string | undefined;
}

/** The plan for the current predictions (recomputed only when the state changes). */
export function planFor(service: LabelSource): LayoutPlan {
  const state = service.getState();
  let plan = plans.get(state);
  if (!plan) {
    plan = planLayout(state.series.map((e) => entryCandidate(e, service.getLabel(e.displaySetInstanceUID))));
    plans.set(state, plan);
  }
  return plan;
}
const plans = new WeakMap<ClassifierState, LayoutPlan>();

/**
 * `slotOf`: the slot a display set is shown in (the runtime's layout controller: provisional from the
 * header, then the pixels'); without it, the plan of the current predictions.
 */
export function registerCustomAttributes(hps: HangingProtocolServiceLike, service: LabelSource, slotOf?: (displaySetInstanceUID: string) => SlotId | undefined): void {
  hps.addCustomAttribute(SEQUENCE_ATTRIBUTE, 'Predicted MR sequence (mrseq)', (ds) => service.getLabel(ds.displaySetInstanceUID));
  hps.addCustomAttribute(VIEWPORT_ATTRIBUTE, 'mrseq 2x2 viewport', (ds) => (slotOf ? slotOf(ds.displaySetInstanceUID) : planFor(service).slotOf.get(ds.displaySetInstanceUID)));
}
