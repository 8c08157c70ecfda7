/**
 * The 2x2 layout over the life of a study, as the reader sees it: provisional from strong header
 * evidence as soon as the series metadata is in (OHIF's own first hanging of the mrseq protocol asks
 * slotOf(), before any image is drawn), then filled by first looks and full classifications, a shown
 * series leaving its viewport only when the pixels contradict it with confidence (reconcile.ts).
 *
 * Changing the contents of some viewports does not re-run the hanging protocol: only those viewports
 * are given their new display set (host.setSlots). The protocol is run (host.hang) once, when the 2x2
 * is not on screen yet and a viewport can be filled, and again only on the reader's command
 * (arrangeNow). A reader who replaced the 2x2 with another layout is not overruled: automatic
 * changes stop until the command or the next study; a viewport the reader filled ("hang here",
 * pin(), or a series dragged onto it or put there any other way the controller did not ask for:
 * noticeReader()) keeps its series. The planner is planLayout (the study-level decision, decideStudy) at
 * every step, header-only evidence included: the controller only feeds it the evidence of the moment
 * (evidence.ts).
 */
import type { MetadataGuess } from '../core/metadata/metadataSignal';
import type { SeriesFacts } from '../core/study/facts';
import { UNFINISHED, type ClassifierState, type DisplaySetLike } from '../services/types';
import { DEFAULT_LAYOUT_POLICY, headerGuess, layoutInputs, type LayoutPolicy } from './evidence';
import { headerFacts } from './headerFacts';
import { planLayout, SLOTS, type LayoutPlan, type SlotId } from './planLayout';
import { ReaderViewports } from './readerViewports';
import { emptyAssignment, filledCount, reconcile, type Assignment, type Reconciled } from './reconcile';

export interface SlotChange {
  slot: SlotId;
  /** null: empty the viewport. */
  displaySetInstanceUID: string | null;
}

/** What the controller needs of the viewer (OHIF services in the runtime, fakes in tests). */
export interface LayoutHost {
  /** The display sets of the open study. */
  displaySets(): DisplaySetLike[];
  /** The mrseq 2x2 is what the viewport grid shows now. */
  showing(): boolean;
  /** A hanging protocol has been applied to the open study (OHIF's own first hanging is done). */
  protocolApplied(): boolean;
  /** Run the mrseq protocol afresh; its custom attribute reads slotOf(). */
  hang(): void;
  /** Give these viewports of the 2x2 their new display set, and leave the others alone. */
  setSlots(changes: SlotChange[]): void;
  /**
   * The display set a viewport of the 2x2 shows now (null: empty; undefined: no such viewport, or
   * not known). The viewer may report a change the controller asked for a little later.
   */
  shownIn?(slot: SlotId): string | null | undefined;
}

export interface LayoutChange {
  how: 'hung' | 'updated';
  assignment: Assignment;
  moved: SlotId[];
  filled: SlotId[];
}

export class LayoutController {
  /** What the 2x2 shows (or is about to show); null before the first plan of the study. */
  private assignment: Assignment | null = null;
  private hung = false;
  private readerTookOver = false;
  private scheduled: ReturnType<typeof setTimeout> | null = null;
  /** When the first fill now waiting for other series' results was held (policy.holdFillsMs). */
  private heldSince: number | null = null;
  private readonly headers = new Map<string, MetadataGuess>();
  private readonly facts = new Map<string, SeriesFacts>();
  /** Viewports the reader filled: never changed automatically. */
  private readonly reader = new ReaderViewports();
  private lastPlan: { plan: LayoutPlan; state: ClassifierState } | null = null;
  private readonly listeners = new Set<(change: LayoutChange) => void>();
  /** Automatic arrangement (the mode's autoArrange); the reader's command works either way. */
  enabled = true;

  constructor(
    private readonly host: LayoutHost,
    private readonly classifier: { getState(): ClassifierState },
    private readonly policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
    private readonly labels: () => readonly string[] = () => [],
  ) {}

  private header = (ds: DisplaySetLike): MetadataGuess => {
    let g = this.headers.get(ds.displaySetInstanceUID);
    if (!g) this.headers.set(ds.displaySetInstanceUID, (g = headerGuess(ds, this.labels())));
    return g;
  };

  private headerFacts = (ds: DisplaySetLike): SeriesFacts => {
    let f = this.facts.get(ds.displaySetInstanceUID);
    if (!f) this.facts.set(ds.displaySetInstanceUID, (f = headerFacts(ds)));
    return f;
  };

  private inputs(state: ClassifierState) {
    const inputs = layoutInputs(this.host.displaySets(), state, this.header, this.policy, this.headerFacts, this.labels());
    const plan = planLayout(inputs.candidates);
    this.lastPlan = { plan, state };
    return { inputs, plan };
  }

  private plan(current: Assignment | null): Reconciled {
    const { inputs, plan } = this.inputs(this.classifier.getState());
    // the pixels' verdict is the study-level one (study context, T1 vs T1c compared)
    for (const d of plan.decision.series) {
      const v = inputs.verdicts.get(d.id);
      if (v?.source === 'pixels' && v.label && d.label) inputs.verdicts.set(d.id, { ...v, label: d.label, confidence: d.probability ?? v.confidence });
    }
    const r = reconcile(current, plan, inputs.verdicts, inputs.present, this.policy);
    // the reader's viewports stay as the reader left them
    return this.reader.keep(current ?? this.assignment, current, r);
  }

  /** The study-level decision for the evidence now (header, first looks, full results), as the layout is planned. */
  decision(): LayoutPlan {
    const state = this.classifier.getState();
    return this.lastPlan?.state === state ? this.lastPlan.plan : this.inputs(state).plan;
  }

