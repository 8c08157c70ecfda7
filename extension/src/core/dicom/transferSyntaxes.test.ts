import { readDicom } from './index';
import { type MrSeriesSpec, TS, asInputs, expectedSlice, makeMrSeriesAsync } from '../../testing/dicomFixtures';

async function roundTrip(spec: MrSeriesSpec) {
  const files = await makeMrSeriesAsync(spec);
  const { series, failures } = await readDicom(asInputs(files));
  expect(failures).toEqual([]);
  expect(series).toHaveLength(1);
  return series[0].volumes[0].slices;
}

function maxError(spec: MrSeriesSpec, slices: Array<{ pixels: Float32Array }>): number {
  let max = 0;
  slices.forEach((s, k) => {
    const e = expectedSlice(spec, 0, k);
    s.pixels.forEach((p, i) => (max = Math.max(max, Math.abs(p - e[i]))));
  });
  return max;
}

/** A smooth 12-bit pattern with an edge, as real images have. */
const pattern12 = (v: number, k: number, r: number, c: number) => (r < 6 ? 200 + 40 * r + 25 * c + k : 3900 - 7 * c - k);

describe('transfer syntaxes decode to the written values', () => {
  test.each([
    ['implicit VR little endian', TS.implicitLE],
    ['explicit VR little endian', TS.explicitLE],
    ['deflated explicit VR little endian', TS.deflated],
    ['explicit VR big endian', TS.bigEndian],
    ['RLE lossless', TS.rle],
    ['JPEG lossless (process 14)', TS.jpegLossless],
    ['JPEG lossless SV1', TS.jpegLosslessSV1],
    ['JPEG-LS lossless', TS.jpegLs],
    ['JPEG-LS near-lossless (written with NEAR 0)', TS.jpegLsNear],
    ['JPEG 2000 lossless', TS.j2kLossless],
    ['JPEG 2000', TS.j2k],
  ])('%s, 12-bit in 16', async (_name, transferSyntax) => {
    const spec: MrSeriesSpec = { rows: 10, cols: 12, slices: 2, bitsStored: 12, transferSyntax, pixelValue: pattern12 };
    expect(maxError(spec, await roundTrip(spec))).toBe(0);
  });

  test.each([TS.rle, TS.jpegLs, TS.j2kLossless, TS.jpegLosslessSV1])('signed 16-bit through %s', async (transferSyntax) => {
    const spec: MrSeriesSpec = {
      rows: 8,
      cols: 8,
      slices: 1,
      pixelRepresentation: 1,
      transferSyntax,
      pixelValue: (v, k, r, c) => (r - 4) * 700 + c * 3,
    };
    const slices = await roundTrip(spec);
    expect(maxError(spec, slices)).toBe(0);
    expect(Math.min(...slices[0].pixels)).toBe(-2800);
  });

  test.each([TS.rle, TS.jpegLossless, TS.jpegLs])('8-bit through %s', async (transferSyntax) => {
    const spec: MrSeriesSpec = { slices: 2, bitsAllocated: 8, transferSyntax, pixelValue: (v, k, r, c) => (r * 29 + c * 13 + k) % 256 };
    expect(maxError(spec, await roundTrip(spec))).toBe(0);
  });

  test('JPEG baseline (lossy, 8-bit) is close to the written values', async () => {
    const spec: MrSeriesSpec = {
      rows: 16,
      cols: 16,
      slices: 2,
      bitsAllocated: 8,
      transferSyntax: TS.jpegBaseline,
      pixelValue: (v, k, r, c) => 40 + 6 * r + 5 * c + k,
    };
    const slices = await roundTrip(spec);
    expect(maxError(spec, slices)).toBeLessThanOrEqual(3);
    expect(slices[1].pixels[15 * 16 + 15]).toBeGreaterThan(200);
  });

  test('rescale and MONOCHROME1 also apply to compressed data', async () => {
    const spec: MrSeriesSpec = {
      slices: 1,
      bitsStored: 12,
      photometric: 'MONOCHROME1',
      rescale: { slope: 0.25, intercept: 10 },
      transferSyntax: TS.jpegLs,
    };
    expect(maxError(spec, await roundTrip(spec))).toBe(0);
  });
});

describe('transfer syntaxes that cannot be decoded', () => {
  test('MPEG2 is reported as a failure naming the syntax', async () => {
    const files = await makeMrSeriesAsync({ slices: 2, transferSyntax: TS.mpeg2 });
    const { series, failures } = await readDicom(asInputs(files));
    expect(series).toEqual([]);
    expect(failures).toEqual([
      { source: 'file0.dcm', reason: 'unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2)' },
      { source: 'file1.dcm', reason: 'unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2)' },
    ]);
  });

  test('12-bit JPEG extended needs a decoder we do not ship', async () => {
    const files = await makeMrSeriesAsync({ slices: 1, bitsStored: 12, transferSyntax: TS.jpegLs });
    // Same file, relabelled as JPEG Extended (12-bit): the reader must refuse it with a reason.
    const relabelled = Buffer.from(files[0]).toString('latin1').replace('1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.51');
    const { failures } = await readDicom([{ source: 'x.dcm', bytes: new Uint8Array(Buffer.from(relabelled, 'latin1')) }]);
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(/^unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.51 \(JPEG Extended\): 12-bit/);
  });

  test('corrupt compressed data is a failure, not a crash', async () => {
    const files = await makeMrSeriesAsync({ slices: 2, transferSyntax: TS.j2kLossless });
    const bytes = files[1].slice();
    const soc = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x4f && bytes[i + 2] === 0xff);
    bytes.fill(0x55, soc + 2, soc + 60);
    const { series, failures } = await readDicom(asInputs([files[0], bytes]));
    expect(series[0].volumes[0].slices).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0].source).toBe('file1.dcm');
    expect(failures[0].reason).toMatch(/^JPEG 2000( Lossless)? decoding failed: /);
    expect(series[0].warnings.join('\n')).toMatch(/1 file\(s\) could not be decoded/);
  });
});
