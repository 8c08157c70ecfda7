/**
 * The layout controller against a fake viewer: the provisional 2x2 OHIF hangs from the header, the
 * updates that only touch the viewports whose series changes (no protocol re-run), the first hang
 * when the 2x2 was not on screen, and a reader who chose another layout not being overruled.
 */
import type { SeriesResult } from '../core/results';
import type { ClassifierState, DisplaySetLike, SeriesEntry } from '../services/types';
import { LayoutController, type LayoutHost, type SlotChange } from './layoutController';
import type { SlotId } from './planLayout';

const T1 = { RepetitionTime: 500, EchoTime: 12, ScanningSequence: 'SE' };
const T2 = { RepetitionTime: 4500, EchoTime: 100, ScanningSequence: 'SE' };

function ds(uid: string, SeriesDescription: string, instance: Record<string, unknown> = {}): DisplaySetLike {
  const n = 20;
  return { displaySetInstanceUID: uid, SeriesNumber: Number(uid.slice(1)), SeriesDescription, Modality: 'MR', numImageFrames: n, instances: Array.from({ length: n }, () => ({ ...instance })) };
}

function done(uid: string, label: string | null, confidence: number, partial = false): SeriesEntry {
  const result = { seriesId: uid, status: label ? 'classified' : 'unknown', label, confidence, image: null, metadata: null, fused: null, volume: null, slices: [], cams: [] } as SeriesResult;
  return { displaySetInstanceUID: uid, description: '', modality: 'MR', imageCount: 20, status: 'done', result, partial, slices: [] };
}

function viewer(displaySets: DisplaySetLike[], policy?: ConstructorParameters<typeof LayoutController>[2]) {
  let series: SeriesEntry[] = [];
  const log: Array<['hang'] | ['set', SlotChange[]]> = [];
  const host: LayoutHost & { shown: boolean; applied: boolean; grid?: Partial<Record<SlotId, string | null>> } = {
    shown: false,
    applied: false,
    // what the viewer's grid shows, when a test plays the viewer that far (undefined: not reported)
    shownIn: (slot) => host.grid?.[slot],
    displaySets: () => displaySets,
    showing: () => host.shown,
    protocolApplied: () => host.applied,
    hang: () => {
      log.push(['hang']);
      host.shown = true;
    },
    setSlots: (changes) => void log.push(['set', changes]),
  };
  const classifier = { getState: (): ClassifierState => ({ model: { state: 'idle' }, run: { state: 'running', done: 0, total: 0 }, series }) };
  const layout = new LayoutController(host, classifier, policy);
  /** OHIF's own first hanging of the mrseq protocol: the 2x2 when a viewport matches. */
  const ohifHangs = () => {
    host.applied = true;
    host.shown = displaySets.some((d) => layout.slotOf(d.displaySetInstanceUID));
  };
  return { host, layout, log, ohifHangs, results: (s: SeriesEntry[]) => (series = s) };
}

const study = () => [ds('s1', 'AX T1 SE PRE', T1), ds('s2', 'AX T2 TSE', T2), ds('s3', 'AX FLAIR'), ds('s4', '')];

const underway = (uid: string): SeriesEntry => ({ displaySetInstanceUID: uid, description: '', modality: 'MR', imageCount: 20, status: 'classifying', slices: [] });

