import { camToHeatmap } from '../core/cam';
import { heatmapImage } from './heatmapImage';
import { applyAffine, imageToCanvasTransform, isUsable, scaleAffine } from './overlayTransform';

describe('imageToCanvasTransform', () => {
  it('maps pixel corners, not centres, to the canvas (zoomed and panned)', () => {
    // zoom 2, pan (100, 50): pixel centre (c, r) is at canvas (100 + 2c, 50 + 2r)
    const m = imageToCanvasTransform([100, 50], [102, 50], [100, 52]);
    expect(applyAffine(m, 0, 0)).toEqual([99, 49]);
    expect(applyAffine(m, 0.5, 0.5)).toEqual([100, 50]);
    expect(applyAffine(m, 10, 4)).toEqual([119, 57]);
    expect(isUsable(m)).toBe(true);
  });

  it('follows a rotation by 90 degrees and a horizontal flip', () => {
    // rotated: +c goes down the canvas, +r goes left
    const rot = imageToCanvasTransform([200, 0], [200, 3], [197, 0]);
    expect(applyAffine(rot, 1.5, 0.5)).toEqual([200, 3]);
    const flip = imageToCanvasTransform([300, 10], [299, 10], [300, 11]);
    expect(applyAffine(flip, 2.5, 0.5)).toEqual([298, 10]);
    expect(scaleAffine(flip, 2)).toEqual(flip.map((v) => v * 2));
  });

  it('rejects degenerate or non-finite transforms', () => {
    expect(isUsable(imageToCanvasTransform([0, 0], [0, 0], [0, 1]))).toBe(false);
    expect(isUsable(imageToCanvasTransform([NaN, 0], [1, 0], [0, 1]))).toBe(false);
  });
});

describe('heatmapImage', () => {
  it('colours only the heat above the floor, with alpha growing with heat and opacity', () => {
    const heat = { width: 4, height: 1, values: new Float32Array([0, 0.2, 0.6, 1]), peak: 3 };
    const half = heatmapImage(heat, 0.5);
    expect(half.painted).toBe(2);
    expect([...half.rgba.slice(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const a2 = half.rgba[11];
    const a3 = half.rgba[15];
    expect(a3).toBeGreaterThan(a2);
    expect(a3).toBe(128);
    expect(heatmapImage(heat, 1).rgba[15]).toBe(255);
    expect(heatmapImage(heat, 0).painted).toBe(0);
  });

  it('draws a class map of the model onto the original image size', () => {
    // one 2x2 cam of 1 class, geometry of a 4x4 image fitted without padding
    const geometry = { size: 4, fov: 4, offsetY: 0, offsetX: 0, spacingY: 1, spacingX: 1, width: 4, height: 4 };
    const heat = camToHeatmap(new Float32Array([0, 0, 0, 5]), [1, 2, 2], 0, geometry);
    const img = heatmapImage(heat, 1);
    expect(img.width).toBe(4);
    // the hot cell is bottom-right: the bottom-right pixel is painted, the top-left is not
    expect(img.rgba[15 * 4 + 3]).toBeGreaterThan(0);
    expect(img.rgba[3]).toBe(0);
  });
});
