/**
 * The viewer end to end, timed: a 10-series synthetic MR study in Orthanc (the e2e machinery), the
 * viewer with the plugin on one origin, headless Chromium opening the study in the mrseq mode, cold
 * (fresh browser profile) and warm (a second page in the same profile). The page's timeline comes
 * from viewerTrace.ts (first image, model ready, provisional and final layout, pixel fetch and
 * inference); the page's JS heap and Chromium's memory are sampled on the cold run.
 */
import type { Browser } from 'playwright-core';
import { startViewer } from '../start/main';
import { startOrthanc } from '../e2e/orthanc';
import { stow } from '../e2e/stow';
import { syntheticStudy } from '../e2e/syntheticStudy';
import { newUid } from '../../extension/src/testing/dicomFixtures';
import { traceStudy, type ViewerTiming } from './viewerTrace';
import { chromiumRssMB } from './chromiumRss';

export interface StudyResult {
  series: number;
  images: number;
  cold: ViewerTiming;
  warm: ViewerTiming;
  chromiumRssPeakMB: number | null;
}

/** 10 MR series (phantoms of 4 contrasts, 16 slices of 128x128) in one study. */
function tenSeriesStudy() {
  const studyInstanceUID = newUid();
  return [0, 1, 2].flatMap(() => syntheticStudy({ studyInstanceUID }).filter((s) => s.truth !== 'CT')).slice(0, 10);
}

export async function studyBench(launch: () => Promise<Browser>): Promise<StudyResult> {
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
    const url = `${viewer.url}/mrseq?StudyInstanceUIDs=${uid}`;
    const cold = await traceStudy(context, url);
    const coldRss = rssPeak;
    const warm = await traceStudy(context, url);
    return { series: study.length, images: files.length, cold, warm, chromiumRssPeakMB: coldRss || null };
  } finally {
    clearInterval(sampler);
    await browser?.close();
    await viewer?.close();
    await orthanc.stop();
  }
}
