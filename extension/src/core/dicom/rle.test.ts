import { decodeRle } from './rle';
import { encodeRle } from '../../testing/rleEncoder';

describe('RLE decoder', () => {
  test('8-bit frame with runs and literals round-trips', () => {
    const values = [0, 0, 0, 0, 0, 7, 8, 9, 9, 9, 9, 1, 2, 255, 255, 3];
    const frame = encodeRle(values, 16, 8);
    expect(Array.from(decodeRle(frame, { rows: 4, columns: 4, bitsAllocated: 8, samplesPerPixel: 1 }))).toEqual(values);
  });

  test('16-bit frame: high byte segment first, long runs over 128 bytes', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i < 200 ? 4095 : i * 97));
    const frame = encodeRle(values, 300, 16);
    expect(new DataView(frame.buffer).getUint32(0, true)).toBe(2);
    const out = decodeRle(frame, { rows: 15, columns: 20, bitsAllocated: 16, samplesPerPixel: 1 });
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Array.from(out)).toEqual(values);
  });

  test('32-bit frame', () => {
    const values = [0, 1, 70000, 2 ** 31 + 5, 4294967295, 12];
    const out = decodeRle(encodeRle(values, 6, 32), { rows: 2, columns: 3, bitsAllocated: 32, samplesPerPixel: 1 });
    expect(Array.from(out)).toEqual(values);
  });

  test('colour frames come back colour-by-plane', () => {
    const planes = [1, 2, 3, 4, 10, 20, 30, 40, 100, 100, 100, 100];
    const out = decodeRle(encodeRle(planes, 4, 8, 3), { rows: 2, columns: 2, bitsAllocated: 8, samplesPerPixel: 3 });
    expect(Array.from(out)).toEqual(planes);
  });

  test('wrong segment count, short header and short segments are errors', () => {
    const frame = encodeRle([1, 2, 3, 4], 4, 8);
    expect(() => decodeRle(frame, { rows: 2, columns: 2, bitsAllocated: 16, samplesPerPixel: 1 })).toThrow(
      'RLE frame has 1 segments, expected 2',
    );
    expect(() => decodeRle(frame.subarray(0, 20), { rows: 2, columns: 2, bitsAllocated: 8, samplesPerPixel: 1 })).toThrow(/header/);
    expect(() => decodeRle(frame, { rows: 4, columns: 4, bitsAllocated: 8, samplesPerPixel: 1 })).toThrow(/holds 4 of 16 bytes/);
  });
});
