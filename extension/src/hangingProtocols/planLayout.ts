/**
 * Which series goes to which viewport of the 2x2 layout, from the predictions. Pure: the hanging
 * protocol matches on the slot this returns (custom attribute `mrseqViewport`), so all the choosing
 * is here and tested. Rules:
 *  - a slot takes a series whose predicted label is one of its labels, earlier labels first
 *    (the T2 slot shows FLAIR only when there is no T2);
 *  - among equals, the higher confidence, then the lower series number;
 *  - a slot with no such series stays empty (an empty viewport, never a wrong series);
 *  - series without a confident label (unknown, skipped, failed) are never hung.
 */
export const SLOTS = [
  { id: 'T1', labels: ['T1'], title: 'T1' },
  { id: 'T1c', labels: ['T1c'], title: 'T1c' },
  { id: 'T2', labels: ['T2', 'FLAIR'], title: 'T2 (FLAIR if no T2)' },
  { id: 'DW', labels: ['DWI'], title: 'DW' },
] as const;

export type SlotId = (typeof SLOTS)[number]['id'];

export interface Candidate {
  displaySetInstanceUID: string;
  /** Predicted label; null or undefined when the series has none. */
  label?: string | null;
  confidence?: number | null;
  seriesNumber?: number;
}

export interface LayoutPlan {
  /** The display set shown in each slot, or null for an empty viewport. */
  slots: Record<SlotId, { displaySetInstanceUID: string; label: string } | null>;
  /** Slot of each hung display set. */
  slotOf: Map<string, SlotId>;
  filled: number;
}

export function planLayout(candidates: readonly Candidate[]): LayoutPlan {
  const slots = {} as LayoutPlan['slots'];
  const slotOf = new Map<string, SlotId>();
  for (const slot of SLOTS) {
    let best: Candidate | null = null;
    let bestRank = Infinity;
    for (const c of candidates) {
      if (!c.label || slotOf.has(c.displaySetInstanceUID)) continue;
      const rank = (slot.labels as readonly string[]).indexOf(c.label);
      if (rank < 0) continue;
      const better =
        rank < bestRank ||
        (rank === bestRank &&
          best !== null &&
          ((c.confidence ?? 0) > (best.confidence ?? 0) ||
            ((c.confidence ?? 0) === (best.confidence ?? 0) && (c.seriesNumber ?? Infinity) < (best.seriesNumber ?? Infinity))));
      if (better) {
        best = c;
        bestRank = rank;
      }
    }
    slots[slot.id] = best ? { displaySetInstanceUID: best.displaySetInstanceUID, label: best.label as string } : null;
    if (best) slotOf.set(best.displaySetInstanceUID, slot.id);
  }
  return { slots, slotOf, filled: slotOf.size };
}
