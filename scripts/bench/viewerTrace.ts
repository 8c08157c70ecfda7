/**
 * A study opened in the viewer, timed from the reader's side: a script in the page (installed before
 * OHIF starts) records, in ms since navigation started, when the first image was painted
 * (cornerstone's IMAGE_RENDERED, caught in the capture phase), when the model was loaded, every
 * change of the 2x2 mrseq layout's contents, and each series' pixel fetch and classification. From
 * that: the provisional layout (the first time the 2x2 is on screen), the final layout (classification
 * done and the layout no longer changing), and how many filled viewports changed their series after
 * they were first shown (what a reader would notice). Numbers only: nothing here passes or fails.
 */
import type { BrowserContext } from 'playwright-core';

/** Runs in the page before OHIF starts (plain JS). */
export const TRACKER = `(() => {
  const t = { events: [], grid: [], heapPeak: 0, modelStages: [], workerTimings: [] };
  window.__mrseqBench = t;
  const status = new Map();
  let subscribed = false;
  let lastGrid = '';
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => { if (t.firstImageAt === undefined) t.firstImageAt = performance.now(); }, true);
  const record = (s) => {
    const now = performance.now();
    if (s.model.state === 'loading' && t.modelLoadingAt === undefined) t.modelLoadingAt = now;
    if (s.model.state === 'loading' && t.modelStages[t.modelStages.length - 1]?.[1] !== s.model.detail) t.modelStages.push([now, s.model.detail]);
    if (s.model.state === 'ready' && t.modelReadyAt === undefined) { t.modelReadyAt = now; t.backend = s.model.info.backend; t.fromCache = s.model.info.fromCache; t.workerLoadMs = s.model.info.loadMs; }
    for (const e of s.series) {
      const key = e.status + (e.partial ? ':partial' : '');
      if (status.get(e.displaySetInstanceUID) !== key) { status.set(e.displaySetInstanceUID, key); t.events.push([e.seriesInstanceUID || e.displaySetInstanceUID, key, now]); if (e.result && e.result.timing) t.workerTimings.push([e.seriesInstanceUID || e.displaySetInstanceUID, key, e.result.timing.queuedMs, e.result.timing.runMs, e.slices ? e.slices.filter((x) => x.sampled).length : 0]); }
    }
    if (s.run.state === 'running') t.runDoneAt = undefined;
    if ((s.run.state === 'done' || s.run.state === 'failed') && t.runDoneAt === undefined) t.runDoneAt = now;
  };
  const readGrid = () => {
    const sv = window.services;
    const vps = sv && sv.viewportGridService && sv.viewportGridService.getState().viewports;
    if (!vps || !vps.has || !vps.has('mrseq-T1')) return null;
    const out = {};
    for (const slot of ['T1', 'T1c', 'T2', 'DW']) {
      const uid = vps.get('mrseq-' + slot)?.displaySetInstanceUIDs?.[0];
      const ds = uid && sv.displaySetService.getDisplaySetByUID(uid);
      out[slot] = ds ? ds.SeriesInstanceUID : null;
    }
    return out;
  };
  const poll = () => {
    const now = performance.now();
    if (performance.memory) t.heapPeak = Math.max(t.heapPeak, performance.memory.usedJSHeapSize);
    const sv = window.services;
    if (!sv) return;
    const svc = sv.mrseqClassifierService;
    if (svc && !subscribed) { subscribed = true; record(svc.getState()); svc.subscribe(svc.EVENTS.STATE_CHANGED, record); }
    if (t.firstDisplaySetAt === undefined && sv.displaySetService && sv.displaySetService.getActiveDisplaySets().length) t.firstDisplaySetAt = now;
    const g = readGrid();
    const key = g ? JSON.stringify(g) : '';
    if (key !== lastGrid) { lastGrid = key; if (g) t.grid.push([now, g]); }
  };
  setInterval(() => { try { poll(); } catch { /* OHIF's services are still starting */ } }, 10);
})();`;

export interface PageTrace {
  events: Array<[string, string, number]>;
  grid: Array<[number, Record<string, string | null>]>;
  heapPeak: number;
  modelStages: Array<[number, string]>;
  /** Per classification answered: series, status, ms queued in the worker, ms classifying there, slices. */
  workerTimings: Array<[string, string, number, number, number]>;
  firstImageAt?: number;
  firstDisplaySetAt?: number;
  modelLoadingAt?: number;
  modelReadyAt?: number;
  /** The worker's own reading: its start to the model ready (ModelInfo.loadMs). */
  workerLoadMs?: number;
  runDoneAt?: number;
  backend?: string;
  fromCache?: boolean;
}

