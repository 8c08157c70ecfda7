/**
 * `npm run bench:timeline [-- <dicom-folder>]`: where the time goes when a study opens in the viewer,
 * cold then warm, as one line per event in ms since navigation (first image, model load stages, each
 * series' image fetch / classification / result, every change of the 2x2 layout). The folder is
 * served by the folder facade, as `npm start -- <folder>` does; without one, the demo study.
 * Run `npm run build:plugin` first after changing the extension. Numbers only: nothing here is
 * asserted; the summary rows of `npm run bench` come from the same trace.
 */
import * as path from 'node:path';
import { chromiumLauncher } from './chromium';
import { DEMO_DIR, serveFolder } from './realStudyBench';
import { rawTrace, summariseTrace, type PageTrace } from './viewerTrace';

function lines(t: PageTrace, names: Map<string, string>): string[] {
  const out: Array<[number, string]> = [];
  if (t.firstImageAt !== undefined) out.push([t.firstImageAt, 'first image painted']);
  if (t.firstDisplaySetAt !== undefined) out.push([t.firstDisplaySetAt, 'first display set']);
  for (const [at, detail] of t.modelStages) out.push([at, `model: ${detail}`]);
  if (t.modelReadyAt !== undefined) out.push([t.modelReadyAt, `model ready (${t.backend}${t.fromCache ? ', from cache' : ''})`]);
  const timings = [...(t.workerTimings ?? [])];
  for (const [uid, status, at] of t.events) {
    const i = timings.findIndex(([u, s]) => u === uid && s === status);
    const w = i >= 0 ? timings.splice(i, 1)[0] : null;
    out.push([at, `series ${names.get(uid) ?? uid.slice(-6)}: ${status}${w ? ` (worker: queued ${w[2]} ms, classified ${w[4]} slices in ${w[3]} ms)` : ''}`]);
  }
  for (const [at, g] of t.grid) out.push([at, `layout ${Object.entries(g).map(([k, v]) => `${k}=${v ? (names.get(v) ?? v.slice(-6)) : '-'}`).join(' ')}`]);
  if (t.runDoneAt !== undefined) out.push([t.runDoneAt, 'classification run done']);
  return out.sort((a, b) => a[0] - b[0]).map(([at, what]) => `${(at / 1000).toFixed(2).padStart(7)} s  ${what}`);
}

async function main(): Promise<void> {
  const folder = process.argv[2] ? path.resolve(process.argv[2]) : DEMO_DIR;
  const { viewer, studyInstanceUID: uid, url } = await serveFolder(folder);
  const browser = await chromiumLauncher()().catch(async (err) => {
    await viewer.close();
    throw err;
  });
  try {
    const seriesList = (await (await fetch(`${viewer.url}/dicomweb/studies/${uid}/series`)).json()) as Array<Record<string, { Value?: unknown[] }>>;
    // display sets and grid entries are keyed by different UIDs: name both by series number + description
    const names = new Map<string, string>();
    for (const s of seriesList) {
      const label = `#${s['00200011']?.Value?.[0] ?? '?'} ${String(s['0008103E']?.Value?.[0] ?? '').slice(0, 24)}`.trim();
      names.set(String(s['0020000E']?.Value?.[0]), label);
    }
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    for (const run of ['cold', 'warm']) {
      const t = await rawTrace(context, url);
      const s = summariseTrace(t);
      console.log(`== ${run}: first image ${s.firstImageMs?.toFixed(0)} ms, model ready ${s.modelReadyMs?.toFixed(0)} ms, final ${s.finalMs?.toFixed(0)} ms (${s.finalAfterFirstImageMs?.toFixed(0)} ms after the first image)`);
      for (const l of lines(t, names)) console.log(l);
    }
  } finally {
    await browser.close();
    await viewer.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:timeline: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
