/**
 * The viewports of the 2x2 that belong to the reader: filled with "hang here" (pin), or changed in
 * the viewer without the layout asking (a series dragged onto it, a thumbnail; seen by observe()).
 * The layout controller never changes them automatically and plans the others around them (keep()).
 */
import { SLOTS, type SlotId } from './planLayout';
import type { Assignment, Reconciled } from './reconcile';

export class ReaderViewports {
  private readonly pinned = new Set<SlotId>();
  /**
   * Viewports the viewer has been seen showing what the controller gave them since its last change
   * to them: a different series there afterwards was put there by the reader, not an answer to the
   * controller still on its way (OHIF's grid state reports a change a render later).
   */
  private readonly confirmed = new Set<SlotId>();

  /** The reader filled this viewport; `shownNow`: the viewer already shows it there. */
  pin(slot: SlotId, shownNow: boolean): void {
    this.pinned.add(slot);
    if (!shownNow) this.confirmed.delete(slot);
  }

  /** The controller is about to change these viewports itself (all of them without `slots`: a new hanging). */
  changing(slots?: readonly SlotId[]): void {
    if (!slots) this.confirmed.clear();
    else slots.forEach((slot) => this.confirmed.delete(slot));
  }

  /**
   * What the viewer shows (`shownIn`: null empty, undefined unknown) against what the controller
   * gave it: the viewports the reader changed, with what they show now.
   */
  observe(given: Assignment, shownIn: (slot: SlotId) => string | null | undefined): Array<{ slot: SlotId; shown: string | null }> {
    const changed: Array<{ slot: SlotId; shown: string | null }> = [];
    for (const { id } of SLOTS) {
      const shown = shownIn(id);
      if (shown === undefined) continue;
      if (shown === given[id]) this.confirmed.add(id);
      else if (this.confirmed.has(id)) changed.push({ slot: id, shown });
    }
    return changed;
  }

  /** The reader's viewports of `kept` stay as the reader left them in the plan `r` made from `current`. */
  keep(kept: Assignment | null, current: Assignment | null, r: Reconciled): Reconciled {
    if (!this.pinned.size || !kept) return r;
    const next = { ...r.next };
    for (const slot of this.pinned) next[slot] = kept[slot];
    // a series the reader hung is not also put in another viewport
    const theirs = new Set([...this.pinned].map((slot) => kept[slot]));
    const doubled = SLOTS.filter((s) => !this.pinned.has(s.id) && next[s.id] && theirs.has(next[s.id]) && current?.[s.id] !== next[s.id]).map((s) => s.id);
    for (const slot of doubled) next[slot] = null;
    const mine = (slot: SlotId) => !this.pinned.has(slot) && !doubled.includes(slot);
    return { next, moved: r.moved.filter((s) => !this.pinned.has(s)), filled: r.filled.filter(mine) };
  }

  /** Forget the pins (the reader's arrange command), returning them in case nothing can be hung. */
  release(): SlotId[] {
    const slots = [...this.pinned];
    this.pinned.clear();
    return slots;
  }

  restore(slots: readonly SlotId[]): void {
    slots.forEach((slot) => this.pinned.add(slot));
  }

  clear(): void {
    this.pinned.clear();
    this.confirmed.clear();
  }
}
