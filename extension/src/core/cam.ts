/**
 * Class-activation maps -> heatmaps in image coordinates.
 *
 * The model ends in global-average-pool + linear, and exports `cam[c] = W_c . F + b_c` on its last
 * feature grid, so mean(cam[c]) = logit[c] and the map equals Grad-CAM for that class exactly.
 */
import type { SliceGeometry } from './preprocess';

export interface Heatmap {
  width: number;
  height: number;
  /** Row-major values in [0, 1]: ReLU of the class map divided by its maximum. */
  values: Float32Array;
  /** Maximum of the raw class map (before normalisation); <= 0 means no positive evidence. */
  peak: number;
}

/**
 * Take class `classIndex` of one sample's cam ([C, gh, gw] flattened) and draw it onto the original
 * `geometry.height x geometry.width` image with bilinear interpolation.
 */
export function camToHeatmap(
  cam: ArrayLike<number>,
  camDims: readonly [number, number, number],
  classIndex: number,
  geometry: SliceGeometry,
): Heatmap {
  const [channels, gh, gw] = camDims;
  if (classIndex < 0 || classIndex >= channels) throw new Error(`class index ${classIndex} outside 0..${channels - 1}`);
  if (cam.length < channels * gh * gw) throw new Error(`cam holds ${cam.length} values, expected ${channels * gh * gw}`);
  const base = classIndex * gh * gw;
  let peak = -Infinity;
  for (let k = 0; k < gh * gw; k++) peak = Math.max(peak, cam[base + k]);
  const { width, height, size, fov, offsetX, offsetY, spacingX, spacingY } = geometry;
  const values = new Float32Array(width * height);
  if (!(peak > 0)) return { width, height, values, peak };

  const scaleY = (size / fov) * (gh / size);
  const scaleX = (size / fov) * (gw / size);
  const colQ0 = new Int32Array(width);
  const colQ1 = new Int32Array(width);
  const colT = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    // model-grid coordinate + 0.5, scaled to the cam grid, back to a cell-centre coordinate
    let q = ((c + 0.5) * spacingX + offsetX) * scaleX - 0.5;
    q = Math.min(Math.max(q, 0), gw - 1);
    colQ0[c] = Math.floor(q);
    colQ1[c] = Math.min(colQ0[c] + 1, gw - 1);
    colT[c] = q - colQ0[c];
  }
  for (let r = 0; r < height; r++) {
    let p = ((r + 0.5) * spacingY + offsetY) * scaleY - 0.5;
    p = Math.min(Math.max(p, 0), gh - 1);
    const p0 = Math.floor(p);
    const p1 = Math.min(p0 + 1, gh - 1);
    const a = p - p0;
    for (let c = 0; c < width; c++) {
      const b = colT[c];
      const v =
        (1 - a) * (1 - b) * cam[base + p0 * gw + colQ0[c]] +
        (1 - a) * b * cam[base + p0 * gw + colQ1[c]] +
        a * (1 - b) * cam[base + p1 * gw + colQ0[c]] +
        a * b * cam[base + p1 * gw + colQ1[c]];
      values[r * width + c] = v > 0 ? v / peak : 0;
    }
  }
  return { width, height, values, peak };
}

/**
 * The class map against the others: channel `classIndex` becomes cam[c] - mean over k != c of
 * cam[k] (the other channels are kept), i.e. where the evidence favours class c over the rest
 * rather than where it is positive in absolute terms. Its spatial mean is logit[c] minus the mean
 * of the other logits, positive whenever c is the slice's top class; used when the plain map has
 * no positive cell (all logits can be negative under a softmax).
 */
export function contrastiveCam(cam: ArrayLike<number>, camDims: readonly [number, number, number], classIndex: number): Float32Array {
  const [channels, gh, gw] = camDims;
  const cells = gh * gw;
  const out = Float32Array.from({ length: channels * cells }, (_, i) => cam[i]);
  if (channels < 2) return out;
  for (let k = 0; k < cells; k++) {
    let others = 0;
    for (let c = 0; c < channels; c++) if (c !== classIndex) others += cam[c * cells + k];
    out[classIndex * cells + k] = cam[classIndex * cells + k] - others / (channels - 1);
  }
  return out;
}

/** A perceptual-ish blue -> cyan -> yellow -> red ramp; t in [0, 1] -> [r, g, b] 0..255. */
export function heatColor(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1);
  const stops: [number, number, number, number][] = [
    [0, 0, 0, 128],
    [0.25, 0, 128, 255],
    [0.5, 0, 230, 200],
    [0.75, 255, 220, 0],
    [1, 230, 20, 20],
  ];
  for (let i = 1; i < stops.length; i++) {
    const [t1, r1, g1, b1] = stops[i];
    const [t0, r0, g0, b0] = stops[i - 1];
    if (x <= t1) {
      const f = (x - t0) / (t1 - t0);
      return [Math.round(r0 + f * (r1 - r0)), Math.round(g0 + f * (g1 - g0)), Math.round(b0 + f * (b1 - b0))];
    }
  }
  return [230, 20, 20];
}

/**
 * Blend a heatmap over a grey image (display-windowed to its 1st-99th percentile) into RGBA bytes.
 * Heat below `floor` is left transparent so the anatomy stays readable.
 */
export function overlayRGBA(
  pixels: ArrayLike<number>,
  heat: Heatmap,
  opts: { opacity?: number; floor?: number } = {},
): Uint8ClampedArray {
  const opacity = opts.opacity ?? 0.45;
  const floor = opts.floor ?? 0.2;
  const n = heat.width * heat.height;
  const sorted = Float64Array.from({ length: n }, (_, i) => (Number.isFinite(pixels[i]) ? pixels[i] : 0)).sort();
  const lo = sorted[Math.floor(0.01 * (n - 1))];
  const hi = sorted[Math.floor(0.99 * (n - 1))];
  const range = hi > lo ? hi - lo : 1;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const v = Number.isFinite(pixels[i]) ? pixels[i] : 0;
    const g = Math.min(Math.max(((v - lo) / range) * 255, 0), 255);
    let r = g;
    let gg = g;
    let b = g;
    const t = heat.values[i];
    if (t > floor) {
      const [hr, hg, hb] = heatColor(t);
      const a = opacity * Math.min(1, (t - floor) / (1 - floor) + 0.25);
      r = r * (1 - a) + hr * a;
      gg = gg * (1 - a) + hg * a;
      b = b * (1 - a) + hb * a;
    }
    out[i * 4] = r;
    out[i * 4 + 1] = gg;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
  return out;
}
