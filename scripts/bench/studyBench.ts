/**
 * The viewer end to end, timed: a 10-series synthetic MR study in Orthanc (the e2e machinery), the
 * viewer with the plugin on one origin, headless Chromium opening the study in the mrseq mode. A
 * script in the page follows the classifier service's state every 10 ms and records when the study
 * appeared, the model loaded (cold: fresh browser profile), each series' pixels were fetched and
 * classified, and the 2x2 layout was in place; the page's JS heap and Chromium's memory are sampled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startViewer } from '../start/main';
import { startOrthanc } from '../e2e/orthanc';
import { stow } from '../e2e/stow';
import { syntheticStudy } from '../e2e/syntheticStudy';
import { newUid } from '../../extension/src/testing/dicomFixtures';

export interface StudyResult {
  series: number;
  images: number;
  backend: string | null;
  /** Study on screen (first display set) -> 2x2 layout in place; null when the stock layout stayed. */
  openToArrangedMs: number | null;
  /** Worker start, model fetch + sha256 + session + test inference (cold: empty Cache Storage). */
  modelLoadMs: number | null;
  /** Sums over the series: sampled images fetched and decoded; worker round trips (preprocess, ONNX, CAM). */
  pixelFetchMs: number;
  inferenceMs: number;
  /** Last prediction -> 2x2 layout in place. */
  rehangMs: number | null;
  pageHeapPeakMB: number | null;
  chromiumRssPeakMB: number | null;
  note?: string;
}

/** Runs in the page before OHIF starts (plain JS). */
const TRACKER = `(() => {
  const t = { events: [], heapPeak: 0 };
  window.__mrseqBench = t;
  const status = new Map();
  let subscribed = false;
  const record = (s) => {
    const now = performance.now();
    if (s.model.state === 'loading' && t.modelLoadingAt === undefined) t.modelLoadingAt = now;
    if (s.model.state === 'ready' && t.modelReadyAt === undefined) { t.modelReadyAt = now; t.backend = s.model.info.backend; }
    for (const e of s.series) if (status.get(e.displaySetInstanceUID) !== e.status) { status.set(e.displaySetInstanceUID, e.status); t.events.push([e.displaySetInstanceUID, e.status, now]); }
    if (s.run.state === 'done' && t.runDoneAt === undefined) t.runDoneAt = now;
  };
  setInterval(() => {
    const now = performance.now();
    if (performance.memory) t.heapPeak = Math.max(t.heapPeak, performance.memory.usedJSHeapSize);
    const sv = window.services;
    if (!sv) return;
    const svc = sv.mrseqClassifierService;
    if (svc && !subscribed) { subscribed = true; record(svc.getState()); svc.subscribe(svc.EVENTS.STATE_CHANGED, record); }
    if (t.firstDisplaySetAt === undefined && sv.displaySetService && sv.displaySetService.getActiveDisplaySets().length) t.firstDisplaySetAt = now;
    const vps = sv.viewportGridService && sv.viewportGridService.getState().viewports;
    if (t.arrangedAt === undefined && vps && vps.has && vps.has('mrseq-T1')) t.arrangedAt = now;
  }, 10);
})();`;

interface Trace {
  events: Array<[string, string, number]>;
  heapPeak: number;
  modelLoadingAt?: number;
  modelReadyAt?: number;
  firstDisplaySetAt?: number;
  runDoneAt?: number;
  arrangedAt?: number;
  backend?: string;
}

/** Resident memory of this process's Chromium descendants (browser, renderers, GPU, utility), MB. */
function chromiumRssMB(): number {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    const pid = Number(d);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      const fields = stat.slice(close + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  for (const [pid, name] of comm) {
    if (!/chrom/i.test(name)) continue;
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += rss.get(pid) ?? 0;
        break;
      }
    }
  }
  return total / 1e6;
}

/** 10 MR series (phantoms of 4 contrasts, 16 slices of 128x128) in one study. */
function tenSeriesStudy() {
  const studyInstanceUID = newUid();
  return [0, 1, 2].flatMap(() => syntheticStudy({ studyInstanceUID }).filter((s) => s.truth !== 'CT')).slice(0, 10);
}

export async function studyBench(launch: () => Promise<Browser>, timeoutMs = 240_000): Promise<StudyResult> {
  const study = tenSeriesStudy();
  const files = study.flatMap((s) => s.files);
  const orthanc = await startOrthanc(Number(process.env.MRSEQ_ORTHANC_PORT ?? 8042));
  let viewer: Awaited<ReturnType<typeof startViewer>> = null;
  let browser: Browser | null = null;
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, chromiumRssMB())), 200);
  try {
    const stored = await stow(orthanc.dicomweb, files);
    if (stored.stored !== files.length) throw new Error(`Orthanc stored ${stored.stored} of ${files.length} files`);
    viewer = await startViewer({ port: 0, host: '127.0.0.1', dicomweb: orthanc.dicomweb, build: false, buildOnly: false, quiet: true });
    if (!viewer) throw new Error('the viewer did not start');
    const studies = (await (await fetch(`${orthanc.dicomweb}/studies`)).json()) as Array<Record<string, { Value: string[] }>>;
    const uid = studies[0]['0020000D'].Value[0];
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addInitScript(TRACKER);
    const page = await context.newPage();
    await page.goto(`${viewer.url}/mrseq?StudyInstanceUIDs=${uid}`);
    const t0 = Date.now();
    let trace: Trace | null = null;
    while (Date.now() - t0 < timeoutMs) {
      trace = (await page.evaluate('window.__mrseqBench')) as Trace;
      if (trace?.arrangedAt !== undefined || (await settled(page, trace))) break;
      await page.waitForTimeout(200);
    }
    if (!trace) throw new Error('the page did not report');
    return summarise(trace, study.length, files.length, rssPeak);
  } finally {
    clearInterval(sampler);
    await browser?.close();
    await viewer?.close();
    await orthanc.stop();
  }
}

/** After the run: give the layout 5 s to appear before concluding that the stock layout stays. */
async function settled(page: Page, t: Trace | null): Promise<boolean> {
  return t?.runDoneAt !== undefined && ((await page.evaluate('performance.now()')) as number) - t.runDoneAt > 5000;
}

function summarise(t: Trace, series: number, images: number, rssPeak: number): StudyResult {
  const spans = { fetch: 0, infer: 0 };
  const since = new Map<string, [string, number]>();
  for (const [uid, status, at] of t.events) {
    const prev = since.get(uid);
    if (prev?.[0] === 'loading-images') spans.fetch += at - prev[1];
    if (prev?.[0] === 'classifying') spans.infer += at - prev[1];
    since.set(uid, [status, at]);
  }
  const d = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : null);
  return {
    series,
    images,
    backend: t.backend ?? null,
    openToArrangedMs: d(t.firstDisplaySetAt, t.arrangedAt),
    modelLoadMs: d(t.modelLoadingAt, t.modelReadyAt),
    pixelFetchMs: spans.fetch,
    inferenceMs: spans.infer,
    rehangMs: d(t.runDoneAt, t.arrangedAt),
    pageHeapPeakMB: t.heapPeak ? t.heapPeak / 1e6 : null,
    chromiumRssPeakMB: rssPeak || null,
    note: t.arrangedAt === undefined ? 'no 2x2 layout: the stock layout stayed (no T1/T1c/T2/DW recognised)' : undefined,
  };
}
