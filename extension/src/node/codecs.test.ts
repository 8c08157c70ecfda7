/**
 * 12-bit JPEG (JPEG Extended) through cornerstone's decoder: a round trip through the test-only
 * 12-bit encoder (every quantiser 1, so the decoder must land within a count or two of the input),
 * directly and through the DICOM reader.
 */
import { readDicom } from '../core/dicom';
import { TS, asInputs, expectedSlice, makeMrSeriesAsync, type MrSeriesSpec } from '../testing/dicomFixtures';
import { encodeJpeg12 } from '../testing/jpeg12Encoder';
import { decodeJpeg12, levelShiftError, registerNodeCodecs } from './codecs';

const W = 21;
const H = 13;
/** A 12-bit pattern with smooth ramps, a sharp edge and values from 0 up to near the top of the range. */
const pattern = (r: number, c: number) => (c < 10 ? r * 60 + c * 150 : 4000 - r * 200 - c * 3);

describe('12-bit JPEG', () => {
  test('the decoder offset corrected here is the one cornerstone\'s decoder has (15 counts at 12 bits, none at 8)', () => {
    expect(levelShiftError(12)).toBe(15);
    expect(levelShiftError(8)).toBe(0);
  });

  test('a flat frame decodes to its value and a patterned one within 2 counts everywhere', () => {
    const flat = decodeJpeg12(encodeJpeg12(new Array(W * H).fill(2048), W, H), W, H);
    expect(new Set(flat)).toEqual(new Set([2048]));
    const src = Array.from({ length: W * H }, (_, p) => pattern(Math.floor(p / W), p % W));
    expect(Math.min(...src)).toBe(0);
    expect(Math.max(...src)).toBeGreaterThan(3900);
    const out = decodeJpeg12(encodeJpeg12(src, W, H), W, H);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Math.max(...src.map((v, i) => Math.abs(out[i] - v)))).toBeLessThanOrEqual(2);
  });

  test('the top 15 levels (4081-4095) come out as 4080: the decoder clips them before the offset is removed', () => {
    const top = decodeJpeg12(encodeJpeg12(new Array(64).fill(4095), 8, 8), 8, 8);
    expect(new Set(top)).toEqual(new Set([4080]));
    const below = decodeJpeg12(encodeJpeg12(new Array(64).fill(4079), 8, 8), 8, 8);
    expect(new Set(below)).toEqual(new Set([4079]));
  });

  test('a frame of another size or a damaged codestream is an error with a message', () => {
    const enc = encodeJpeg12(new Array(64).fill(100), 8, 8);
    expect(() => decodeJpeg12(enc, 16, 8)).toThrow('decoded frame is 8x8, expected 16x8');
    const damaged = enc.slice(0, 40);
    expect(() => decodeJpeg12(damaged, 8, 8)).toThrow(Error);
  });

  test('DICOM JPEG Extended (1.2.840.10008.1.2.4.51), 12 bits stored, reads like the uncompressed series', async () => {
    registerNodeCodecs();
    const spec: MrSeriesSpec = { rows: H, cols: W, slices: 3, bitsStored: 12, transferSyntax: TS.jpegExtended, pixelValue: (_v, s, r, c) => pattern(r, c) - s * 40 + 100 };
    const { series, failures } = await readDicom(asInputs(await makeMrSeriesAsync(spec)));
    expect(failures).toEqual([]);
    expect(series).toHaveLength(1);
    const slices = series[0].volumes[0].slices;
    expect(slices).toHaveLength(3);
    slices.forEach((s, k) => {
      const expected = expectedSlice(spec, 0, k);
      expect(Math.max(...Array.from(s.pixels, (p, i) => Math.abs(p - expected[i])))).toBeLessThanOrEqual(2);
    });
  });
});