  /** The slot of a display set (the protocol's custom attribute). Planned now if OHIF asks first. */
  slotOf(displaySetInstanceUID: string): SlotId | undefined {
    if (!this.assignment && this.enabled) this.assignment = this.plan(null).next;
    const a = this.assignment;
    return a ? SLOTS.find((s) => a[s.id] === displaySetInstanceUID)?.id : undefined;
  }

  /** The 2x2 this controller hung (or OHIF hung from its plan) is on screen. */
  isShown(): boolean {
    return this.hung && this.host.showing();
  }

  /** What each viewport shows (all empty before the first plan). */
  current(): Assignment {
    return this.assignment ?? emptyAssignment();
  }

  subscribe(listener: (change: LayoutChange) => void): { unsubscribe(): void } {
    this.listeners.add(listener);
    return { unsubscribe: () => this.listeners.delete(listener) };
  }

  /** Display sets or results changed: update soon (many changes in a row cost one update). */
  schedule(delayMs = 0): void {
    if (this.scheduled !== null) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      this.update();
    }, delayMs);
  }

  /**
   * True when fills only (`onlyFills`) should wait for other series' first results (policy.holdFillsMs,
   * counted from the first fill held); an update is then scheduled for when the wait ends.
   */
  private holdFills(onlyFills: boolean): boolean {
    const hold = this.policy.holdFillsMs ?? 0;
    const waiting = () => this.classifier.getState().series.some((e) => !e.result && UNFINISHED.has(e.status));
    if (hold <= 0 || !onlyFills || !waiting()) {
      this.heldSince = null;
      return false;
    }
    const now = Date.now();
    this.heldSince ??= now;
    const left = this.heldSince + hold - now;
    if (left <= 0) {
      this.heldSince = null;
      return false;
    }
    this.schedule(left);
    return true;
  }

  /** Bring the layout up to date with the evidence now. */
  update(): void {
    if (!this.enabled || this.readerTookOver || !this.host.protocolApplied()) return;
    const showing = this.host.showing();
    if (!showing) {
      if (this.hung) {
        this.readerTookOver = true;
        return;
      }
      const r = this.plan(null);
      if (filledCount(r.next) > 0) this.hangNow(r);
      return;
    }
    if (!this.hung && filledCount(this.current()) === 0) {
      // OHIF's first hanging takes the protocol's first stage even with no viewport matched (an empty
      // 2x2): until a viewport can be filled, run the protocol again, which then picks the waiting stage
      const r = this.plan(null);
      if (filledCount(r.next) === 0) {
        this.host.hang();
        return;
      }
    }
    this.hung = true;
    this.noticeReader();
    const before = this.current();
    const r = this.plan(before);
    const changes = SLOTS.filter((s) => r.next[s.id] !== before[s.id]).map((s) => ({ slot: s.id, displaySetInstanceUID: r.next[s.id] }));
    if (!changes.length) return;
    if (this.holdFills(changes.every((c) => before[c.slot] === null))) return;
    this.assignment = r.next;
    this.reader.changing(changes.map((c) => c.slot));
    this.host.setSlots(changes);
    this.emit({ how: 'updated', assignment: r.next, moved: r.moved, filled: r.filled });
  }

  /**
   * The reader put a series in a viewport of the 2x2 ("hang here"): remember it, and never change
   * that viewport automatically (until the reader's arrange command or the next study).
   */
  pin(slot: SlotId, displaySetInstanceUID: string | null): void {
    this.assignment = { ...this.current(), [slot]: displaySetInstanceUID };
    this.reader.pin(slot, this.host.shownIn?.(slot) === displaySetInstanceUID);
    this.readerTookOver = false;
    // not on screen: the 2x2 is hung afresh (by "hang here" or the next update) with this viewport kept
    if (!this.host.showing()) this.hung = false;
    this.emit({ how: 'updated', assignment: this.assignment, moved: [], filled: [slot] });
  }

  /**
   * Compare what the 2x2 shows with what the controller gave it: a viewport that showed the
   * controller's series and now shows another one was changed by the reader (a series dragged onto
   * it, a thumbnail, another tool), and is pinned like "hang here". Returns the viewports pinned now.
   * Called before every automatic change and whenever the viewer's grid changes.
   */
  noticeReader(): SlotId[] {
    if (!this.host.shownIn || !this.hung || !this.assignment || !this.host.showing()) return [];
    const taken = this.reader.observe(this.assignment, (slot) => this.host.shownIn?.(slot));
    taken.forEach(({ slot, shown }) => this.pin(slot, shown));
    return taken.map((t) => t.slot);
  }

  /** The reader's command: hang the best layout for the evidence now, from scratch. False when nothing can be hung. */
  arrangeNow(): boolean {
    const pinned = this.reader.release();
    const r = this.plan(null);
    if (filledCount(r.next) === 0) {
      this.reader.restore(pinned);
      return false;
    }
    this.readerTookOver = false;
    this.hangNow(r);
    return true;
  }

  private hangNow(r: Reconciled): void {
    this.assignment = r.next;
    this.reader.changing();
    this.hung = true;
    this.host.hang();
    this.emit({ how: 'hung', assignment: r.next, moved: r.moved, filled: r.filled });
  }

  private emit(change: LayoutChange): void {
    this.listeners.forEach((l) => l(change));
  }

  /** A new study (or none): forget the layout. */
  reset(): void {
    if (this.scheduled !== null) clearTimeout(this.scheduled);
    this.scheduled = null;
    this.heldSince = null;
    this.assignment = null;
    this.hung = false;
    this.readerTookOver = false;
    this.headers.clear();
    this.facts.clear();
    this.reader.clear();
    this.lastPlan = null;
  }
}
