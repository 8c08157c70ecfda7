import { borderMedian, percentilesInPlace, preprocessSlice } from './preprocess';

/** The percentile's definition, on already sorted values: position q/100 * (n-1), interpolated linearly. */
function percentileSorted(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = pos - lo;
  return sorted[lo] * (1 - t) + sorted[hi] * t;
}

const opts = { size: 8, percentiles: [1, 99] as [number, number], mean: 0.5, std: 0.5 };

test('percentiles interpolate linearly between sorted values', () => {
  const s = Float64Array.from([0, 10, 20, 30, 40]);
  expect(percentileSorted(s, 0)).toBe(0);
  expect(percentileSorted(s, 50)).toBe(20);
  expect(percentileSorted(s, 10)).toBeCloseTo(4, 10);
  expect(percentileSorted(s, 100)).toBe(40);
  expect(percentilesInPlace(Float64Array.from([40, 0, 30, 10, 20]), [0, 50, 10, 100])).toEqual([0, 20, expect.closeTo(4, 10), 40]);
});

test('percentiles found by selection equal those of the sorted array, bit for bit', () => {
  // A fixed linear congruential generator, so the cases are the same on every run.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const qs = [0, 0.5, 1, 2.5, 50, 97.5, 99, 100];
  const cases: Float64Array[] = [
    Float64Array.from([7]),
    Float64Array.from([3, 1]),
    Float64Array.from({ length: 25600 }, () => rand() * 1000 - 200),
    // A background of zeros with a few distinct values: the shape of a masked or padded slice.
    Float64Array.from({ length: 25600 }, (_, i) => (i % 7 === 0 ? Math.floor(rand() * 50) : 0)),
    Float64Array.from({ length: 1000 }, () => 4),
    Float64Array.from({ length: 999 }, (_, i) => i), // already sorted
    Float64Array.from({ length: 999 }, (_, i) => 999 - i), // reversed
    Float64Array.from({ length: 4096 }, () => Math.round(rand() * 3) - 1),
  ];
  for (const values of cases) {
    const sorted = Float64Array.from(values).sort();
    const expected = qs.map((q) => percentileSorted(sorted, q));
    // Asked in a scrambled order, as a model.json could list them.
    const scrambled = [99, 0, 50, 100, 1, 97.5, 2.5, 0.5];
    const got = percentilesInPlace(Float64Array.from(values), scrambled);
    scrambled.forEach((q, i) => expect(got[i]).toBe(expected[qs.indexOf(q)]));
  }
});

test('percentile selection refuses an empty array and a percentile outside 0-100', () => {
  expect(() => percentilesInPlace(new Float64Array(0), [1])).toThrow(/no values/);
  expect(() => percentilesInPlace(Float64Array.from([1, 2]), [101])).toThrow(/outside 0-100/);
  expect(() => percentilesInPlace(Float64Array.from([1, 2]), [Number.NaN])).toThrow(/outside 0-100/);
});

test('a wide image is centred in a square field of view, padded with its minimum', () => {
  // 4 rows x 8 columns, 1 mm: the image fills rows 2..5 of the 8x8 grid.
  const px = Float32Array.from({ length: 32 }, (_, i) => 100 + (i % 8) * 10);
  const out = preprocessSlice(px, 4, 8, [1, 1], { ...opts, mean: 0, std: 1 });
  expect(out.empty).toBe(false);
  expect(out.tensor).toHaveLength(64);
  const row = (r: number) => Array.from(out.tensor.slice(r * 8, r * 8 + 8));
  expect(row(0).every((v) => v === 0)).toBe(true);
  expect(row(7).every((v) => v === 0)).toBe(true);
  expect(row(3)[7]).toBeCloseTo(1, 6);
  expect(row(3)[0]).toBeCloseTo(0, 6);
  expect(out.geometry).toMatchObject({ fov: 8, offsetY: 2, offsetX: 0, width: 8, height: 4 });
});

test('anisotropic pixels are resampled to physical proportions', () => {
  // 8x4 pixels of 1 mm (rows) x 2 mm (columns) is physically square: nothing is padded.
  const px = Float32Array.from({ length: 32 }, (_, i) => i);
  const out = preprocessSlice(px, 8, 4, [1, 2], { ...opts, mean: 0, std: 1 });
  expect(out.geometry.offsetX).toBe(0);
  expect(out.geometry.offsetY).toBe(0);
  expect(out.tensor[0]).toBeCloseTo(0, 6);
  expect(out.tensor[63]).toBeCloseTo(1, 6);
});

test('a constant slice is empty and maps to one value', () => {
  const out = preprocessSlice(new Float32Array(100).fill(7), 10, 10, undefined, opts);
  expect(out.empty).toBe(true);
  expect(new Set(out.tensor).size).toBe(1);
  expect(out.tensor[0]).toBeCloseTo(-1, 6);
});

test('NaN and infinities do not leak into the model input', () => {
  const px = Float32Array.from({ length: 64 }, (_, i) => (i === 3 ? NaN : i === 9 ? Infinity : i));
  const out = preprocessSlice(px, 8, 8, [1, 1], opts);
  expect(Array.from(out.tensor).every(Number.isFinite)).toBe(true);
});

test('a size mismatch is a readable error', () => {
  expect(() => preprocessSlice(new Float32Array(10), 4, 4, undefined, opts)).toThrow('slice is 4x4 but holds 10 values');
});

test('mrseq-prep-2 pads with the median of the border, not the minimum', () => {
  // 4 rows x 8 columns, noisy background 50 on the border, one dark pixel (0) inside.
  const px = new Float32Array(32).fill(50);
  px[1 * 8 + 3] = 0;
  px[2 * 8 + 4] = 400;
  const prep1 = preprocessSlice(px, 4, 8, [1, 1], { ...opts, mean: 0, std: 1 });
  const prep2 = preprocessSlice(px, 4, 8, [1, 1], { ...opts, mean: 0, std: 1, version: 'mrseq-prep-2' });
  // the padded top rows: prep-1 takes the minimum (0 -> the window's bottom), prep-2 the border (50)
  expect(prep1.tensor[0]).toBe(0);
  expect(prep2.tensor[0]).toBeGreaterThan(0);
  expect(prep2.tensor[0]).toBeCloseTo(prep2.tensor[2 * 8], 6); // same as the image's own border
});

test('the border median counts each border pixel once and averages the middle pair', () => {
  // 3 x 3: border 1..8 clockwise, centre 100 (not on the border) -> median of 1..8 = 4.5
  const img = Float64Array.from([1, 2, 3, 8, 100, 4, 7, 6, 5]);
  expect(borderMedian(img, 3, 3)).toBe(4.5);
  // thin images: every pixel is border
  expect(borderMedian(Float64Array.from([3, 1, 2]), 1, 3)).toBe(2);
});
