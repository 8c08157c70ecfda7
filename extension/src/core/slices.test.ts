import { pickVolume, selectSlices, sliceContent } from './slices';
import type { LoadedSeries, SliceImage } from './types';

function slice(fill: (r: number, c: number) => number, size = 32): SliceImage {
  const pixels = new Float32Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) pixels[r * size + c] = fill(r, c);
  return { width: size, height: size, pixels };
}

// A volume of 40 slices: 8 empty at each end, a "head" (a disc) in between that grows and shrinks.
function volume(): SliceImage[] {
  return Array.from({ length: 40 }, (_, z) => {
    const radius = z < 8 || z >= 32 ? 0 : 4 + 10 * Math.sin(((z - 8) / 24) * Math.PI);
    return slice((r, c) => ((r - 16) ** 2 + (c - 16) ** 2 < radius ** 2 ? 100 + ((r * 7 + c * 3) % 11) : 0));
  });
}

test('content is zero on empty slices and larger on slices with more anatomy', () => {
  const content = sliceContent(volume());
  expect(content[0]).toBe(0);
  expect(content[39]).toBe(0);
  expect(content[20]).toBeGreaterThan(content[9]);
});

test('N evenly spaced slices are chosen inside the anatomy, never from the empty ends', () => {
  const sel = selectSlices(volume(), 6);
  expect(sel.indices).toHaveLength(6);
  expect(Math.min(...sel.indices)).toBeGreaterThanOrEqual(8);
  expect(Math.max(...sel.indices)).toBeLessThan(32);
  const gaps = sel.indices.slice(1).map((v, i) => v - sel.indices[i]);
  expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(2);
  expect(sel.nearEmpty).toEqual(expect.arrayContaining([0, 1, 7, 32, 39]));
});

test('"all" gives every slice with anatomy', () => {
  const sel = selectSlices(volume(), 'all');
  expect(sel.indices.length).toBeGreaterThan(15);
  expect(sel.indices.every((i) => i >= 8 && i < 32)).toBe(true);
});

test('an all-zero volume gives no slices', () => {
  const sel = selectSlices([slice(() => 0), slice(() => 0)], 4);
  expect(sel.indices).toEqual([]);
  expect(sel.nearEmpty).toEqual([0, 1]);
});

test('asking for more slices than there are gives each once', () => {
  const sel = selectSlices(volume(), 500);
  expect(new Set(sel.indices).size).toBe(sel.indices.length);
});

test('the highest b-value volume of a diffusion series is the one classified', () => {
  const series: LoadedSeries = {
    id: 's',
    format: 'dicom',
    sources: [],
    header: {},
    warnings: [],
    volumes: [
      { key: 'b=0', bValue: 0, slices: volume() },
      { key: 'b=1000', bValue: 1000, slices: volume() },
      { key: 'b=500', bValue: 500, slices: volume() },
    ],
  };
  expect(pickVolume(series)?.volume.key).toBe('b=1000');
  expect(pickVolume(series)?.index).toBe(1);
  expect(pickVolume({ ...series, volumes: [] })).toBeNull();
});
