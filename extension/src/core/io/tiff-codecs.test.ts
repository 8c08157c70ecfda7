import { lzwDecode, packBitsDecode } from './tiff-codecs';
import { lzwEncode } from './tiff-testing';

describe('lzwDecode', () => {
  it('round-trips repetitive and varied data, across table resets', () => {
    const data = new Uint8Array(20000);
    for (let i = 0; i < data.length; i++) data[i] = i < 5000 ? i % 7 : (i * 7919) % 251;
    const decoded = lzwDecode(lzwEncode(data), data.length);
    expect(decoded.length).toBe(data.length);
    expect(Buffer.from(decoded).equals(Buffer.from(data))).toBe(true);
  });
  it('handles the KwKwK case and stops at the expected length', () => {
    const data = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 2, 2]);
    expect(Array.from(lzwDecode(lzwEncode(data), 9))).toEqual(Array.from(data));
    expect(Array.from(lzwDecode(lzwEncode(data), 4))).toEqual([1, 1, 1, 1]);
  });
  it('rejects codes that are not in the table', () => {
    expect(() => lzwDecode(new Uint8Array([0x80, 0x3f, 0xff, 0xff]), 10)).toThrow('invalid LZW data');
  });
});

describe('packBitsDecode', () => {
  it('decodes the example of Apple technical note TN1023', () => {
    const packed = [0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa];
    const expected = [
      0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0x22,
      ...new Array(10).fill(0xaa),
    ];
    expect(Array.from(packBitsDecode(new Uint8Array(packed), expected.length))).toEqual(expected);
  });
  it('returns what there is for truncated input', () => {
    expect(Array.from(packBitsDecode(new Uint8Array([0x03, 1, 2]), 4))).toEqual([1, 2]);
  });
});
