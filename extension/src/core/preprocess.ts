/**
 * Pixels -> model input, exactly as `models/PREPROCESSING.md` (mrseq-prep-1 and mrseq-prep-2)
 * specifies and as the Python training code does it. Float64 arithmetic until the float32 output.
 * The two versions differ only in the padding value of step 3.
 */

/** The preprocessing versions this core implements, and the padding each one uses in step 3. */
export const FILL_OF_VERSION = { 'mrseq-prep-1': 'min', 'mrseq-prep-2': 'border' } as const;
export type PreprocessingVersion = keyof typeof FILL_OF_VERSION;

export interface PreprocessOptions {
  size: number;
  percentiles: [number, number];
  mean: number;
  std: number;
  /** Default mrseq-prep-1 (models exported before mrseq-prep-2 existed). */
  version?: PreprocessingVersion;
}

/**
 * Where the S x S model grid lies on the original image: original pixel centre (r, c) sits at
 * model-grid coordinate i = ((r + 0.5) * sy + offsetY) * size / fov - 0.5 (same for columns).
 */
export interface SliceGeometry {
  size: number;
  fov: number;
  offsetY: number;
  offsetX: number;
  spacingY: number;
  spacingX: number;
  width: number;
  height: number;
}

export interface PreprocessedSlice {
  tensor: Float32Array;
  /** True when the slice has no contrast (constant after resampling): its input is all one value. */
  empty: boolean;
  geometry: SliceGeometry;
}

function validSpacing(s: number | undefined): number {
  return s !== undefined && Number.isFinite(s) && s > 0 ? s : 1;
}

/** Average non-overlapping blocks of `f` rows (axis 0) or columns (axis 1); trailing remainder dropped. */
function reduce(src: Float64Array, h: number, w: number, f: number, axis: 0 | 1): [Float64Array, number, number] {
  if (axis === 0) {
    const nh = Math.floor(h / f);
    const out = new Float64Array(nh * w);
    for (let r = 0; r < nh; r++) {
      for (let k = 0; k < f; k++) {
        const base = (r * f + k) * w;
        for (let c = 0; c < w; c++) out[r * w + c] += src[base + c];
      }
      for (let c = 0; c < w; c++) out[r * w + c] /= f;
    }
    return [out, nh, w];
  }
  const nw = Math.floor(w / f);
  const out = new Float64Array(h * nw);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < nw; c++) {
      let acc = 0;
      for (let k = 0; k < f; k++) acc += src[r * w + c * f + k];
      out[r * nw + c] = acc / f;
    }
  }
  return [out, h, nw];
}

/**
 * The value at sorted position k (0-based) of a[lo..hi], rearranging a in place: afterwards a[k]
 * holds it, everything left of k is <= it and everything right of k is >= it. Quickselect with a
 * median-of-three pivot and a three-way partition, so runs of equal values (a background of
 * zeros) cost one pass instead of degrading to quadratic time. Linear on average, against
 * n log n for a full sort.
 */
function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k];
}

/**
 * Linear-interpolated percentiles: with the values sorted, position q/100 * (n-1), interpolated
 * between its two neighbours (numpy's default `np.percentile`), found by selection instead of
 * sorting. `values` is reordered.
 */
export function percentilesInPlace(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) throw new Error('percentile of no values');
  // Ascending positions, so each selection only searches to the right of the previous one.
  const order = qs.map((q, idx) => ({ q, idx })).sort((a, b) => a.q - b.q);
  const out = new Array<number>(qs.length);
  let from = 0;
  for (const { q, idx } of order) {
    if (!(q >= 0 && q <= 100)) throw new Error(`percentile ${q} is outside 0-100`);
    const pos = (q / 100) * (n - 1);
    const k = Math.floor(pos);
    const t = pos - k;
    const lowValue = selectInPlace(values, k, from, n - 1);
    let highValue = lowValue;
    if (t > 0 && k + 1 < n) {
      // After selection, position k+1 holds the smallest value right of k.
      highValue = values[k + 1];
      for (let i = k + 2; i < n; i++) if (values[i] < highValue) highValue = values[i];
    }
    out[idx] = lowValue * (1 - t) + highValue * t;
    from = k;
  }
  return out;
}

/** The median (the 50th percentile: the middle value, or the mean of the two middle ones); reorders `values`. */
function median(values: Float64Array): number {
  return percentilesInPlace(values, [50])[0];
}

/** mrseq-prep-2's padding: the median of the outermost rows and columns (each pixel once). */
export function borderMedian(img: Float64Array, h: number, w: number): number {
  if (h <= 2 || w <= 2) return median(Float64Array.from(img));
  const ring = new Float64Array(2 * w + 2 * (h - 2));
  let k = 0;
  for (let c = 0; c < w; c++) ring[k++] = img[c];
  for (let c = 0; c < w; c++) ring[k++] = img[(h - 1) * w + c];
  for (let r = 1; r < h - 1; r++) {
    ring[k++] = img[r * w];
    ring[k++] = img[r * w + w - 1];
  }
  return median(ring);
}

