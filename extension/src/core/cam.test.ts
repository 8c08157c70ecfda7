import { camToHeatmap, contrastiveCam, heatColor, overlayRGBA } from './cam';
import { preprocessSlice } from './preprocess';

const opts = { size: 64, percentiles: [1, 99] as [number, number], mean: 0, std: 1 };

test('a hot cell in the top-left of the cam lands in the top-left of a non-square image', () => {
  const { geometry } = preprocessSlice(new Float32Array(80 * 40).fill(1), 40, 80, [1, 1], opts);
  // 2 classes on a 4x4 grid; class 1 is hot in cell (1, 0) (second row, first column).
  const cam = new Float32Array(2 * 16);
  cam[16 + 4] = 5;
  const heat = camToHeatmap(cam, [2, 4, 4], 1, geometry);
  expect(heat.width).toBe(80);
  expect(heat.height).toBe(40);
  expect(heat.peak).toBe(5);
  // The 80x40 image fills the middle half of the square field of view: grid rows 1-2 cover the image.
  let best = 0;
  for (let i = 1; i < heat.values.length; i++) if (heat.values[i] > heat.values[best]) best = i;
  const [r, c] = [Math.floor(best / 80), best % 80];
  expect(c).toBeLessThan(20);
  expect(r).toBeLessThan(20);
  expect(Math.max(...heat.values)).toBeGreaterThan(0.9);
  expect(Math.max(...heat.values)).toBeLessThanOrEqual(1);
  expect(heat.values[39 * 80 + 79]).toBe(0);
});

test('a map without positive evidence is all zero, not divided by zero', () => {
  const { geometry } = preprocessSlice(new Float32Array(16).fill(3), 4, 4, undefined, opts);
  const heat = camToHeatmap(new Float32Array(16).fill(-2), [1, 4, 4], 0, geometry);
  expect(heat.peak).toBe(-2);
  expect(Array.from(heat.values).every((v) => v === 0)).toBe(true);
});

test('the contrastive map shows where a top class with negative logits still wins over the others', () => {
  const { geometry } = preprocessSlice(new Float32Array(16).fill(3), 4, 4, undefined, opts);
  // two classes on a 2x2 grid, both negative everywhere; class 0 beats class 1 in the first cell only
  const cam = new Float32Array([-1, -3, -3, -3, -4, -3, -3, -3]);
  expect(camToHeatmap(cam, [2, 2, 2], 0, geometry).peak).toBe(-1);
  const contrast = contrastiveCam(cam, [2, 2, 2], 0);
  expect(Array.from(contrast.slice(0, 4))).toEqual([3, 0, 0, 0]);
  expect(Array.from(contrast.slice(4))).toEqual([-4, -3, -3, -3]);
  const heat = camToHeatmap(contrast, [2, 2, 2], 0, geometry);
  expect(heat.peak).toBe(3);
  expect(heat.values[0]).toBeGreaterThan(0.5); // top-left of the image
  expect(heat.values[15]).toBe(0);
});

test('bad class index or short cam is rejected with a message', () => {
  const { geometry } = preprocessSlice(new Float32Array(16).fill(3), 4, 4, undefined, opts);
  expect(() => camToHeatmap(new Float32Array(16), [1, 4, 4], 1, geometry)).toThrow(/class index 1/);
  expect(() => camToHeatmap(new Float32Array(3), [1, 4, 4], 0, geometry)).toThrow(/holds 3 values/);
});

test('colour ramp runs from dark blue to red and the overlay keeps cold pixels grey', () => {
  expect(heatColor(0)).toEqual([0, 0, 128]);
  expect(heatColor(1)).toEqual([230, 20, 20]);
  const pixels = Float32Array.from({ length: 4 }, (_, i) => i * 10);
  const rgba = overlayRGBA(pixels, { width: 2, height: 2, values: Float32Array.from([0, 0, 0, 1]), peak: 1 });
  expect(rgba[0]).toBe(rgba[1]);
  expect(rgba[1]).toBe(rgba[2]);
  expect(rgba[12]).toBeGreaterThan(rgba[14]);
  expect(rgba[15]).toBe(255);
});
