import { readDicom, registerJpeg12Decoder } from './index';
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

  test('12-bit JPEG extended is refused with a reason where no 12-bit decoder is registered (the browser core)', async () => {
    registerJpeg12Decoder(undefined);
    const files = await makeMrSeriesAsync({ slices: 1, bitsStored: 12, transferSyntax: TS.jpegExtended });
    const { failures } = await readDicom([{ source: 'x.dcm', bytes: files[0] }]);
    expect(failures).toEqual([{ source: 'x.dcm', reason: 'JPEG Extended decoding failed: 12-bit JPEG needs a 12-bit decoder, and none is available here' }]);
  });

  test('a codestream whose own header disagrees with Rows/Columns is refused before decoding', async () => {
    const files = await makeMrSeriesAsync({ slices: 1, rows: 8, cols: 8, transferSyntax: TS.jpegLs });
    const bytes = files[0].slice();
    const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xf7);
    bytes.set([0xff, 0xff, 0xff, 0xff], sof + 5); // the JPEG-LS frame header claims 65535 x 65535
    const { failures } = await readDicom([{ source: 'x.dcm', bytes }]);
    expect(failures).toEqual([{ source: 'x.dcm', reason: 'JPEG-LS Lossless: the codestream is 65535x65535, the DICOM header says 8x8' }]);
  });

  test('a truncated JPEG-LS codestream is refused without running the decoder', async () => {
    const files = await makeMrSeriesAsync({ slices: 1, rows: 8, cols: 8, transferSyntax: TS.jpegLs });
    const truncated = files[0].slice();
    let eoi = truncated.length - 2;
    while (!(truncated[eoi] === 0xff && truncated[eoi + 1] === 0xd9)) eoi--;
    truncated.fill(0, eoi - 6, eoi + 2); // the last bytes of the scan and the end marker are gone (zero padding)
    const { failures } = await readDicom([{ source: 'x.dcm', bytes: truncated }]);
    expect(failures).toEqual([{ source: 'x.dcm', reason: 'JPEG-LS Lossless: truncated codestream (no end-of-image marker)' }]);
  });

  test('corrupt compressed data is a failure, not a crash', async () => {
    const files = await makeMrSeriesAsync({ slices: 2, transferSyntax: TS.j2kLossless });
    const bytes = files[1].slice();
    const soc = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x4f && bytes[i + 2] === 0xff);
    const siz = soc + 2;
    const afterSiz = siz + 2 + ((bytes[siz + 2] << 8) | bytes[siz + 3]);
    bytes.fill(0x55, afterSiz, afterSiz + 40); // coding parameters destroyed, image size intact
    const { series, failures } = await readDicom(asInputs([files[0], bytes]));
    expect(series[0].volumes[0].slices).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0].source).toBe('file1.dcm');
    expect(failures[0].reason).toMatch(/^JPEG 2000( Lossless)? decoding failed: /);
    expect(series[0].warnings.join('\n')).toMatch(/1 file\(s\) could not be decoded/);
  });
});
