/**
 * A short note inside each empty viewport of the mrseq 2x2 layout, saying why it is empty
 * ("No T1c in this study", "Not sure: #7 looks T1c (45%)"; hangingProtocols/emptySlots.ts). OHIF
 * draws an empty viewport as a bare pane with no id, so the pane is found by its place in the grid
 * (`[data-cy="viewport-pane"]` in the order of the grid's viewports). The note never takes pointer
 * events, and goes as soon as the viewport shows something.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- OHIF services are untyped at this boundary */
import { notesFor } from '../hangingProtocols/emptySlots';
import type { LayoutPlan } from '../hangingProtocols/planLayout';

export const EMPTY_NOTE_CLASS = 'mrseq-empty-slot';

/** Re-draw a little later too: the grid's DOM follows its state events. */
const LATER_MS = [150, 600, 1500];

export class EmptySlotNotes {
  private readonly subscriptions: Array<{ unsubscribe(): void }> = [];
  private timers: Array<ReturnType<typeof setTimeout>> = [];

  constructor(
    private readonly services: Record<string, any>,
    private readonly plan: () => LayoutPlan | undefined,
    /** Other things to follow (the classifier's state): each subscribes a callback. */
    private readonly changes: Array<(cb: () => void) => { unsubscribe(): void }> = [],
  ) {}

  start(): void {
    const { viewportGridService } = this.services;
    const again = () => this.renderSoon();
    const grid = viewportGridService?.EVENTS ?? {};
    for (const e of [grid.GRID_STATE_CHANGED, grid.LAYOUT_CHANGED, grid.VIEWPORTS_READY]) {
      if (e) this.subscriptions.push(viewportGridService.subscribe(e, again));
    }
    for (const follow of this.changes) this.subscriptions.push(follow(again));
    this.renderSoon();
  }

  stop(): void {
    this.subscriptions.splice(0).forEach((s) => s.unsubscribe());
    this.timers.forEach(clearTimeout);
    this.timers = [];
    if (typeof document !== 'undefined') document.querySelectorAll(`.${EMPTY_NOTE_CLASS}`).forEach((n) => n.remove());
  }

  private renderSoon(): void {
    this.render();
    this.timers.forEach(clearTimeout);
    this.timers = LATER_MS.map((ms) => setTimeout(() => this.render(), ms));
  }

  render(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): void {
    if (!doc) return;
    const notes = notesFor(this.services.viewportGridService?.getState?.(), this.plan());
    const panes = Array.from(doc.querySelectorAll('[data-cy="viewport-grid"] [data-cy="viewport-pane"]')) as HTMLElement[];
    const keep = new Set<Element>();
    for (const n of notes) {
      const pane = panes[n.pane];
      if (!pane) continue;
      let el = pane.querySelector(`.${EMPTY_NOTE_CLASS}`) as HTMLElement | null;
      if (!el) {
        el = doc.createElement('div');
        el.className = EMPTY_NOTE_CLASS;
        el.setAttribute('role', 'note');
        el.dataset.testid = 'mrseq-empty-slot';
        Object.assign(el.style, {
          position: 'absolute',
          inset: '0',
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          justifyContent: 'center',
          gap: '6px',
          padding: '12px',
          textAlign: 'center',
          color: '#c8cfdd',
          fontSize: '14px',
          pointerEvents: 'none',
          zIndex: '2',
        });
        if (getComputedStyle(pane).position === 'static') pane.style.position = 'relative';
        pane.appendChild(el);
      }
      el.dataset.slot = n.slot;
      const hint = n.candidate ? 'The mrseq panel can hang it here.' : '';
      if (el.dataset.text !== `${n.message}|${hint}`) {
        el.dataset.text = `${n.message}|${hint}`;
        el.replaceChildren(
          Object.assign(doc.createElement('div'), { textContent: `${n.slot}: ${n.message}` }),
          ...(hint ? [Object.assign(doc.createElement('div'), { textContent: hint, style: 'font-size:12px;color:#8f9bb3' })] : []),
        );
      }
      keep.add(el);
    }
    doc.querySelectorAll(`.${EMPTY_NOTE_CLASS}`).forEach((el) => {
      if (!keep.has(el)) el.remove();
    });
  }
}
