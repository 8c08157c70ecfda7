/**
 * From the layout on screen and a new plan to the next layout, so that what the reader has seen
 * changes as little as possible. Pure. Rules:
 *  - a viewport keeps its series unless newer evidence contradicts it with confidence: a full
 *    classification that puts it elsewhere at policy.move or above, or a first look at
 *    policy.quickMove or above ("unknown" contradicts nothing); a display set that left the study
 *    leaves its viewport;
 *  - an empty viewport (never filled, or emptied by a contradiction) takes the plan's series for it,
 *    unless that series is already shown in another viewport;
 *  - a better candidate for a filled viewport does not replace a series that was not contradicted
 *    (a slot that changes after the reader has started looking is worse than a late one).
 */
import type { Verdict, LayoutPolicy } from './evidence';
import { DEFAULT_LAYOUT_POLICY } from './evidence';
import { SLOTS, type LayoutPlan, type SlotId } from './planLayout';

export type Assignment = Record<SlotId, string | null>;

export interface Reconciled {
  next: Assignment;
  /** Viewports whose series was taken out (replaced or emptied). */
  moved: SlotId[];
  /** Viewports that were empty and now show a series. */
  filled: SlotId[];
}

export function emptyAssignment(): Assignment {
  return Object.fromEntries(SLOTS.map((s) => [s.id, null])) as Assignment;
}

export function filledCount(a: Assignment): number {
  return SLOTS.filter((s) => a[s.id]).length;
}

/** Whether `verdict` says, surely enough, that its series does not belong in `slot`. */
export function contradicts(verdict: Verdict | undefined, slot: SlotId, policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY): boolean {
  if (!verdict?.label || verdict.source === 'header') return false;
  const labels = SLOTS.find((s) => s.id === slot)?.labels as readonly string[];
  if (labels.includes(verdict.label)) return false;
  return verdict.confidence >= (verdict.source === 'pixels' ? policy.move : policy.quickMove);
}

export function reconcile(
  current: Assignment | null,
  plan: Pick<LayoutPlan, 'slots'>,
  verdicts: ReadonlyMap<string, Verdict>,
  present: ReadonlySet<string>,
  policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
): Reconciled {
  const next = emptyAssignment();
  const moved: SlotId[] = [];
  const filled: SlotId[] = [];
  for (const { id } of SLOTS) {
    const uid = current?.[id] ?? null;
    if (!uid) continue;
    if (!present.has(uid) || contradicts(verdicts.get(uid), id, policy)) moved.push(id);
    else next[id] = uid;
  }
  const shown = new Set(Object.values(next).filter((u): u is string => !!u));
  for (const { id } of SLOTS) {
    if (next[id]) continue;
    const uid = plan.slots[id]?.displaySetInstanceUID;
    if (!uid || shown.has(uid) || !present.has(uid)) continue;
    next[id] = uid;
    shown.add(uid);
    if (!current?.[id]) filled.push(id);
  }
  return { next, moved, filled };
}