function minimum(img: Float64Array): number {
  let m = Infinity;
  for (let i = 0; i < img.length; i++) if (img[i] < m) m = img[i];
  return m;
}

/** Resample into the square field of view (spec step 3). */
function resampleSquare(
  img: Float64Array,
  h: number,
  w: number,
  sy: number,
  sx: number,
  size: number,
  fillMode: 'min' | 'border',
) {
  const fov = Math.max(h * sy, w * sx);
  const offY = (fov - h * sy) / 2;
  const offX = (fov - w * sx) / 2;
  const fill = fillMode === 'min' ? minimum(img) : borderMedian(img, h, w);
  const out = new Float64Array(size * size);
  const step = fov / size;
  // Precompute the column sampling (same for every row).
  const u0 = new Int32Array(size);
  const u1 = new Int32Array(size);
  const ub = new Float64Array(size);
  const uIn = new Uint8Array(size);
  for (let j = 0; j < size; j++) {
    let u = ((j + 0.5) * step - offX) / sx - 0.5;
    if (u < -0.5 || u > w - 0.5) continue;
    uIn[j] = 1;
    u = Math.min(Math.max(u, 0), w - 1);
    u0[j] = Math.floor(u);
    u1[j] = Math.min(u0[j] + 1, w - 1);
    ub[j] = u - u0[j];
  }
  for (let i = 0; i < size; i++) {
    let v = ((i + 0.5) * step - offY) / sy - 0.5;
    const rowIn = !(v < -0.5 || v > h - 0.5);
    v = Math.min(Math.max(v, 0), h - 1);
    const v0 = Math.floor(v);
    const v1 = Math.min(v0 + 1, h - 1);
    const a = v - v0;
    for (let j = 0; j < size; j++) {
      if (!rowIn || !uIn[j]) {
        out[i * size + j] = fill;
        continue;
      }
      const b = ub[j];
      const p00 = img[v0 * w + u0[j]];
      const p01 = img[v0 * w + u1[j]];
      const p10 = img[v1 * w + u0[j]];
      const p11 = img[v1 * w + u1[j]];
      out[i * size + j] = (1 - a) * (1 - b) * p00 + (1 - a) * b * p01 + a * (1 - b) * p10 + a * b * p11;
    }
  }
  return { out, fov, offY, offX };
}

/**
 * One slice (H rows x W columns, modality units) -> an S x S float32 model input.
 * `pixelSpacing` is [row spacing, column spacing] in mm; missing or invalid values count as 1.
 */
export function preprocessSlice(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  pixelSpacing: readonly [number, number] | undefined,
  opts: PreprocessOptions,
): PreprocessedSlice {
  if (pixels.length !== width * height || width < 1 || height < 1) {
    throw new Error(`slice is ${width}x${height} but holds ${pixels.length} values`);
  }
  const size = opts.size;
  const sy0 = validSpacing(pixelSpacing?.[0]);
  const sx0 = validSpacing(pixelSpacing?.[1]);
  let img: Float64Array = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    img[i] = Number.isFinite(v) ? v : 0;
  }
  // Step 2: anti-alias block reduction, rows then columns.
  const d = Math.max(height * sy0, width * sx0) / size;
  let h = height;
  let w = width;
  let sy = sy0;
  let sx = sx0;
  const fy = Math.floor(d / sy + 1e-9);
  if (fy >= 2 && Math.floor(h / fy) >= 1) {
    [img, h, w] = reduce(img, h, w, fy, 0);
    sy *= fy;
  }
  const fx = Math.floor(d / sx + 1e-9);
  if (fx >= 2 && Math.floor(w / fx) >= 1) {
    [img, h, w] = reduce(img, h, w, fx, 1);
    sx *= fx;
  }
  // Step 3: square field of view.
  const fillMode = FILL_OF_VERSION[opts.version ?? 'mrseq-prep-1'];
  if (!fillMode) throw new Error(`unknown preprocessing version ${String(opts.version)}`);
  const { out, fov, offY, offX } = resampleSquare(img, h, w, sy, sx, size, fillMode);
  // Step 4: robust intensity window.
  const [lo, hi] = percentilesInPlace(Float64Array.from(out), opts.percentiles);
  const empty = hi - lo <= 1e-6 * Math.max(1, Math.abs(hi));
  // Step 5: normalisation.
  const tensor = new Float32Array(size * size);
  const scale = empty ? 0 : 1 / (hi - lo);
  for (let i = 0; i < tensor.length; i++) {
    let x = empty ? 0 : (out[i] - lo) * scale;
    x = x < 0 ? 0 : x > 1 ? 1 : x;
    tensor[i] = (x - opts.mean) / opts.std;
  }
  return {
    tensor,
    empty,
    geometry: { size, fov, offsetY: offY, offsetX: offX, spacingY: sy0, spacingX: sx0, width, height },
  };
}
