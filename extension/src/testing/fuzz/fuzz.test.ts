/**
 * The fuzz smoke run of `npm test`: a few hundred seeded mutations (bit flips, truncations, length
 * field and VR corruption, duplicated and deleted elements, huge declared sizes) of small valid files
 * of every reader, under an allocation guard (64 MiB per allocation: the inputs are a few KiB, so more
 * means a declared size was trusted). No timing here: hangs are prevented structurally (sizes checked
 * before allocating or looping); the long run with a per-file time limit is `npm run fuzz`.
 * Plus one test per crash class the fuzzer found, each refused before allocating.
 */
import { Gzip } from 'fflate';
import { readDicom } from '../../core/dicom';
import { readImage2d } from '../../core/io/image2d';
import { readMgh } from '../../core/io/mgz';
import { readNifti } from '../../core/io/nifti';
import { encodePng } from '../../core/io/png-testing';
import { makeTiff } from '../../core/io/tiff-testing';
import { makeMgh, makeNifti } from '../../core/io/testing';
import { TS, el, makeMrSeries } from '../dicomFixtures';
import { hugeDeclaredFrame } from './dicomMutators';
import { installAllocationGuard } from './guard';
import { type FuzzCase, failureSignature, isFailure, makeCase, runCase } from './harness';
import { type Seed, buildSeeds } from './seeds';

const GUARD_BYTES = 64 * 2 ** 20;
const SMOKE_CASES = 400;
const SMOKE_SEED = 20261202;

let seeds: Seed[];
let uninstall: () => void = () => {};

beforeAll(async () => {
  seeds = await buildSeeds();
  uninstall = installAllocationGuard(GUARD_BYTES);
});

afterAll(() => uninstall());

test('every seed reads cleanly (a broken seed would make the fuzzing meaningless)', async () => {
  expect(seeds.length).toBeGreaterThanOrEqual(25);
  for (const s of seeds) {
    const c: FuzzCase = { index: -1, seed: s.name, fileIndex: 0, what: 'none', fileName: s.fileName, reader: s.reader, files: s.files };
    expect([s.name, await runCase(c)]).toEqual([s.name, { kind: 'result', detail: '' }]);
  }
});

test('cases are reproducible from the run seed and their index', () => {
  const a = makeCase(seeds, SMOKE_SEED, 17);
  const b = makeCase(seeds, SMOKE_SEED, 17);
  expect(a.what).toBe(b.what);
  expect(a.files).toEqual(b.files);
  expect(makeCase(seeds, SMOKE_SEED + 1, 17).what === a.what && makeCase(seeds, SMOKE_SEED + 1, 17).files[0].length === a.files[0].length).toBe(false);
});

test(`${SMOKE_CASES} mutated files: every outcome is a valid result or a readable refusal`, async () => {
  const failures: string[] = [];
  const kinds: Record<string, number> = {};
  for (let i = 0; i < SMOKE_CASES; i++) {
    const c = makeCase(seeds, SMOKE_SEED, i);
    const o = await runCase(c);
    kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    if (isFailure(o)) failures.push(`#${i} ${c.seed} (${c.what}): ${failureSignature(c, o)}`);
  }
  expect(failures).toEqual([]);
  // Both kinds of outcome occur: the mutations neither all miss nor all destroy the files.
  expect(kinds.result).toBeGreaterThan(SMOKE_CASES / 10);
  expect(kinds.refused).toBeGreaterThan(SMOKE_CASES / 10);
});

