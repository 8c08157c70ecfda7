/**
 * The demo study `npm start` offers: committed as written by makeDemo.ts (manifest, sizes,
 * attribution in every file, no identity), offered by `npm start` without arguments and served by
 * the folder facade, and classified by the model the viewer ships into all four viewports of the 2x2.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import dcmjs from 'dcmjs';
import { appConfigJs, appConfigObject } from '../start/appConfig';
import { resolveModelDir } from '../start/build';
import { indexFolder } from '../start/dicomFolder';
import { DEMO_STUDY_DIR, parseArgs } from '../start/main';
import { createServer } from '../start/server';
import type { DemoManifest } from './makeDemo';

const DEMO = path.resolve(__dirname, '../../demo');
const manifest = JSON.parse(readFileSync(path.join(DEMO, 'manifest.json'), 'utf8')) as DemoManifest;
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('the demo study', () => {
  it('is four series of a few slices, a few MB, as its manifest says, with attribution and no identity in every file', async () => {
    expect(manifest.series.map((s) => s.slot).sort()).toEqual(['DW', 'T1', 'T1c', 'T2']);
    const all = files(DEMO_STUDY_DIR);
    const bytes = all.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThan(5e6);
    const index = await indexFolder(DEMO_STUDY_DIR);
    expect(index.skipped).toEqual([]);
    expect(new Set(index.instances.map((i) => i.studyUID))).toEqual(new Set([manifest.studyInstanceUID]));
    for (const s of manifest.series) {
      expect(index.instances.filter((i) => i.seriesUID === s.seriesInstanceUID)).toHaveLength(s.slices);
    }
    for (const f of all) {
      const bytes8 = readFileSync(f);
      const d = dcmjs.data.DicomMessage.readFile(bytes8.buffer.slice(bytes8.byteOffset, bytes8.byteOffset + bytes8.byteLength), { untilTag: '7FE00010' }).dict as Record<string, { Value?: unknown[] }>;
      expect(d['00100010'].Value?.[0]).toEqual({ Alphabetic: 'MRSEQ^DEMO' });
      expect(String(d['00204000'].Value?.[0])).toMatch(/^mrseq demo; source: .+; licence: (CC BY 3\.0|BSD-2-Clause)/);
      for (const tag of ['00100030', '00100040', '00080020', '00080080', '00080090']) expect(d[tag]).toBeUndefined();
    }
    expect(readFileSync(path.join(DEMO, 'README.md'), 'utf8')).toMatch(/CC BY 3\.0[\s\S]*10\.7937\/K9\/TCIA\.2016\.L4LTD3TK[\s\S]*BSD-2-Clause/);
  });

  it('is what `npm start` serves without arguments, as the default data source, local files still one click away', async () => {
    expect(parseArgs([])).toMatchObject({ folder: DEMO_STUDY_DIR, demo: true });
    expect(parseArgs(['--no-demo']).folder).toBeUndefined();
    expect(parseArgs(['some/folder'])).toMatchObject({ folder: 'some/folder' });
    expect(parseArgs(['some/folder']).demo).toBeUndefined();
    expect(parseArgs(['--dicomweb', 'http://x']).folder).toBeUndefined();
    const config = appConfigObject({ dicomweb: 'folder' }, 'http://h') as { defaultDataSourceName: string; dataSources: Array<{ sourceName: string }> };
    expect(config.defaultDataSourceName).toBe('dicomweb');
    expect(config.dataSources.map((d) => d.sourceName)).toEqual(['dicomlocal', 'dicomweb']);

    const server = createServer({ ohifDir: DEMO, pluginDir: DEMO, appConfigJs: appConfigJs({ dicomweb: 'folder' }), dicomweb: { kind: 'folder', index: await indexFolder(DEMO_STUDY_DIR) } });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const studies = (await (await fetch(`${url}/dicomweb/studies`)).json()) as Array<Record<string, { Value: unknown[] }>>;
      expect(studies.map((s) => s['0020000D'].Value[0])).toEqual([manifest.studyInstanceUID]);
      expect(studies[0]['00201206'].Value[0]).toBe(4);
      const series = (await (await fetch(`${url}/dicomweb/studies/${manifest.studyInstanceUID}/series`)).json()) as unknown[];
      expect(series).toHaveLength(4);
      const meta = (await (await fetch(`${url}/dicomweb/studies/${manifest.studyInstanceUID}/series/${manifest.series[0].seriesInstanceUID}/metadata`)).json()) as Array<Record<string, { Value: string[] }>>;
      const file = await fetch(`${url}/dicomweb/wado?requestType=WADO&objectUID=${meta[0]['00080018'].Value[0]}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/dicom');
    } finally {
      server.close();
    }
  });

  it('is arranged into all four viewports by the model the viewer ships (mrseq classify with it, then the study-level decision)', async () => {
    // the model `npm start` builds into the viewer (resolveModelDir: MRSEQ_MODEL_DIR, else the released model)
    const model = resolveModelDir();
    expect(model.fixture).toBe(false);
    const bin = path.resolve(__dirname, '../../cli/bin/mrseq.js');
    const json = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [bin, 'classify', DEMO_STUDY_DIR, '--model', model.dir, '--format', 'json', '--no-progress'], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        err && !stdout ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    // the studies block is core/study/decideStudy, the planner the viewer's layout runs on
    const report = JSON.parse(json) as { studies: Array<{ slots: Record<string, { series: string | null }> }> };
    expect(report.studies).toHaveLength(1);
    const shown = Object.fromEntries(Object.entries(report.studies[0].slots).map(([slot, v]) => [slot, v.series]));
    expect(shown).toEqual(Object.fromEntries(manifest.series.map((s) => [s.slot, s.seriesInstanceUID])));
  });
});
