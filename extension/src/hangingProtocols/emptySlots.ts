/**
 * What the reader is told about the 2x2 viewports that stay empty, from the study-level decision:
 * the viewport's own note ("No T1c in this study", "Not sure: #7 looks T1c (45%)") and, in the
 * panel, the best candidate to hang there with one click. Pure: the DOM glue is in
 * overlays/EmptySlotNotes.ts, the panel's component in panels/EmptySlots.tsx.
 */
import { SLOTS, type SlotId } from '../core/study/slots';
import { viewportId } from './brainMR2x2';
import type { LayoutPlan } from './planLayout';

export interface EmptySlot {
  slot: SlotId;
  viewportId: string;
  message: string;
  /** The series the panel offers for this viewport. */
  candidate: { displaySetInstanceUID: string; name: string; label: string; probability: number } | null;
}

/** The empty slots of a plan, in slot order. */
export function emptySlots(plan: LayoutPlan | undefined): EmptySlot[] {
  if (!plan) return [];
  return SLOTS.flatMap(({ id }) => {
    const s = plan.decision.slots[id];
    if (s.seriesId || !s.message) return [];
    const c = s.candidate;
    return [{ slot: id, viewportId: viewportId(id), message: s.message, candidate: c && { displaySetInstanceUID: c.id, name: c.name, label: c.label, probability: c.probability } }];
  });
}

export interface GridLike {
  viewports?: { keys(): Iterable<string>; get(id: string): { displaySetInstanceUIDs?: string[] } | undefined };
}

/**
 * The notes to show: one per mrseq viewport that the grid has and that shows nothing, with its pane
 * index (OHIF draws the panes in the order of the grid's viewports). A viewport the reader filled
 * (drag and drop, "hang here") gets no note.
 */
export function notesFor(grid: GridLike | undefined, plan: LayoutPlan | undefined): Array<EmptySlot & { pane: number }> {
  const ids = grid?.viewports ? [...grid.viewports.keys()] : [];
  return emptySlots(plan).flatMap((e) => {
    const pane = ids.indexOf(e.viewportId);
    if (pane < 0 || grid?.viewports?.get(e.viewportId)?.displaySetInstanceUIDs?.length) return [];
    return [{ ...e, pane }];
  });
}
