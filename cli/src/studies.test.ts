/**
 * `mrseq classify` sees studies: series grouped by StudyInstanceUID (DICOM), by BIDS subject/session
 * or by folder (NIfTI), each study decided together and reported in the JSON `studies` block, the
 * table's "Studies" section and the CSV's study columns. Files written by the test; the fixture model
 * (its labels mean nothing, so the assertions are about structure and the header/geometry facts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeNifti } from '@mrseq/extension/core/io/testing';
import { el, makeMrSeries, newUid } from '@mrseq/extension/testing/dicomFixtures';
import { buildProgram } from './main';

const FIXTURE_MODEL = path.resolve(__dirname, '../../models/fixture-tiny');
const disc = (size: number, bright = 0) => (_v: number, z: number, r: number, c: number) =>
  (r - size / 2) ** 2 + (c - size / 2) ** 2 < (size / 3 + z) ** 2 ? 200 + ((r * 5 + c * 3 + z) % 40) + (c % 7 === 0 ? bright : 0) : 5;
const SAGITTAL = [0, 1, 0, 0, 0, -1];

let dir: string;
let studyUID: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrseq-studies-'));
  studyUID = newUid();
  const write = (sub: string, files: Uint8Array[]) => {
    mkdirSync(path.join(dir, sub), { recursive: true });
    files.forEach((f, i) => writeFileSync(path.join(dir, sub, `IM${i + 1}.dcm`), f));
  };
  const study = (time: string) => ({ '00081030': el('LO', 'MR BRAIN W & W/O'), '00080031': el('TM', time) });
  const t1 = { rows: 32, cols: 32, slices: 6, studyInstanceUID: studyUID, sequenceName: 'se2d1', repetitionTime: 500, echoTime: 10 };
  write('exam/s3', makeMrSeries({ ...t1, seriesNumber: 3, seriesDescription: 'AX T1', extraTags: study('101500'), pixelValue: disc(32) }));
  write('exam/s9', makeMrSeries({ ...t1, seriesNumber: 9, seriesDescription: 'AX T1', extraTags: study('103000'), pixelValue: disc(32, 900) }));
  write('exam/s4', makeMrSeries({ ...t1, seriesNumber: 4, seriesDescription: 'SAG T2', orientation: SAGITTAL, repetitionTime: 4000, echoTime: 100, extraTags: study('102000'), pixelValue: disc(32) }));
  write('exam/s1', makeMrSeries({ rows: 32, cols: 32, slices: 3, studyInstanceUID: studyUID, seriesNumber: 1, imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'], seriesDescription: 'localizer', extraTags: study('100000'), pixelValue: disc(32) }));
  const vol = (k: number) => makeNifti({ dims: [16, 16, 6], data: Float32Array.from({ length: 16 * 16 * 6 }, (_, i) => ((i * k) % 97) + 5), datatype: 'float32', pixdim: [1, 1, 4], gzip: true });
  mkdirSync(path.join(dir, 'subj7'));
  writeFileSync(path.join(dir, 'subj7', 'T1.nii.gz'), vol(3));
  writeFileSync(path.join(dir, 'subj7', 'FLAIR.nii.gz'), vol(5));
  for (const [sub, name] of [['anat', 'sub-02_ses-1_T1w'], ['dwi', 'sub-02_ses-1_dwi']]) {
    mkdirSync(path.join(dir, 'bids', 'sub-02', 'ses-1', sub), { recursive: true });
    writeFileSync(path.join(dir, 'bids', 'sub-02', 'ses-1', sub, `${name}.nii.gz`), vol(7));
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(format: string) {
  let out = '';
  let code = -1;
  const program = buildProgram({ out: (s) => (out += s), err: () => undefined, setCode: (c) => (code = c) });
  await program.parseAsync(['node', 'mrseq', 'classify', dir, '--model', FIXTURE_MODEL, '--format', format, '--no-progress']);
  return { out, code };
}

describe('the studies block (schema_version 2)', () => {
  let doc: Record<string, any>;
  beforeAll(async () => {
    doc = JSON.parse((await run('json')).out);
  });
  const studyWith = (pred: (s: any) => boolean) => doc.studies.find(pred);

  test('DICOM series are grouped by StudyInstanceUID, NIfTI by folder, BIDS by subject/session across folders', () => {
    expect(doc.schema_version).toBe(2);
    const exam = studyWith((s: any) => s.grouped_by === 'StudyInstanceUID');
    expect(exam.id).toBe(studyUID);
    expect(exam.series.map((s: any) => s.series_number).sort((a: number, b: number) => a - b)).toEqual([1, 3, 4, 9]);
    const folder = studyWith((s: any) => s.grouped_by === 'folder' && s.id.endsWith('subj7'));
    expect(folder.series).toHaveLength(2);
    const bids = studyWith((s: any) => s.grouped_by === 'BIDS subject/session');
    expect(bids.id).toBe(`sub-02/ses-1 in ${path.join(dir, 'bids')}`);
    expect(bids.series).toHaveLength(2);
    for (const s of doc.series) expect(doc.studies.map((x: any) => x.id)).toContain(s.study);
  });

  test('every study has the four slots, each with a series or a reason for being empty', () => {
    for (const study of doc.studies) {
      expect(Object.keys(study.slots)).toEqual(['T1', 'T1c', 'T2', 'DW']);
      for (const slot of Object.values(study.slots) as any[]) {
        if (slot.series) {
          expect(slot.message).toBeNull();
          expect(study.series.find((s: any) => s.id === slot.series).slot).toBeTruthy();
          expect(slot.probability).toBeGreaterThanOrEqual(0.5);
        } else {
          expect(slot.message).toMatch(/^(No .* in this study|Not sure: .* looks .* \(\d+%\))/);
        }
      }
    }
  });

  test('the study words, acquisition times and planes are read from the headers', () => {
    const exam = studyWith((s: any) => s.grouped_by === 'StudyInstanceUID');
    expect(exam.contrast_context).toEqual({ contrast: 'both', reason: 'study description "MR BRAIN W & W/O": pre- and post-contrast series expected' });
    const facts = (n: number) => doc.series.find((s: any) => s.series_number === n).facts;
    expect(facts(4).plane).toBe('sagittal');
    expect(facts(3)).toMatchObject({ plane: 'axial', time_s: 10 * 3600 + 15 * 60, slices: 6, coverage_mm: 10, sequence_key: 'se2d1||500|10||' });
    expect(facts(3).enhancement.length).toBeGreaterThan(0);
    expect(doc.series.find((s: any) => s.series_number === 1).metadata.evidence[0]).toMatchObject({ kind: 'imageType', labels: ['OTHER'], class: 'LOCALIZER' });
  });
});

test('the table ends with a Studies section; the CSV gains study columns', async () => {
  const table = (await run('table')).out;
  expect(table).toMatch(/Studies \(3 with two or more series/);
  expect(table).toContain('"MR BRAIN W & W/O"');
  const csv = (await run('csv')).out.split('\n');
  expect(csv[0].split(',').slice(-3)).toEqual(['study', 'study_label', 'slot']);
});