export interface ViewerTiming {
  /** All in ms since navigation started. */
  firstImageMs: number | null;
  modelReadyMs: number | null;
  /** The first time the 2x2 layout was on screen. */
  provisionalMs: number | null;
  /** Classification done and the layout in its last state. */
  finalMs: number | null;
  /** Final layout after the first image was painted (the "arranged after first paint"). */
  finalAfterFirstImageMs: number | null;
  /** The layout's last change (what the reader sees is complete; the run may still be confirming it), after the first image. */
  arrangedAfterFirstImageMs: number | null;
  provisionalAfterFirstImageMs: number | null;
  /** Worker start to model ready (fetch, sha256, wasm, session, test inference): the worker's own clock when it reports it. */
  modelLoadMs: number | null;
  modelFromCache: boolean | null;
  backend: string | null;
  /** Sums over series: images fetched for classification; worker round trips. */
  pixelFetchMs: number;
  inferenceMs: number;
  /** Viewports whose series was replaced or removed after it was first shown. */
  slotMoves: number;
  /** Empty viewports filled after the layout was first shown. */
  slotFills: number;
  /** SeriesInstanceUID shown in each viewport at the end. */
  layout: Record<string, string | null> | null;
  pageHeapPeakMB: number | null;
  note?: string;
}

function spans(events: PageTrace['events']): { fetch: number; infer: number } {
  const out = { fetch: 0, infer: 0 };
  const since = new Map<string, [string, number]>();
  for (const [uid, status, at] of events) {
    const prev = since.get(uid);
    if (prev?.[0].startsWith('loading-images')) out.fetch += at - prev[1];
    if (prev?.[0].startsWith('classifying')) out.infer += at - prev[1];
    since.set(uid, [status, at]);
  }
  return out;
}

export function summariseTrace(t: PageTrace): ViewerTiming {
  let moves = 0;
  let fills = 0;
  for (let i = 1; i < t.grid.length; i++) {
    const [, before] = t.grid[i - 1];
    const [, after] = t.grid[i];
    for (const slot of Object.keys(after)) {
      if (before[slot] && before[slot] !== after[slot]) moves++;
      else if (!before[slot] && after[slot]) fills++;
    }
  }
  const firstHang = t.grid[0]?.[0] ?? null;
  const lastChange = t.grid.length ? t.grid[t.grid.length - 1][0] : null;
  const finalMs = lastChange !== null && t.runDoneAt !== undefined ? Math.max(lastChange, t.runDoneAt) : null;
  const after = (x: number | null) => (x !== null && t.firstImageAt !== undefined ? x - t.firstImageAt : null);
  const s = spans(t.events);
  return {
    firstImageMs: t.firstImageAt ?? null,
    modelReadyMs: t.modelReadyAt ?? null,
    provisionalMs: firstHang,
    finalMs,
    finalAfterFirstImageMs: after(finalMs),
    arrangedAfterFirstImageMs: after(lastChange),
    provisionalAfterFirstImageMs: after(firstHang),
    modelLoadMs: t.workerLoadMs ?? (t.modelReadyAt !== undefined && t.modelLoadingAt !== undefined ? t.modelReadyAt - t.modelLoadingAt : null),
    modelFromCache: t.fromCache ?? null,
    backend: t.backend ?? null,
    pixelFetchMs: s.fetch,
    inferenceMs: s.infer,
    slotMoves: moves,
    slotFills: fills,
    layout: t.grid.length ? t.grid[t.grid.length - 1][1] : null,
    pageHeapPeakMB: t.heapPeak ? t.heapPeak / 1e6 : null,
    note: firstHang === null ? 'no 2x2 layout: the stock layout stayed (no T1/T1c/T2/DW recognised)' : undefined,
  };
}

/**
 * Open `url` in a new page of `context` (a fresh context is a cold start; a second page in the same
 * context finds the HTTP cache, the wasm code cache and Cache Storage warm) and follow it until the
 * run is done and the layout has been still for `settleMs`, or `timeoutMs`.
 */
export async function traceStudy(context: BrowserContext, url: string, opts: { timeoutMs?: number; settleMs?: number } = {}): Promise<ViewerTiming> {
  return summariseTrace(await rawTrace(context, url, opts));
}

/** The page's own record of a study opening (see TRACKER), for timelines (scripts/bench/timeline.ts). */
export async function rawTrace(context: BrowserContext, url: string, { timeoutMs = 240_000, settleMs = 3000 } = {}): Promise<PageTrace> {
  const page = await context.newPage();
  try {
    await page.addInitScript(TRACKER);
    await page.goto(url);
    const t0 = Date.now();
    let trace: PageTrace | null = null;
    while (Date.now() - t0 < timeoutMs) {
      await page.waitForTimeout(200);
      trace = (await page.evaluate('window.__mrseqBench')) as PageTrace;
      const now = (await page.evaluate('performance.now()')) as number;
      const lastGrid = trace?.grid.length ? trace.grid[trace.grid.length - 1][0] : 0;
      if (trace?.runDoneAt !== undefined && now - Math.max(trace.runDoneAt, lastGrid) > settleMs) break;
    }
    if (!trace) throw new Error('the page did not report');
    return trace;
  } finally {
    await page.close();
  }
}
