/**
 * A 40-series study in the viewer (`npm run bench -- --big-study`): 40 synthetic MR series (the
 * end-to-end phantoms of four contrasts, 16 slices of 128x128 each, 640 images) in Orthanc, opened in
 * the mrseq mode in headless Chromium. It reports the page's JS heap peak and Chromium's resident
 * memory peak, whether every series reached a final state (none dropped), and whether the 2x2 layout
 * shown is the one planLayout gives for the service's predictions (the arrangement still correct at
 * this size). Numbers and facts only; nothing here passes or fails.
 */
import type { Browser } from 'playwright-core';
import { planLayout, SLOTS } from '../../extension/src/hangingProtocols/planLayout';
import { UNFINISHED } from '../../extension/src/services/types';
import { newUid } from '../../extension/src/testing/dicomFixtures';
import { startOrthanc } from '../e2e/orthanc';
import { stow } from '../e2e/stow';
import { syntheticStudy } from '../e2e/syntheticStudy';
import { startViewer } from '../start/main';
import { chromiumRssMB } from './chromiumRss';

export interface BigStudyResult {
  series: number;
  images: number;
  /** Series entries the classifier service listed, and how they ended. */
  entries: number;
  statuses: Record<string, number>;
  /** Series of the study that never reached done, skipped or failed. */
  dropped: number;
  /** Display set per slot: what planLayout gives for the predictions, and what the viewports show. */
  expected: Record<string, string | null>;
  shown: Record<string, string | null>;
  arrangementCorrect: boolean;
  openToDoneMs: number | null;
  pageHeapPeakMB: number | null;
  chromiumRssPeakMB: number | null;
}

/** Runs in the page before OHIF starts: samples the JS heap every 50 ms. */
const HEAP_SAMPLER = `(() => { const t = { heapPeak: 0 }; window.__mrseqBig = t;
  setInterval(() => { if (performance.memory) t.heapPeak = Math.max(t.heapPeak, performance.memory.usedJSHeapSize); }, 50); })();`;

interface PageState {
  run: string;
  entries: Array<{ uid: string; seriesInstanceUID?: string; status: string; label?: string; confidence?: number; seriesNumber?: number }>;
  shown: Record<string, string | null>;
  heapPeak: number;
}

const READ_STATE = `(() => { try {
  const sv = window.services; const svc = sv && sv.mrseqClassifierService;
  if (!svc) return null;
  const s = svc.getState();
  const vps = sv.viewportGridService.getState().viewports;
  const shown = {};
  for (const slot of ${JSON.stringify(SLOTS.map((s) => s.id))}) {
    const vp = vps.get && vps.get('mrseq-' + slot);
    shown[slot] = vp && vp.displaySetInstanceUIDs && vp.displaySetInstanceUIDs[0] ? vp.displaySetInstanceUIDs[0] : null;
  }
  return { run: s.run.state, heapPeak: window.__mrseqBig.heapPeak, shown, entries: s.series.map((e) => ({ uid: e.displaySetInstanceUID, seriesInstanceUID: e.seriesInstanceUID,
    status: e.status, label: svc.getLabel(e.displaySetInstanceUID), confidence: e.result ? e.result.confidence : undefined, seriesNumber: e.seriesNumber })) };
} catch (e) { return null; } })()`;

