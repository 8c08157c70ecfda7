/**
 * Where the image lies on the viewport canvas: the 2D affine map from image draw coordinates
 * (pixel (c, r) covers [c, c+1] x [r, r+1]) to canvas CSS pixels, from the canvas positions of three
 * pixel centres. cornerstone's pixel index (c, r) is the centre of that pixel, hence the half-pixel
 * shift. Works under pan, zoom, rotation and flips, since it is read from the live camera.
 */
export type Point = readonly [number, number];

/** [a, b, c, d, e, f] as CanvasRenderingContext2D.setTransform takes it: x' = a x + c y + e, y' = b x + d y + f. */
export type Affine = [number, number, number, number, number, number];

export function imageToCanvasTransform(p00: Point, p10: Point, p01: Point): Affine {
  const a = p10[0] - p00[0];
  const b = p10[1] - p00[1];
  const c = p01[0] - p00[0];
  const d = p01[1] - p00[1];
  return [a, b, c, d, p00[0] - 0.5 * a - 0.5 * c, p00[1] - 0.5 * b - 0.5 * d];
}

export function applyAffine(m: Affine, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Scale a CSS-pixel transform to device pixels. */
export function scaleAffine(m: Affine, s: number): Affine {
  return [m[0] * s, m[1] * s, m[2] * s, m[3] * s, m[4] * s, m[5] * s];
}

/** True when the transform is usable (finite, not degenerate). */
export function isUsable(m: Affine): boolean {
  return m.every(Number.isFinite) && Math.abs(m[0] * m[3] - m[1] * m[2]) > 1e-9;
}
