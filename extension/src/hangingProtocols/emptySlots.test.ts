import { emptySlots, notesFor } from './emptySlots';
import { planLayout } from './planLayout';

const p = (top: string, v: number, rest: Record<string, number> = {}) => ({ T1: 0, T1c: 0, T2: 0, FLAIR: 0, DWI: 0, ADC: 0, OTHER: 0, ...rest, [top]: v });
const plan = planLayout([
  { displaySetInstanceUID: 't1', seriesNumber: 3, status: 'classified', probabilities: p('T1', 0.9) },
  { displaySetInstanceUID: 'unsure', seriesNumber: 7, status: 'unknown', probabilities: p('T1c', 0.45, { T2: 0.4 }) },
  { displaySetInstanceUID: 't2', seriesNumber: 2, status: 'classified', probabilities: p('T2', 0.8) },
]);
const grid = (filled: Record<string, string[]>) => ({
  viewports: new Map(['mrseq-T1', 'mrseq-T1c', 'mrseq-T2', 'mrseq-DW'].map((id) => [id, { displaySetInstanceUIDs: filled[id] ?? [] }])),
});

describe('empty viewports', () => {
  it('say why they are empty and offer the best candidate', () => {
    expect(emptySlots(plan)).toEqual([
      {
        slot: 'T1c',
        viewportId: 'mrseq-T1c',
        message: 'Not sure: #7 looks T1c (45%)',
        candidate: { displaySetInstanceUID: 'unsure', name: '#7', label: 'T1c', probability: 0.45 },
      },
      { slot: 'DW', viewportId: 'mrseq-DW', message: 'No DW in this study', candidate: null },
    ]);
  });

  it('get a note in their pane, by grid order, until the reader fills them', () => {
    const notes = notesFor(grid({ 'mrseq-T1': ['t1'], 'mrseq-T2': ['t2'] }), plan);
    expect(notes.map((n) => [n.slot, n.pane])).toEqual([
      ['T1c', 1],
      ['DW', 3],
    ]);
    expect(notesFor(grid({ 'mrseq-T1c': ['unsure'] }), plan).map((n) => n.slot)).toEqual(['DW']);
    expect(notesFor({ viewports: new Map([['default', {}]]) }, plan)).toEqual([]);
    expect(notesFor(undefined, plan)).toEqual([]);
  });
});