export async function bigStudyBench(launch: () => Promise<Browser>, seriesCount = 40, timeoutMs = 480_000): Promise<BigStudyResult> {
  const studyInstanceUID = newUid();
  const study = Array.from({ length: Math.ceil(seriesCount / 4) }, () => syntheticStudy({ studyInstanceUID }).filter((s) => s.truth !== 'CT'))
    .flat()
    .slice(0, seriesCount);
  const files = study.flatMap((s) => s.files);
  const orthanc = await startOrthanc(Number(process.env.MRSEQ_ORTHANC_PORT ?? 8042));
  let viewer: Awaited<ReturnType<typeof startViewer>> = null;
  let browser: Browser | null = null;
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, chromiumRssMB())), 250);
  try {
    const stored = await stow(orthanc.dicomweb, files);
    if (stored.stored !== files.length) throw new Error(`Orthanc stored ${stored.stored} of ${files.length} files`);
    viewer = await startViewer({ port: 0, host: '127.0.0.1', dicomweb: orthanc.dicomweb, build: false, buildOnly: false, quiet: true });
    if (!viewer) throw new Error('the viewer did not start');
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addInitScript(HEAP_SAMPLER);
    const page = await context.newPage();
    const t0 = Date.now();
    // A loaded machine can take longer than playwright's default 30 s to load the viewer.
    await page.goto(`${viewer.url}/mrseq?StudyInstanceUIDs=${studyInstanceUID}`, { timeout: 180_000, waitUntil: 'domcontentloaded' });
    let state: PageState | null = null;
    let doneAt: number | null = null;
    while (Date.now() - t0 < timeoutMs) {
      state = (await page.evaluate(READ_STATE)) as PageState | null;
      if (state && (state.run === 'done' || state.run === 'failed')) {
        doneAt ??= Date.now();
        // Give the re-hang a few seconds after the last prediction.
        if (Object.values(state.shown).some(Boolean) || Date.now() - doneAt > 8000) break;
      }
      await page.waitForTimeout(250);
    }
    if (!state) throw new Error('the classifier service never appeared');
    if (doneAt === null) throw new Error(`classification did not finish in ${timeoutMs / 1000} s`);
    return summarise(state, study.map((s) => s.seriesInstanceUID), files.length, doneAt === null ? null : doneAt - t0, rssPeak);
  } finally {
    clearInterval(sampler);
    await browser?.close();
    await viewer?.close();
    await orthanc.stop();
  }
}

function summarise(state: PageState, seriesUIDs: string[], images: number, openToDoneMs: number | null, rssPeak: number): BigStudyResult {
  const statuses: Record<string, number> = {};
  for (const e of state.entries) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  const final = new Set(['done', 'skipped', 'failed']);
  const finished = new Set(state.entries.filter((e) => final.has(e.status)).map((e) => e.seriesInstanceUID));
  const plan = planLayout(state.entries.map((e) => ({ displaySetInstanceUID: e.uid, label: e.label, confidence: e.confidence, seriesNumber: e.seriesNumber })));
  const expected = Object.fromEntries(SLOTS.map((s) => [s.id, plan.slots[s.id]?.displaySetInstanceUID ?? null]));
  // With nothing recognised the stock layout stays, and no mrseq viewport exists: also correct.
  const correct = plan.filled === 0 ? SLOTS.every((s) => state.shown[s.id] === null) : SLOTS.every((s) => state.shown[s.id] === expected[s.id]);
  return {
    series: seriesUIDs.length,
    images,
    entries: state.entries.length,
    statuses,
    dropped: seriesUIDs.filter((uid) => !finished.has(uid)).length,
    expected,
    shown: state.shown,
    arrangementCorrect: correct,
    openToDoneMs,
    pageHeapPeakMB: state.heapPeak ? state.heapPeak / 1e6 : null,
    chromiumRssPeakMB: rssPeak || null,
  };
}

/** Rows of the bench table. */
export function bigStudyRows(r: BigStudyResult | { error: string }): Array<[string, string, string?]> {
  if ('error' in r) return [['40-series study in the viewer', '-', r.error]];
  const mb = (x: number | null) => (x === null ? '-' : `${Math.round(x)} MB`);
  const statuses = Object.entries(r.statuses).map(([k, v]) => `${v} ${k}`).join(', ');
  return [
    [`${r.series}-series study (${r.images} images): page JS heap peak / Chromium RSS peak`, `${mb(r.pageHeapPeakMB)} / ${mb(r.chromiumRssPeakMB)}`],
    ['  series listed / finished (dropped)', `${r.entries} / ${r.entries - [...UNFINISHED].reduce((n, k) => n + (r.statuses[k] ?? 0), 0)} (${r.dropped})`, statuses],
    ['  2x2 layout = planLayout of the predictions', r.arrangementCorrect ? 'yes' : 'NO', SLOTS.map((s) => `${s.id} ${r.shown[s.id] ? 'filled' : 'empty'}`).join(', ')],
    ['  open -> last series classified', r.openToDoneMs === null ? '-' : `${Math.round(r.openToDoneMs)} ms`],
  ];
}

/** Standalone: `npm run bench:big-study` (scripts/bench/bigStudy.sh: plugin build, loopback-only namespace). */
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromiumLauncher } = require('./chromium') as typeof import('./chromium');
  bigStudyBench(chromiumLauncher()).then(
    (r) => {
      const rows = bigStudyRows(r);
      const w = Math.max(...rows.map((x) => x[0].length));
      for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b}${c ? `  ${c}` : ''}`);
      process.exit(0);
    },
    (err) => {
      console.error(`big-study bench: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
