/** The four viewports of the 2x2 layout and the labels each one takes, in order of preference. */
export const SLOTS = [
  { id: 'T1', labels: ['T1'], title: 'T1' },
  { id: 'T1c', labels: ['T1c'], title: 'T1c' },
  { id: 'T2', labels: ['T2', 'FLAIR'], title: 'T2 (FLAIR if no T2)' },
  { id: 'DW', labels: ['DWI'], title: 'DW' },
] as const;

export type SlotId = (typeof SLOTS)[number]['id'];

export const SLOT_IDS: readonly SlotId[] = SLOTS.map((s) => s.id);

/** How a slot is named to a reader: "T1c", "T2 or FLAIR", "DW". */
export function slotWords(id: SlotId): string {
  return id === 'T2' ? 'T2 or FLAIR' : id;
}
