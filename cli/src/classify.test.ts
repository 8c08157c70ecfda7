/**
 * `mrseq classify` end to end over files the test writes itself: DICOM series (MR, CT, one-slice, RGB,
 * 4D diffusion), NIfTI with a .bval sidecar, a PNG, a truncated file and a stray text file; a real
 * onnxruntime-node session on the fixture model.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { makeMrSeries } from '@mrseq/extension/testing/dicomFixtures';
import { makeNifti } from '@mrseq/extension/core/io/testing';
import { buildProgram, EXIT } from './main';

const FIXTURE_MODEL = path.resolve(__dirname, '../../models/fixture-tiny');
const BIN = path.resolve(__dirname, '../bin/mrseq.js');

/** A head-like disc whose radius follows the slice, so every slice holds anatomy. */
const disc = (size: number) => (_v: number, z: number, r: number, c: number) =>
  (r - size / 2) ** 2 + (c - size / 2) ** 2 < (size / 3 + z) ** 2 ? 200 + ((r * 5 + c * 3 + z) % 40) : 5;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrseq-cli-'));
  const write = (sub: string, files: Uint8Array[]) => {
    mkdirSync(path.join(dir, sub), { recursive: true });
    files.forEach((f, i) => writeFileSync(path.join(dir, sub, `IM${String(i + 1).padStart(4, '0')}.dcm`), f));
  };
  write('t1post', makeMrSeries({ rows: 32, cols: 32, slices: 6, seriesDescription: 'AX T1 POST GD', contrastBolusAgent: 'Gadovist', pixelValue: disc(32) }));
  write('ct', makeMrSeries({ rows: 16, cols: 16, slices: 3, modality: 'CT', seriesDescription: 'HEAD CT', pixelValue: disc(16) }));
  write('single', makeMrSeries({ rows: 16, cols: 16, slices: 1, seriesDescription: 'one slice', pixelValue: disc(16) }));
  write('rgb', makeMrSeries({ rows: 8, cols: 8, slices: 2, samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, seriesDescription: 'secondary capture' }));
  write('dwi', makeMrSeries({ rows: 24, cols: 24, slices: 4, bValues: [0, 1000], seriesDescription: 'ep2d_diff', pixelValue: disc(24) }));
  const truncated = makeMrSeries({ rows: 16, cols: 16, slices: 1 })[0];
  writeFileSync(path.join(dir, 'broken.dcm'), truncated.slice(0, 400));
  writeFileSync(path.join(dir, 'notes.dat'), 'not an image');
  const data = Float32Array.from({ length: 20 * 20 * 5 * 2 }, (_, i) => (i % 20) * 3 + Math.floor(i / 400));
  writeFileSync(path.join(dir, 'dwi4d.nii.gz'), makeNifti({ dims: [20, 20, 5, 2], data, datatype: 'float32', pixdim: [1, 1, 3], gzip: true }));
  writeFileSync(path.join(dir, 'dwi4d.bval'), '0 1000\n');
  const png = new PNG({ width: 16, height: 16 });
  for (let i = 0; i < 256; i++) png.data.set([i % 200, i % 200, i % 200, 255], i * 4);
  writeFileSync(path.join(dir, 'slice.png'), PNG.sync.write(png));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let out = '';
  let err = '';
  let code = -1;
  const program = buildProgram({ out: (s) => (out += s), err: (s) => (err += s), setCode: (c) => (code = c) });
  await program.parseAsync(['node', 'mrseq', ...args]);
  return { out, err, code };
}

type SeriesJson = Record<string, any>;

