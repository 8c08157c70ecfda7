/**
 * @jest-environment jsdom
 */
import { planLayout } from '../hangingProtocols/planLayout';
import { EMPTY_NOTE_CLASS, EmptySlotNotes } from './EmptySlotNotes';

const IDS = ['mrseq-T1', 'mrseq-T1c', 'mrseq-T2', 'mrseq-DW'];

/** OHIF's grid as it is drawn: panes in the order of the grid's viewports, empty ones with no id. */
function drawGrid(): HTMLElement[] {
  document.body.innerHTML = `<div data-cy="viewport-grid">${IDS.map(() => '<div><div data-cy="viewport-pane"></div></div>').join('')}</div>`;
  return Array.from(document.querySelectorAll('[data-cy="viewport-pane"]')) as HTMLElement[];
}

describe('EmptySlotNotes', () => {
  it('writes the reason into each empty pane and removes it once the pane shows a series', () => {
    const panes = drawGrid();
    const filled: Record<string, string[]> = { 'mrseq-T1': ['a'] };
    const services = {
      viewportGridService: {
        EVENTS: {},
        getState: () => ({ viewports: new Map(IDS.map((id) => [id, { displaySetInstanceUIDs: filled[id] ?? [] }])) }),
      },
    };
    const plan = planLayout([{ displaySetInstanceUID: 'a', label: 'T1', confidence: 0.9 }]);
    const notes = new EmptySlotNotes(services, () => plan);
    notes.render(document);
    const texts = panes.map((p) => p.querySelector(`.${EMPTY_NOTE_CLASS}`)?.textContent ?? null);
    expect(texts).toEqual([null, 'T1c: No T1c in this study', 'T2: No T2 or FLAIR in this study', 'DW: No DW in this study']);
    const note = panes[1].querySelector(`.${EMPTY_NOTE_CLASS}`) as HTMLElement;
    expect(note.dataset).toMatchObject({ slot: 'T1c', testid: 'mrseq-empty-slot' });
    expect(note.style.pointerEvents).toBe('none');

    filled['mrseq-T1c'] = ['dropped'];
    notes.render(document);
    expect(panes[1].querySelector(`.${EMPTY_NOTE_CLASS}`)).toBeNull();
    expect(document.querySelectorAll(`.${EMPTY_NOTE_CLASS}`)).toHaveLength(2);
    notes.stop();
    expect(document.querySelectorAll(`.${EMPTY_NOTE_CLASS}`)).toHaveLength(0);
  });
});
