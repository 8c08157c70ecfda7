import type { LoadedSeries } from '../types';
import { readDicom } from './index';
import {
  type MrSeriesSpec,
  asInputs,
  el,
  expectedSlice,
  makeMrSeries,
  slicePosition,
  specNormal,
} from '../../testing/dicomFixtures';

async function readOne(spec: MrSeriesSpec, order?: (files: Uint8Array[]) => Uint8Array[]): Promise<LoadedSeries> {
  const files = makeMrSeries(spec);
  const { series, failures } = await readDicom(asInputs(order ? order(files) : files));
  expect(failures).toEqual([]);
  expect(series).toHaveLength(1);
  return series[0];
}

/** Slices of volume `v` must hold the spec's slices in ascending position along the normal. */
function expectVolume(series: LoadedSeries, spec: MrSeriesSpec, v = 0, sliceOrder?: number[]): void {
  const slices = series.volumes[v].slices;
  const order = sliceOrder ?? slices.map((_, k) => k);
  expect(slices).toHaveLength(order.length);
  order.forEach((k, i) => {
    expect(Array.from(slices[i].pixels)).toEqual(Array.from(expectedSlice(spec, v, k)));
  });
}

describe('readDicom: classic single-frame MR', () => {
  test('reads a 16-bit series with its geometry and sources', async () => {
    const spec: MrSeriesSpec = { rows: 6, cols: 5, slices: 3, pixelSpacing: [0.9, 0.8], seriesDescription: 'ax T2', seriesNumber: 7 };
    const s = await readOne(spec);
    expect(s.format).toBe('dicom');
    expect(s.id).toBe(s.seriesInstanceUID);
    expect(s.seriesDescription).toBe('ax T2');
    expect(s.seriesNumber).toBe(7);
    expect(s.sources).toEqual(['file0.dcm', 'file1.dcm', 'file2.dcm']);
    expect(s.skip).toBeUndefined();
    expect(s.volumes).toHaveLength(1);
    expect(s.volumes[0].key).toBe('');
    const first = s.volumes[0].slices[0];
    expect([first.width, first.height]).toEqual([5, 6]);
    expect(first.pixels).toBeInstanceOf(Float32Array);
    expect(first.pixelSpacing).toEqual([0.9, 0.8]);
    expect(s.volumes[0].slices.map((x) => x.position)).toEqual([-40, -38, -36]);
    expectVolume(s, spec);
  });

  test('orders slices along the slice normal whatever the file order (oblique sagittal)', async () => {
    const c = Math.cos(0.3);
    const sn = Math.sin(0.3);
    const spec: MrSeriesSpec = { slices: 5, orientation: [0, c, sn, 0, -sn, c], sliceSpacing: 3 };
    const shuffle = (f: Uint8Array[]) => [f[3], f[0], f[4], f[1], f[2]];
    const s = await readOne(spec, shuffle);
    expectVolume(s, spec);
    const n = specNormal(spec);
    const positions = s.volumes[0].slices.map((x) => x.position!);
    positions.forEach((p, k) => {
      const ipp = slicePosition(spec, k)!;
      expect(p).toBeCloseTo(ipp[0] * n[0] + ipp[1] * n[1] + ipp[2] * n[2], 2);
    });
    expect(s.volumes[0].slices.map((x) => x.source)).toEqual(['file1.dcm', 'file3.dcm', 'file4.dcm', 'file0.dcm', 'file2.dcm']);
  });

  test('positions running against the normal still come out ascending along it', async () => {
    const spec: MrSeriesSpec = { slices: 4, positions: [[0, 0, 30], [0, 0, 20], [0, 0, 10], [0, 0, 0]] };
    const s = await readOne(spec);
    expect(s.volumes[0].slices.map((x) => x.position)).toEqual([0, 10, 20, 30]);
    expectVolume(s, spec, 0, [3, 2, 1, 0]);
  });

  test('without geometry tags: read in InstanceNumber order, with a warning', async () => {
    const spec: MrSeriesSpec = { slices: 4, positions: null, orientation: null, pixelSpacing: null, instanceNumbers: [4, 2, 1, 3] };
    const s = await readOne(spec);
    expectVolume(s, spec, 0, [2, 1, 3, 0]);
    expect(s.volumes[0].slices[0].position).toBeUndefined();
    expect(s.volumes[0].slices[0].pixelSpacing).toBeUndefined();
    expect(s.warnings.join('\n')).toMatch(/ImagePositionPatient.*InstanceNumber/);
    expect(s.warnings.join('\n')).toMatch(/missing PixelSpacing/);
  });

  test('applies RescaleSlope/Intercept', async () => {
    const spec: MrSeriesSpec = { slices: 2, rescale: { slope: 0.5, intercept: -100 } };
    const s = await readOne(spec);
    expectVolume(s, spec);
    expect(s.volumes[0].slices[0].pixels[0]).toBe(expectedSlice({ slices: 2 }, 0, 0)[0] * 0.5 - 100);
  });

  test('signed 16-bit pixels (PixelRepresentation 1) keep their sign', async () => {
    const spec: MrSeriesSpec = { slices: 2, pixelRepresentation: 1, pixelValue: (v, k, r, c) => (r - 4) * 1000 + c - k };
    const s = await readOne(spec);
    expectVolume(s, spec);
    expect(Math.min(...s.volumes[0].slices[0].pixels)).toBe(-4000);
  });

  test('signed 12-bit stored in 16 bits is sign-extended from BitsStored', async () => {
    const spec: MrSeriesSpec = { slices: 1, pixelRepresentation: 1, bitsStored: 12, pixelValue: (v, k, r, c) => (r - 4) * 300 + c };
    const s = await readOne(spec);
    expectVolume(s, spec);
    expect(s.volumes[0].slices[0].pixels[0]).toBe(-1200);
  });

  test('8-bit pixels', async () => {
    const spec: MrSeriesSpec = { slices: 3, bitsAllocated: 8, pixelValue: (v, k, r, c) => (r * 31 + c * 7 + k) % 256 };
    expectVolume(await readOne(spec), spec);
  });

  test('32-bit unsigned pixels', async () => {
    const spec: MrSeriesSpec = { slices: 2, bitsAllocated: 32, pixelValue: (v, k, r, c) => 70000 + r * 1000 + c };
    expectVolume(await readOne(spec), spec);
  });

  test('float pixel data (FloatPixelData)', async () => {
    const spec: MrSeriesSpec = { slices: 2, floatPixels: true, pixelValue: (v, k, r, c) => (r - 3.25) * 0.5 + c * 0.125 + k };
    const s = await readOne(spec);
    expectVolume(s, spec);
    expect(s.volumes[0].slices[0].pixels[0]).toBeCloseTo(-1.625, 5);
  });

  test('MONOCHROME1 is inverted so that bright means high signal', async () => {
    const spec: MrSeriesSpec = { slices: 1, photometric: 'MONOCHROME1', bitsStored: 12, pixelValue: (v, k, r, c) => r * 100 + c };
    const s = await readOne(spec);
    expectVolume(s, spec);
    const px = s.volumes[0].slices[0].pixels;
    expect(px[0]).toBe(4095); // stored 0 = white
    expect(px[7 * 8 + 7]).toBe(4095 - 707);
  });

  test('files of several series are grouped by SeriesInstanceUID, in input order', async () => {
    const a = makeMrSeries({ slices: 2, seriesDescription: 'A' });
    const b = makeMrSeries({ slices: 3, seriesDescription: 'B' });
    const { series, failures } = await readDicom(asInputs([b[0], a[0], b[1], a[1], b[2]]));
    expect(failures).toEqual([]);
    expect(series.map((s) => [s.seriesDescription, s.volumes[0].slices.length])).toEqual([
      ['B', 3],
      ['A', 2],
    ]);
  });

  test('a one-slice series is returned, not skipped', async () => {
    const s = await readOne({ slices: 1 });
    expect(s.skip).toBeUndefined();
    expect(s.volumes[0].slices).toHaveLength(1);
  });

  test('fills the header from the tags', async () => {
    const s = await readOne({
      slices: 2,
      seriesDescription: 'AX FLAIR',
      protocolName: 'flair_ax',
      sequenceName: '*tir2d1_16',
      scanningSequence: ['SE', 'IR'],
      sequenceVariant: ['SK', 'SP', 'MP'],
      scanOptions: ['IR', 'FS'],
      imageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
      repetitionTime: 9000,
      echoTime: 81,
      inversionTime: 2500,
      flipAngle: 150,
      contrastBolusAgent: 'Gadovist',
      manufacturer: 'SIEMENS',
      mrAcquisitionType: '2D',
      bodyPartExamined: 'BRAIN',
    });
    expect(s.header).toEqual({
      modality: 'MR',
      seriesDescription: 'AX FLAIR',
      protocolName: 'flair_ax',
      sequenceName: '*tir2d1_16',
      scanningSequence: ['SE', 'IR'],
      sequenceVariant: ['SK', 'SP', 'MP'],
      scanOptions: ['IR', 'FS'],
      imageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
      repetitionTime: 9000,
      echoTime: 81,
      inversionTime: 2500,
      flipAngle: 150,
      contrastBolusAgent: 'Gadovist',
      manufacturer: 'SIEMENS',
      mrAcquisitionType: '2D',
      photometricInterpretation: 'MONOCHROME2',
      samplesPerPixel: 1,
      bodyPartExamined: 'BRAIN',
    });
  });

  test('extra raw tags reach the header (e.g. a coded contrast agent)', async () => {
    const s = await readOne({ slices: 1, extraTags: { '00180012': el('SQ', { '00080104': el('LO', 'gadobutrol') }) } });
    expect(s.header.contrastBolusAgent).toBe('gadobutrol');
  });
});
