/**
 * End-to-end test: Orthanc (DICOMweb) with a brain MR study uploaded over STOW-RS, the viewer with
 * the mrseq plugin in front of it on one origin, headless Chromium checking the result.
 * Run through scripts/e2e.sh, which builds the plugin first and puts this inside a network
 * namespace with loopback only. Real series from ../shared/data when present, synthetic otherwise.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../start/build';
import { startViewer } from '../start/main';
import type { CspViolation } from '../start/csp';
import { runBrowserChecks, type Check } from './browser';
import { identifierForms } from './security';
import { startOrthanc } from './orthanc';
import { EMPTY_SLOT, EMPTY_STUDY_DESCRIPTION, emptySlotChecks } from './emptySlot';
import { realStudy, sharedDataDir } from './realStudy';
import { stow } from './stow';
import { syntheticStudy, type SyntheticSeries } from './syntheticStudy';

const SLOT_OF: Record<string, string> = { T1: 'T1', T1c: 'T1c', T2: 'T2', DWI: 'DW' };

async function main(): Promise<number> {
  const dataDir = process.env.MRSEQ_E2E_SYNTHETIC ? null : sharedDataDir(REPO_ROOT);
  const kind = dataDir ? 'real' : 'synthetic';
  console.log(`e2e: ${kind} study${dataDir ? ` from ${dataDir}` : ' (../shared/data not found: flow checks only)'}`);
  const study: SyntheticSeries[] = dataDir ? await realStudy(dataDir) : syntheticStudy();
  const second = { without: EMPTY_SLOT, studyDescription: EMPTY_STUDY_DESCRIPTION };
  const emptyStudy: SyntheticSeries[] = dataDir ? await realStudy(dataDir, second) : syntheticStudy({ ...second, honestDiffusion: true });
  const files = [...study, ...emptyStudy].flatMap((s) => s.files);
  const orthanc = await startOrthanc(Number(process.env.MRSEQ_ORTHANC_PORT ?? 8042));
  let viewer: Awaited<ReturnType<typeof startViewer>> = null;
  const checks: Check[] = [];
  try {
    const t0 = Date.now();
    const stored = await stow(orthanc.dicomweb, files);
    console.log(`e2e: STOW-RS stored ${stored.stored} of ${files.length} files in ${stored.requests} requests (${Date.now() - t0} ms)`);
    checks.push({ name: 'STOW-RS stores every file', ok: stored.stored === files.length && stored.failed === 0, detail: JSON.stringify(stored) });

    const cspReports: CspViolation[] = [];
    viewer = await startViewer({
      port: 0,
      host: '127.0.0.1',
      dicomweb: orthanc.dicomweb,
      build: false,
      buildOnly: false,
      quiet: true,
      onCspViolation: (v) => cspReports.push(v),
    });
    if (!viewer) throw new Error('the viewer did not start');
    const emptyUID = await uidOfStudyWith(orthanc.dicomweb, emptyStudy[0].seriesInstanceUID);
    const { uid: studyUID, identifiers } = await studyUid(orthanc.dicomweb, emptyUID);
    const expected = dataDir
      ? Object.fromEntries(Object.values(SLOT_OF).map((slot) => [slot, study.find((s) => SLOT_OF[s.truth] === slot)?.seriesInstanceUID ?? null]))
      : undefined;
    const screenshotDir = path.join(REPO_ROOT, 'docs', 'screenshots');
    mkdirSync(screenshotDir, { recursive: true });
    checks.push(
      ...(await runBrowserChecks({
        url: `${viewer.url}/mrseq?StudyInstanceUIDs=${studyUID}`,
        origin: viewer.url,
        expected,
        screenshotDir,
        screenshotPrefix: `e2e-${kind}`,
        cspReports: () => cspReports,
        identifiers,
        more: (page) =>
          emptySlotChecks(page, {
            url: `${viewer!.url}/mrseq?StudyInstanceUIDs=${emptyUID}`,
            timeoutMs: 180000,
            screenshot: path.join(screenshotDir, `e2e-${kind}-empty-slot.png`),
          }),
      })),
    );
  } catch (err) {
    checks.push({ name: 'the test environment starts', ok: false, detail: (err as Error).message });
  } finally {
    await viewer?.close();
    await orthanc.stop();
  }
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`(${kind} study)`);
  console.log(`e2e: ${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** The StudyInstanceUID of the study holding a series. */
async function uidOfStudyWith(dicomweb: string, seriesInstanceUID: string): Promise<string> {
  const res = await fetch(`${dicomweb}/series?SeriesInstanceUID=${seriesInstanceUID}&includefield=0020000D`);
  const uid = ((await res.json()) as Array<Record<string, { Value?: string[] }>>)[0]?.['0020000D']?.Value?.[0];
  if (typeof uid !== 'string') throw new Error(`Orthanc does not find series ${seriesInstanceUID}`);
  return uid;
}

/** The main uploaded study's UID (not `other`), and its patient's name and ID in the forms a console line could carry them. */
async function studyUid(dicomweb: string, other: string): Promise<{ uid: string; identifiers: string[] }> {
  const res = await fetch(`${dicomweb}/studies`);
  const studies = ((await res.json()) as Array<Record<string, { Value?: Array<string | { Alphabetic?: string }> }>>).filter(
    (st) => st['0020000D']?.Value?.[0] !== other,
  );
  const uid = studies[0]?.['0020000D']?.Value?.[0];
  if (typeof uid !== 'string') throw new Error('Orthanc lists no study after the upload');
  const name = studies[0]?.['00100010']?.Value?.[0];
  const id = studies[0]?.['00100020']?.Value?.[0];
  return { uid, identifiers: identifierForms(typeof name === 'object' ? name?.Alphabetic : name, typeof id === 'string' ? id : undefined) };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
