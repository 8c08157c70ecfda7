/**
 * Real studies in the viewer, served the way a deployer serves a folder (`npm start -- <folder>`: the
 * DICOM folder facade, whole files over WADO-URI), timed cold (fresh browser profile) and warm (a
 * second page in the same profile: HTTP cache, wasm code cache and Cache Storage filled):
 * navigation -> first image -> model ready -> provisional layout -> final layout.
 *
 *  - the real study: the end-to-end test's study from ../shared/data (scripts/e2e/realStudy.ts: five
 *    MR series from two public sources, descriptions blanked or misleading, plus a CT localizer),
 *    written to a temporary folder; skipped, saying so, when ../shared/data is not beside the clone;
 *  - the demo study shipped in demo/ (always there).
 */
import { existsSync, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { realStudy, sharedDataDir } from '../e2e/realStudy';
import type { SyntheticSeries } from '../e2e/syntheticStudy';
import { REPO_ROOT } from '../start/build';
import { startViewer, type Started } from '../start/main';
import { traceStudy, type ViewerTiming } from './viewerTrace';

export interface FolderStudyResult {
  name: string;
  series: number;
  images: number;
  /** SeriesInstanceUID each viewport should show (when the truth is known). */
  expected: Record<string, string | null> | null;
  cold: ViewerTiming;
  warm: ViewerTiming;
  /** Viewports showing the expected series at the end (cold run), when the truth is known. */
  correct: number | null;
}

export type Skipped = { name: string; skipped: string };

const SLOT_OF: Record<string, string> = { T1: 'T1', T1c: 'T1c', T2: 'T2', DWI: 'DW' };

async function writeStudy(dir: string, study: SyntheticSeries[]): Promise<void> {
  for (const [i, s] of study.entries()) {
    const sub = path.join(dir, `series-${String(i + 1).padStart(2, '0')}`);
    await fs.mkdir(sub, { recursive: true });
    await Promise.all(s.files.map((bytes, k) => fs.writeFile(path.join(sub, `${String(k + 1).padStart(4, '0')}.dcm`), bytes)));
  }
}

/** `folder` served by the folder facade (as `npm start -- <folder>` does), and its first study. */
export interface ServedFolder {
  viewer: Started;
  studyInstanceUID: string;
  /** The viewer's mrseq mode on that study. */
  url: string;
  series: number;
  images: number;
}

export async function serveFolder(folder: string): Promise<ServedFolder> {
  const viewer = await startViewer({ folder, port: 0, host: '127.0.0.1', build: false, buildOnly: false, quiet: true });
  if (!viewer) throw new Error('the viewer did not start');
  try {
    const studies = (await (await fetch(`${viewer.url}/dicomweb/studies`)).json()) as Array<Record<string, { Value: unknown[] }>>;
    const studyInstanceUID = studies[0]['0020000D'].Value[0] as string;
    return {
      viewer,
      studyInstanceUID,
      url: `${viewer.url}/mrseq?StudyInstanceUIDs=${studyInstanceUID}`,
      series: Number(studies[0]['00201206']?.Value?.[0] ?? 0),
      images: Number(studies[0]['00201208']?.Value?.[0] ?? 0),
    };
  } catch (err) {
    await viewer.close();
    throw err;
  }
}

/** Serve `folder` with the folder facade and time its first study, cold then warm. */
export async function benchFolder(
  name: string,
  folder: string,
  launch: () => Promise<Browser>,
  expected: Record<string, string | null> | null,
): Promise<FolderStudyResult> {
  const { viewer, url, series, images } = await serveFolder(folder);
  let browser: Browser | null = null;
  try {
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const cold = await traceStudy(context, url);
    const warm = await traceStudy(context, url);
    const correct = expected && cold.layout ? Object.entries(expected).filter(([slot, s]) => (cold.layout?.[slot] ?? null) === s).length : null;
    return { name, series, images, expected, cold, warm, correct };
  } finally {
    await browser?.close();
    await viewer.close();
  }
}

/** The end-to-end test's real study from ../shared/data, or why it was skipped. */
export async function realStudyBench(launch: () => Promise<Browser>): Promise<FolderStudyResult | Skipped> {
  const name = 'real study from ../shared/data (folder facade)';
  const dataDir = sharedDataDir(REPO_ROOT);
  if (!dataDir) return { name, skipped: 'skipped: ../shared/data is not beside this clone' };
  const study = await realStudy(dataDir);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrseq-bench-study-'));
  try {
    await writeStudy(dir, study);
    const expected = Object.fromEntries(
      Object.values(SLOT_OF).map((slot) => [slot, study.find((s) => SLOT_OF[s.truth] === slot)?.seriesInstanceUID ?? null]),
    );
    return await benchFolder(name, dir, launch, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const DEMO_DIR = path.join(REPO_ROOT, 'demo', 'study');

/** The demo study shipped in demo/ (the truth is in its manifest). */
export async function demoStudyBench(launch: () => Promise<Browser>): Promise<FolderStudyResult | Skipped> {
  const name = 'demo study (demo/, folder facade)';
  const manifest = path.join(REPO_ROOT, 'demo', 'manifest.json');
  if (!existsSync(manifest)) return { name, skipped: 'skipped: no demo/manifest.json' };
  const m = JSON.parse(await fs.readFile(manifest, 'utf8')) as { series: Array<{ slot: string | null; seriesInstanceUID: string }> };
  const expected = Object.fromEntries(['T1', 'T1c', 'T2', 'DW'].map((slot) => [slot, m.series.find((s) => s.slot === slot)?.seriesInstanceUID ?? null]));
  return benchFolder(name, DEMO_DIR, launch, expected);
}
