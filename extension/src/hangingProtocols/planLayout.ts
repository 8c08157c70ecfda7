/**
 * Which series goes to which viewport of the 2x2 layout. The choosing is the study-level decision of
 * the core (core/study/decideStudy.ts, rules at its top: study context, T1 vs T1c together, one
 * series per slot over the whole study, preferences for plane, originals, coverage and traces, and
 * a reason for every empty slot), shared with `mrseq classify`. This file is the glue: display sets
 * in, the slot of each display set out (the hanging protocol matches on it through the custom
 * attribute `mrseqViewport`).
 *
 * A candidate without probabilities (older results, tests) counts as its label at its confidence.
 */
import { decideStudy } from '../core/study/decideStudy';
import type { SeriesFacts } from '../core/study/facts';
import { SLOTS, type SlotId } from '../core/study/slots';
import type { StudyDecision, StudySeriesInput } from '../core/study/types';

export { SLOTS, type SlotId } from '../core/study/slots';

export interface Candidate {
  displaySetInstanceUID: string;
  /** Predicted label; null or undefined when the series has none. */
  label?: string | null;
  confidence?: number | null;
  seriesNumber?: number;
  description?: string;
  /** 'classified', 'unknown', or what keeps the series out ('skipped', 'queued', 'failed', ...). */
  status?: string;
  /** Label probabilities after fusion. */
  probabilities?: Record<string, number> | null;
  facts?: SeriesFacts | null;
  /** ContrastBolusAgent is filled. */
  contrastTag?: boolean;
}

export interface LayoutPlan {
  /** The display set shown in each slot, or null for an empty viewport. */
  slots: Record<SlotId, { displaySetInstanceUID: string; label: string } | null>;
  /** Slot of each hung display set. */
  slotOf: Map<string, SlotId>;
  filled: number;
  /** The whole study-level decision: reasons, empty-slot messages, study-level labels. */
  decision: StudyDecision;
}

function toInput(c: Candidate): StudySeriesInput {
  const probabilities = c.probabilities ?? (c.label ? { [c.label]: c.confidence ?? 1 } : null);
  return {
    id: c.displaySetInstanceUID,
    seriesNumber: c.seriesNumber ?? null,
    description: c.description ?? null,
    status: c.status ?? (c.label ? 'classified' : 'unknown'),
    probabilities,
    facts: c.facts ?? null,
    contrastTag: c.contrastTag,
  };
}

export function planLayout(candidates: readonly Candidate[]): LayoutPlan {
  const decision = decideStudy(candidates.map(toInput));
  const slots = {} as LayoutPlan['slots'];
  const slotOf = new Map<string, SlotId>();
  for (const { id } of SLOTS) {
    const s = decision.slots[id];
    slots[id] = s.seriesId && s.label ? { displaySetInstanceUID: s.seriesId, label: s.label } : null;
    if (s.seriesId) slotOf.set(s.seriesId, id);
  }
  return { slots, slotOf, filled: slotOf.size, decision };
}