describe('huge declared sizes are refused before allocating (each was a crash or an allocation the fuzzer found)', () => {
  test('DICOM: Rows and Columns 65535 with NumberOfFrames 2^31 (classic and enhanced)', async () => {
    for (const spec of [{}, { enhanced: true }]) {
      const files = makeMrSeries({ rows: 8, cols: 8, slices: 2, ...spec });
      const { series, failures } = await readDicom([{ source: 'huge.dcm', bytes: hugeDeclaredFrame(files[0], { explicit: true }) }]);
      // The too-large frame skips the series before its pixels are looked at.
      expect(failures).toEqual([]);
      expect(series.map((s) => s.skip)).toEqual(['skipped: image too large (65535x65535 pixels per frame, limit 16777216)']);
    }
  });

  test('DICOM: a NumberOfFrames the pixel data cannot hold is a failure, not a loop over 2^32 frames', async () => {
    const frames = { '00280008': el('IS', '4294967297') };
    const [native] = makeMrSeries({ rows: 8, cols: 8, slices: 1, enhanced: true, extraTags: frames });
    const [rle] = makeMrSeries({ rows: 8, cols: 8, slices: 1, enhanced: true, transferSyntax: TS.rle, extraTags: frames });
    const { series, failures } = await readDicom([
      { source: 'native.dcm', bytes: native },
      { source: 'rle.dcm', bytes: rle },
    ]);
    expect(series).toEqual([]);
    expect(failures).toEqual([
      { source: 'native.dcm', reason: 'truncated pixel data: 128 bytes, expected 549755814016 (4294967297 frame(s) of 8x8, 16 bits)' },
      { source: 'rle.dcm', reason: 'cannot split 1 pixel data fragments into 4294967297 frames' },
    ]);
  });

  test('DICOM: BitsAllocated 0 with a huge NumberOfFrames', async () => {
    const [file] = makeMrSeries({ rows: 8, cols: 8, slices: 1, extraTags: { '00280100': el('US', 0), '00280008': el('IS', '2147483648') } });
    const { failures } = await readDicom([{ source: 'bits.dcm', bytes: file }]);
    expect(failures).toEqual([{ source: 'bits.dcm', reason: 'invalid Image Pixel module: BitsAllocated 0, SamplesPerPixel 1' }]);
  });

  test('NIfTI-1 and NIfTI-2 dims far beyond the file, plain and gzipped', () => {
    const set = (bytes: Uint8Array, v2: boolean) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      for (const n of [1, 2, 3]) {
        if (v2) view.setBigInt64(16 + 8 * n, 2n ** 31n, true);
        else view.setInt16(40 + 2 * n, 32767, true);
      }
      return bytes;
    };
    const v1 = set(makeNifti({ dims: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }), false);
    expect(readNifti('a.nii', v1).skip).toBe('skipped: image too large (32767x32767x32767 voxels, limit 268435456)');
    const v2 = set(makeNifti({ dims: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8], version: 2 }), true);
    expect(readNifti('b.nii', v2).skip).toBe('skipped: image too large (2147483648x2147483648x2147483648 voxels, limit 268435456)');
  });

  test('a .nii.gz that inflates to far more than its header declares is only inflated as far as needed', () => {
    const data = new Array(16 * 16 * 4).fill(0).map((_, i) => i % 97);
    const plain = makeNifti({ dims: [16, 16, 4], data });
    // 96 MiB of zeros after the voxels (compressed in 1 MiB pieces, more than the 64 MiB guard): the
    // stream inflates to all of it, and its trailer says so.
    const parts: Uint8Array[] = [];
    const gzip = new Gzip({ level: 1 }, (chunk) => parts.push(chunk));
    gzip.push(plain);
    const zeros = new Uint8Array(2 ** 20);
    for (let i = 0; i < 96; i++) gzip.push(zeros, i === 95);
    const gz = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (gz.set(p, at), at + p.length), 0);
    expect(gz.length).toBeLessThan(1e6);
    const s = readNifti('bomb.nii.gz', gz);
    expect(s.skip).toBeUndefined();
    expect(s.volumes[0].slices).toHaveLength(4);
  });

  test('MGH dims 2048^3', () => {
    const bytes = makeMgh({ dims: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] });
    const view = new DataView(bytes.buffer);
    for (const at of [4, 8, 12]) view.setInt32(at, 2048, false);
    expect(readMgh('a.mgh', bytes).skip).toBe('skipped: image too large (2048x2048x2048x1 voxels, limit 268435456)');
  });

  test('PNG, TIFF and JPEG that declare 2^31 x 30000 or 65535 x 65535 pixels', async () => {
    const png = encodePng({ width: 4, height: 4, colorType: 0, depth: 8, samples: new Array(16).fill(9) });
    new DataView(png.buffer).setUint32(16, 0x7fffffff);
    new DataView(png.buffer).setUint32(20, 30000);
    expect((await readImage2d('a.png', png)).skip).toBe('skipped: image too large (2147483647x30000 pixels, limit 16777216)');
    const tiff = makeTiff({ width: 4, height: 4, channels: 1, bits: 8, data: new Array(16).fill(9) });
    const tv = new DataView(tiff.buffer);
    tv.setUint32(10 + 8, 65535, true); // ImageWidth (first entry)
    tv.setUint32(22 + 8, 65535, true); // ImageLength
    expect((await readImage2d('a.tif', tiff)).skip).toBe('skipped: image too large (65535x65535 pixels, limit 16777216)');
    const spp = makeTiff({ width: 4, height: 4, channels: 1, bits: 8, data: new Array(16).fill(9) });
    new DataView(spp.buffer).setUint16(10 + 6 * 12 + 8, 65535, true); // SamplesPerPixel (seventh entry)
    expect((await readImage2d('b.tif', spp)).skip).toBe('unclassified: TIFF with 65535 samples per pixel not supported');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0xff, 0xff, 0xff, 0xff, 1, 1, 0x11, 0, 0xff, 0xd9]);
    expect((await readImage2d('a.jpg', jpeg)).skip).toBe('skipped: image too large (65535x65535 pixels, limit 16777216)');
  });

  test('extreme rescaling gives finite pixels and a warning instead of Infinity', async () => {
    const files = makeMrSeries({ rows: 4, cols: 4, slices: 2, rescale: { slope: 1e308, intercept: 0 } });
    const { series } = await readDicom(files.map((bytes, i) => ({ source: `r${i}.dcm`, bytes })));
    expect(series[0].volumes[0].slices.every((s) => s.pixels.every(Number.isFinite))).toBe(true);
    expect(series[0].warnings).toContainEqual(expect.stringMatching(/^\d+ pixel values were NaN or infinite: set to 0$/));
    const nii = makeNifti({ dims: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8], datatype: 'uint8', sclSlope: 1e38 });
    const s = readNifti('s.nii', nii);
    expect(s.volumes[0].slices.every((sl) => sl.pixels.every(Number.isFinite))).toBe(true);
    expect(s.warnings).toContain('5 voxels were NaN or infinite: set to 0'); // 4e38 and up overflow float32
  });
});

test('the allocation guard itself refuses an oversized typed array', () => {
  expect(() => new Float32Array(GUARD_BYTES)).toThrow(/^fuzz guard: Float32Array of \d+ bytes/);
  expect(new Float32Array(16).length).toBe(16);
  expect(TS.explicitLE).toBe('1.2.840.10008.1.2.1');
});
