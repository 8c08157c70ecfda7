import { groupFragments } from './frames';

const soi = (n: number) => new Uint8Array([0xff, 0xd8, n]);
const tail = (n: number) => new Uint8Array([n, n]);

describe('groupFragments (encapsulated pixel data without offset table)', () => {
  test('one fragment per frame is kept', () => {
    const items = [soi(1), soi(2)];
    expect(groupFragments(items, 2)).toEqual(items);
  });

  test('all fragments of a single frame are joined', () => {
    expect(Array.from(groupFragments([soi(1), tail(2), tail(3)], 1)[0])).toEqual([0xff, 0xd8, 1, 2, 2, 3, 3]);
  });

  test('several fragments per frame are split at JPEG / JPEG 2000 start markers', () => {
    const j2k = new Uint8Array([0xff, 0x4f, 9]);
    const frames = groupFragments([soi(1), tail(2), j2k, tail(4), tail(5)], 2);
    expect(frames.map((f) => Array.from(f))).toEqual([
      [0xff, 0xd8, 1, 2, 2],
      [0xff, 0x4f, 9, 4, 4, 5, 5],
    ]);
  });

  test('fragments that cannot be matched to frames are an error', () => {
    expect(() => groupFragments([tail(1), tail(2), tail(3)], 2)).toThrow('cannot split 3 pixel data fragments into 2 frames');
    expect(() => groupFragments([soi(1)], 2)).toThrow(/cannot split/);
  });
});