describe('LayoutController', () => {
  it('holds fills while other series have no result yet, so that fills close together reach the viewer as one change; never holds a move', () => {
    jest.useFakeTimers();
    try {
      const v = viewer(study(), { quickFill: 0.6, quickMove: 0.75, move: 0.5, holdFillsMs: 300 });
      v.ohifHangs();
      v.results([done('s4', 'DWI', 0.9, true), underway('s3')]);
      v.layout.update();
      expect(v.log).toEqual([]); // s3 may fill a viewport too: wait
      jest.advanceTimersByTime(200);
      expect(v.log).toEqual([]);
      // s3's first look comes within the hold: nobody is waited for any more, both in one change
      v.results([done('s4', 'DWI', 0.9, true), done('s3', 'FLAIR', 0.9, true)]);
      v.layout.update();
      expect(v.log).toHaveLength(1);
      expect(v.log[0][0]).toBe('set');
      expect((v.log[0] as ['set', SlotChange[]])[1].map((c) => c.slot)).toContain('DW');
      // a series still underway when the hold ends does not hold the fill any longer
      const w = viewer(study(), { quickFill: 0.6, quickMove: 0.75, move: 0.5, holdFillsMs: 300 });
      w.ohifHangs();
      w.results([done('s4', 'DWI', 0.9, true), underway('s3')]);
      w.layout.update();
      expect(w.log).toEqual([]);
      jest.advanceTimersByTime(300);
      expect(w.log).toEqual([['set', [{ slot: 'DW', displaySetInstanceUID: 's4' }]]]);
      // a move (the pixels contradict a shown series) is never held
      w.results([done('s4', 'DWI', 0.9, true), underway('s3'), done('s2', 'T1', 0.95)]);
      w.layout.update();
      expect(w.log).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives OHIF the provisional slots from the header, then changes only the viewports the pixels contradict', () => {
    const v = viewer(study());
    v.ohifHangs();
    expect(v.host.shown).toBe(true);
    expect(v.layout.current()).toEqual({ T1: 's1', T1c: null, T2: 's2', DW: null });
    v.layout.update();
    expect(v.log).toEqual([]); // the header plan is what OHIF hung
    // first looks: s1 agrees, s4 is surely a DWI (fills DW), s2 looks like a T1 but not surely enough to move
    v.results([done('s1', 'T1', 0.9, true), done('s2', 'T1', 0.7, true), done('s4', 'DWI', 0.9, true)]);
    v.layout.update();
    expect(v.log).toEqual([['set', [{ slot: 'DW', displaySetInstanceUID: 's4' }]]]);
    // full results: s2 is a T1 (contradicts T2 at 0.8): out; the FLAIR takes the T2 viewport
    v.results([done('s1', 'T1', 0.9), done('s2', 'T1', 0.8), done('s3', 'FLAIR', 0.7), done('s4', 'DWI', 0.9)]);
    v.layout.update();
    expect(v.log[1]).toEqual(['set', [{ slot: 'T2', displaySetInstanceUID: 's3' }]]);
    expect(v.log.filter(([k]) => k === 'hang')).toEqual([]);
    expect(v.layout.slotOf('s3')).toBe('T2');
    expect(v.layout.slotOf('s2')).toBeUndefined();
  });

  it('waits for OHIF to hang the study first, then hangs the 2x2 once when a viewport can be filled', () => {
    const v = viewer([ds('s1', ''), ds('s2', '')]);
    v.layout.update();
    expect(v.log).toEqual([]); // OHIF has not hung the study yet
    v.ohifHangs();
    expect(v.host.shown).toBe(false); // no header evidence: OHIF shows the waiting stage
    v.layout.update();
    expect(v.log).toEqual([]);
    v.results([done('s1', 'T2', 0.9, true)]);
    v.layout.update();
    v.layout.update();
    expect(v.log).toEqual([['hang']]);
    expect(v.layout.slotOf('s1')).toBe('T2');
    expect(v.layout.isShown()).toBe(true);
  });

  it('moves the empty 2x2 of OHIF\'s first hanging (no header evidence) to the waiting stage, then hangs once a viewport can be filled', () => {
    const v = viewer([ds('s1', ''), ds('s2', '')]);
    v.host.applied = true;
    v.host.shown = true; // OHIF opened the protocol at stage 0 with no viewport matched
    v.layout.update();
    expect(v.log).toEqual([['hang']]);
    expect(v.layout.isShown()).toBe(false);
    v.host.shown = false; // the protocol run without a stage picked the waiting stage
    v.results([done('s2', 'T2', 0.9)]);
    v.layout.update();
    expect(v.log).toEqual([['hang'], ['hang']]);
    expect(v.layout.current().T2).toBe('s2');
    expect(v.layout.isShown()).toBe(true);
  });

  it('does not overrule a reader who chose another layout, until the reader asks again', () => {
    const v = viewer(study());
    v.ohifHangs();
    v.layout.update();
    v.host.shown = false; // the reader picked another layout
    v.results([done('s3', 'FLAIR', 0.9), done('s2', 'T1', 0.95), done('s4', 'DWI', 0.9)]);
    v.layout.update();
    expect(v.log).toEqual([]);
    expect(v.layout.arrangeNow()).toBe(true);
    expect(v.log).toEqual([['hang']]);
    // from scratch: the best plan for the evidence now, stickiness aside
    expect(v.layout.current()).toEqual({ T1: 's2', T1c: null, T2: 's3', DW: 's4' });
  });

  it('keeps a viewport the reader filled ("hang here"), and does not show that series twice', () => {
    const v = viewer(study());
    v.ohifHangs();
    v.layout.update();
    v.layout.pin('T1c', 's3');
    expect(v.layout.current().T1c).toBe('s3');
    // the pixels say s3 is a FLAIR and s2 a T1: the reader's T1c viewport keeps s3, the T2 viewport does not take it
    v.results([done('s3', 'FLAIR', 0.95), done('s2', 'T1', 0.95), done('s4', 'DWI', 0.9)]);
    v.layout.update();
    expect(v.layout.current()).toEqual({ T1: 's1', T1c: 's3', T2: null, DW: 's4' });
    // the reader's command starts from scratch again
    expect(v.layout.arrangeNow()).toBe(true);
    expect(v.layout.current().T2).toBe('s3');
  });

  it('keeps a viewport the reader changed without "hang here" (a series dragged onto it), once the viewer had shown the controller\'s series there', () => {
    const v = viewer(study());
    const changes: string[] = [];
    v.layout.subscribe((c) => changes.push(`${c.how}:${c.filled.join(',')}`));
    v.ohifHangs();
    v.layout.update();
    // the viewer reports the provisional 2x2 it hung
    v.host.grid = { ...v.layout.current() };
    expect(v.layout.noticeReader()).toEqual([]);
    // the reader drags s3 (unclassified yet) onto the empty T1c viewport
    v.host.grid = { ...v.host.grid, T1c: 's3' };
    expect(v.layout.noticeReader()).toEqual(['T1c']);
    expect(v.layout.current().T1c).toBe('s3');
    expect(changes).toEqual(['updated:T1c']);
    // the pixels call s3 a FLAIR and s2 a T1: the reader's viewport keeps s3, the T2 viewport does not take it
    v.results([done('s3', 'FLAIR', 0.95), done('s2', 'T1', 0.95), done('s4', 'DWI', 0.9)]);
    v.layout.update();
    expect(v.layout.current()).toEqual({ T1: 's1', T1c: 's3', T2: null, DW: 's4' });
    expect(v.log.flatMap(([k, c]) => (k === 'set' ? (c as SlotChange[]).map((x) => x.slot) : []))).not.toContain('T1c');
    // the reader drags s4 over the T1 series: noticed at the next automatic update, before planning
    v.host.grid = { ...v.host.grid, T1: 's4' };
    v.results([done('s3', 'FLAIR', 0.95), done('s2', 'T1', 0.95), done('s4', 'DWI', 0.9), done('s1', 'T2', 0.99)]);
    v.layout.update();
    expect(v.layout.current().T1).toBe('s4');
    // the reader's command starts from scratch again
    expect(v.layout.arrangeNow()).toBe(true);
    expect(v.layout.current().T1c).toBeNull();
  });

  it('does not take the controller\'s own change, still on its way to the viewer, for the reader\'s', () => {
    const v = viewer(study());
    v.ohifHangs();
    v.layout.update();
    v.host.grid = { ...v.layout.current() };
    v.layout.noticeReader();
    // s2 is surely a T1: the controller moves it; the viewer still shows the old 2x2 for a moment
    v.results([done('s1', 'T2', 0.99), done('s2', 'T1', 0.99), done('s3', 'FLAIR', 0.9), done('s4', 'DWI', 0.9)]);
    v.layout.update();
    const asked = { ...v.layout.current() };
    expect(asked.T1).toBe('s2');
    expect(v.layout.noticeReader()).toEqual([]); // the grid lags: T1 still shows s1
    v.host.grid = { ...asked }; // the viewer caught up
    expect(v.layout.noticeReader()).toEqual([]);
    expect(v.layout.current()).toEqual(asked);
    // a viewer that never reports its grid (no shownIn) pins nothing by itself
    const w = viewer(study());
    delete (w.host as Partial<LayoutHost>).shownIn;
    w.ohifHangs();
    w.layout.update();
    expect(w.layout.noticeReader()).toEqual([]);
  });

  it('plans with the study-level decision: its empty-slot reasons come with the layout', () => {
    const v = viewer(study());
    v.ohifHangs();
    const decision = v.layout.decision().decision;
    expect(decision.slots.T1.seriesId).toBe('s1');
    expect(decision.slots.DW.message).toBe('No DW in this study');
  });

  it('with automatic arrangement off, gives no slot and changes nothing by itself', () => {
    const v = viewer(study());
    v.layout.enabled = false;
    v.ohifHangs();
    expect(v.host.shown).toBe(false);
    v.results([done('s4', 'DWI', 0.9)]);
    v.layout.update();
    expect(v.log).toEqual([]);
  });
});