describe('json report over a mixed folder', () => {
  let doc: Record<string, any>;
  let code: number;
  const find = (pred: (s: SeriesJson) => boolean) => doc.series.find(pred) as SeriesJson;

  beforeAll(async () => {
    const r = await run(['classify', dir, '--model', FIXTURE_MODEL, '--format', 'json']);
    code = r.code;
    doc = JSON.parse(r.out);
  });

  test('exit code 1 because two files could not be read; both are listed with a reason', () => {
    expect(code).toBe(EXIT.unreadable);
    const reasons = Object.fromEntries(doc.failures.map((f: SeriesJson) => [path.basename(f.source), f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['broken.dcm', 'notes.dat']);
    expect(reasons['notes.dat']).toMatch(/not a recognised image format/);
    expect(reasons['broken.dcm']).toMatch(/\S/);
  });

  test('the run header names the model, its sha256 and the label set', () => {
    expect(doc.schema_version).toBe(2);
    expect(doc.mrseq.model).toBe('mrseq-fixture-tiny');
    expect(doc.mrseq.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.mrseq.labels).toEqual(['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER']);
  });

  test('an MR series is classified slice by slice with probabilities over every label', () => {
    const s = find((x) => x.series_description === 'AX T1 POST GD');
    expect(s.format).toBe('dicom');
    expect(s.sources).toHaveLength(6);
    expect(s.num_slices).toBe(6);
    expect(['classified', 'unknown']).toContain(s.status);
    expect(s.slices.length).toBeGreaterThanOrEqual(2);
    for (const sl of s.slices) {
      const total = Object.values(sl.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 3);
      expect(sl.source).toMatch(/t1post/);
    }
    expect(Object.keys(s.probabilities)).toEqual(doc.mrseq.labels);
    expect(s.metadata.label).toBe('T1c');
    expect(s.metadata.reasons.join(' ')).toMatch(/Gadovist|post|gd/i);
  });

  test('bad series get stated results, never a label', () => {
    const ct = find((x) => x.series_description === 'HEAD CT');
    expect(ct).toMatchObject({ status: 'skipped', reason: 'skipped: CT', label: null });
    const rgb = find((x) => x.series_description === 'secondary capture');
    expect(rgb).toMatchObject({ status: 'unclassified', reason: 'unclassified: RGB image', label: null });
  });

  test("a one-slice series gets its slice's label, flagged as a single-slice decision", () => {
    const single = find((x) => x.series_description === 'one slice');
    expect(['classified', 'unknown']).toContain(single.status);
    expect(single.num_slices).toBe(1);
    expect(single.slices).toHaveLength(1);
    expect(single.image.label).toBe(single.slices[0].label);
    expect(single.warnings).toContain('single-slice decision: the label rests on one slice, not on a series');
  });

  test('a 4D diffusion series is classified on its highest b-value volume', () => {
    const d = find((x) => x.series_description === 'ep2d_diff');
    expect(d.num_volumes).toBe(2);
    expect(d.volume).toMatchObject({ key: 'b=1000', b_value: 1000 });
    expect(d.metadata.label).toBe('DWI');
    const n = find((x) => x.format === 'nifti');
    expect(n.volume).toMatchObject({ b_value: 1000, slices: 5 });
  });

  test('a 2D image is one series of one slice and is classified anyway', () => {
    const p = find((x) => x.format === 'image');
    expect(p.num_slices).toBe(1);
    expect(p.slices).toHaveLength(1);
  });

  test('the summary adds up', () => {
    const { summary } = doc;
    expect(summary.series).toBe(doc.series.length);
    expect(summary.classified + summary.unknown + summary.unclassified + summary.skipped).toBe(summary.series);
    expect(summary.skipped).toBe(1);
    expect(summary.failures).toBe(2);
  });
});

test('--slices, --no-metadata and csv', async () => {
  const one = path.join(dir, 't1post');
  const j = JSON.parse((await run(['classify', one, '--model', FIXTURE_MODEL, '--format', 'json', '--slices', '3', '--no-metadata'])).out);
  expect(j.series[0].slices).toHaveLength(3);
  expect(j.series[0].metadata).toBeNull();
  expect(j.series[0].agreement).toBe('no-metadata');
  const all = JSON.parse((await run(['classify', one, '--model', FIXTURE_MODEL, '--format', 'json', '--slices', 'all'])).out);
  expect(all.series[0].slices).toHaveLength(6);
  const csv = (await run(['classify', one, '--model', FIXTURE_MODEL, '--format', 'csv'])).out.trim().split('\n');
  expect(csv[0]).toBe('source,series_instance_uid,series_description,num_slices,status,label,confidence,reason,image_label,metadata_label,agreement,p_T1,p_T1c,p_T2,p_FLAIR,p_DWI,p_ADC,p_OTHER,study,study_label,slot');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain('AX T1 POST GD');
});

test('table lists every series and the unreadable files', async () => {
  const { out, code } = await run(['classify', dir, '--model', FIXTURE_MODEL]);
  expect(code).toBe(EXIT.unreadable);
  expect(out).toMatch(/skipped: CT/);
  expect(out).toMatch(/unclassified: RGB image/);
  expect(out).toMatch(/2 file\(s\) could not be read/);
  expect(out).toMatch(/7 series: /);
});

test('--cam writes one overlay PNG per classified slice, the size of the slice', async () => {
  const camDir = path.join(dir, 'cams');
  const { code } = await run(['classify', path.join(dir, 't1post'), '--model', FIXTURE_MODEL, '--cam', camDir, '--slices', '4']);
  expect(code).toBe(EXIT.ok);
  const files = readdirSync(camDir);
  expect(files).toHaveLength(4);
  const png = PNG.sync.read(readFileSync(path.join(camDir, files[0])));
  expect([png.width, png.height]).toEqual([32, 32]);
});

test('model problems exit 3 with the reason', async () => {
  const missing = await run(['classify', dir, '--model', path.join(dir, 'nowhere')]);
  expect(missing.code).toBe(EXIT.model);
  expect(missing.err).toMatch(/no model at .*nowhere \(model.json not found\)/);
  const tampered = path.join(dir, 'tampered-model');
  cpSync(FIXTURE_MODEL, tampered, { recursive: true });
  const onnx = readFileSync(path.join(tampered, 'model.onnx'));
  onnx[onnx.length - 1] ^= 0xff;
  writeFileSync(path.join(tampered, 'model.onnx'), onnx);
  const bad = await run(['classify', path.join(dir, 't1post'), '--model', tampered]);
  expect(bad.code).toBe(EXIT.model);
  expect(bad.err).toMatch(/the model file .*model.onnx is not the one model.json describes \(sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…\); refusing to run it/);
  rmSync(tampered, { recursive: true });
});

test('usage errors exit 2', async () => {
  expect((await run(['classify', path.join(dir, 'does-not-exist'), '--model', FIXTURE_MODEL])).code).toBe(EXIT.usage);
  await expect(run(['classify', dir, '--slices', 'zero'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
});

test('the installed bin runs as a real process with the documented exit code', async () => {
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [BIN, 'classify', path.join(dir, 'ct'), '--model', FIXTURE_MODEL, '--format', 'json'], (error, stdout) => {
      resolve({ code: error ? (error.code as number) : 0, stdout });
    });
  });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).series[0].reason).toBe('skipped: CT');
});

test('an explicit --min-slices still refuses a one-slice series; the table flags a single-slice decision', async () => {
  const strict = await run(['classify', path.join(dir, 'single'), '--model', FIXTURE_MODEL, '--format', 'json', '--min-slices', '2']);
  const [s] = JSON.parse(strict.out).series;
  expect(s).toMatchObject({ status: 'unclassified', label: null, reason: 'unclassified: 1 slice, too few to classify (needs 2)' });
  const table = await run(['classify', path.join(dir, 'single'), '--model', FIXTURE_MODEL]);
  expect(table.out).toMatch(/\(single slice\)|unknown/);
});
