import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeMrSeries, newUid } from '../../extension/src/testing/dicomFixtures';
import { indexFolder, qidoInstances, qidoSeries, qidoStudies, wadoMetadata, wadoUriFile } from './dicomFolder';

describe('DICOM folder as DICOMweb', () => {
  let dir: string;
  const study = newUid();
  const seriesA = newUid();
  const seriesB = newUid();
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mrseq-folder-'));
    await fs.mkdir(path.join(dir, 'a', 'deeper'), { recursive: true });
    const a = makeMrSeries({ studyInstanceUID: study, seriesInstanceUID: seriesA, slices: 3, seriesDescription: 'ax t2', seriesNumber: 2 });
    const b = makeMrSeries({ studyInstanceUID: study, seriesInstanceUID: seriesB, slices: 2, modality: 'CT', seriesNumber: 1 });
    await Promise.all(a.map((f, i) => fs.writeFile(path.join(dir, 'a', 'deeper', `${i}.dcm`), f)));
    await Promise.all(b.map((f, i) => fs.writeFile(path.join(dir, `b${i}`), f)));
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not dicom');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes every DICOM file under the folder and says why the others were left out', async () => {
    const index = await indexFolder(dir);
    expect(index.instances).toHaveLength(5);
    expect(index.skipped).toEqual([{ file: path.join(dir, 'notes.txt'), reason: 'not a DICOM Part 10 file' }]);
    expect(index.instances.every((i) => !Object.keys(i.json).some((t) => t.startsWith('7FE0')))).toBe(true);
  });

  it('answers QIDO-RS for studies, series and instances, and WADO-RS metadata', async () => {
    const index = await indexFolder(dir);
    const [s] = qidoStudies(index, new URLSearchParams());
    expect(s['0020000D'].Value).toEqual([study]);
    expect(s['00080061'].Value).toEqual(['CT', 'MR']);
    expect(s['00201208'].Value).toEqual([5]);
    expect(qidoStudies(index, new URLSearchParams({ StudyInstanceUID: '1.2.3' }))).toEqual([]);
    const series = qidoSeries(index, study);
    expect(series.map((x) => [x['0020000E'].Value?.[0], x['00201209'].Value?.[0]])).toEqual(
      expect.arrayContaining([
        [seriesA, 3],
        [seriesB, 2],
      ]),
    );
    expect(qidoInstances(index, study, seriesA)).toHaveLength(3);
    const meta = wadoMetadata(index, study, seriesA);
    expect(meta).toHaveLength(3);
    expect(meta[0]['0008103E'].Value).toEqual(['ax t2']);
    expect(wadoMetadata(index, study)).toHaveLength(5);
  });

  it('finds the file of a WADO-URI request', async () => {
    const index = await indexFolder(dir);
    const sop = index.instances[0].sopUID;
    expect(wadoUriFile(index, new URLSearchParams({ requestType: 'WADO', objectUID: sop }))).toBe(index.instances[0].file);
    expect(wadoUriFile(index, new URLSearchParams({ objectUID: '9.9' }))).toBeUndefined();
  });
});
