/**
 * T1 vs T1c by comparison. Gadolinium brightens vessels, dural sinuses, choroid plexus, mucosa and
 * enhancing lesions far above white matter; everything else on a T1-weighted image barely changes.
 * Two T1-weighted series of one study are therefore compared slice for slice:
 *
 * - Signature (one per series, from the slices the model classified): for each slice, inside the
 *   inner part of the head (brain, ventricles, vessels; not the scalp, see sliceFeatures), the share
 *   brighter than 1.25, 1.5 and 2 times its median (grey/white matter on a T1-weighted image), and
 *   the 95th and 99th percentiles over that median. Ratios to the slice's own median make it
 *   independent of scaling, windowing and 8-bit storage.
 * - Matching: slices at the same position along the slice normal when both series know their
 *   positions in one frame and their ranges overlap by half; otherwise at the same relative place in
 *   the stack. Only series of the same plane are compared (the caller checks).
 * - Comparison: d = mean over matched slices of (features of B - features of A); P(B is the
 *   post-contrast one | one of the two is) = sigmoid(w . d), with w fitted on co-registered pre/post
 *   pairs (studyParams.json, scripts/study/calibrate.ts). Swapping A and B flips the sign of d, so the
 *   answer is antisymmetric by construction.
 */
import type { SliceImage } from '../types';

export const ENHANCEMENT_FEATURES = ['above1.25', 'above1.5', 'above2', 'p95', 'p99'] as const;

export interface EnhancementSlice {
  /** Position along the slice normal in mm, when known. */
  position: number | null;
  /** Place in the stack, 0 (first) .. 1 (last). */
  rel: number;
  /** ENHANCEMENT_FEATURES, in order. */
  f: number[];
}

export interface EnhancementSignature {
  slices: EnhancementSlice[];
}

/** Pixels used per slice for the percentiles (an even subsample of larger images). */
const MAX_SAMPLES = 16384;
/** Half-axes of the inner ellipse, as a share of the head's half-extent. */
export const INNER = 0.6;

function quantile(sorted: Float32Array, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

/** The value at share q of a histogram of counts (index units). */
function countQuantile(counts: Uint32Array, total: number, q: number): number {
  let acc = 0;
  for (let i = 0; i < counts.length; i++) {
    acc += counts[i];
    if (acc >= q * total) return i;
  }
  return counts.length - 1;
}

/**
 * Features of one slice, or null when it has no head to speak of. The head is what is brighter than
 * 15% of the way from the 2nd to the 98th percentile; only its inner part counts (an ellipse of
 * INNER times the head's extent, centred on it): the scalp and marrow fat at the edge change with fat
 * suppression, which post-contrast sequences often add, and would drown the enhancement.
 */
export function sliceFeatures(slice: Pick<SliceImage, 'pixels' | 'width' | 'height'>): number[] | null {
  const { pixels: px, width, height } = slice;
  if (!(width > 0 && height > 0) || px.length < width * height) return null;
  const stride = Math.max(1, Math.floor(px.length / MAX_SAMPLES));
  const sample = new Float32Array(Math.ceil(px.length / stride));
  let n = 0;
  for (let i = 0; i < px.length; i += stride) if (Number.isFinite(px[i])) sample[n++] = px[i];
  const all = sample.subarray(0, n).sort();
  const lo = quantile(all, 0.02);
  const hi = quantile(all, 0.98);
  if (!(hi > lo)) return null;
  const threshold = lo + 0.15 * (hi - lo);
  const rows = new Uint32Array(height);
  const cols = new Uint32Array(width);
  let head = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (px[r * width + c] > threshold) {
        rows[r]++;
        cols[c]++;
        head++;
      }
    }
  }
  if (head < Math.max(32, 0.02 * width * height)) return null;
  const r0 = countQuantile(rows, head, 0.01);
  const r1 = countQuantile(rows, head, 0.99);
  const c0 = countQuantile(cols, head, 0.01);
  const c1 = countQuantile(cols, head, 0.99);
  const cy = (r0 + r1) / 2;
  const cx = (c0 + c1) / 2;
  const ay = Math.max(1, ((r1 - r0) / 2) * INNER);
  const ax = Math.max(1, ((c1 - c0) / 2) * INNER);
  const inner: number[] = [];
  const step = Math.max(1, Math.floor(Math.sqrt(head / MAX_SAMPLES)));
  for (let r = Math.floor(cy - ay); r <= Math.ceil(cy + ay); r += step) {
    if (r < 0 || r >= height) continue;
    for (let c = Math.floor(cx - ax); c <= Math.ceil(cx + ax); c += step) {
      if (c < 0 || c >= width) continue;
      const v = px[r * width + c];
      if (v > threshold && ((r - cy) / ay) ** 2 + ((c - cx) / ax) ** 2 < 1) inner.push(v - lo);
    }
  }
  if (inner.length < 32) return null;
  const values = Float32Array.from(inner).sort();
  const median = quantile(values, 0.5);
  if (!(median > 0)) return null;
  const share = (k: number) => {
    const cut = k * median;
    let count = 0;
    for (let i = values.length - 1; i >= 0 && values[i] > cut; i--) count++;
    return count / values.length;
  };
  return [share(1.25), share(1.5), share(2), quantile(values, 0.95) / median, quantile(values, 0.99) / median];
}

/** The signature of a series from its classified slices (`indices` into a volume of `count` slices). */
export function enhancementSignature(slices: readonly SliceImage[], indices: readonly number[], count: number): EnhancementSignature | null {
  const out: EnhancementSlice[] = [];
  slices.forEach((s, k) => {
    const f = sliceFeatures(s);
    if (!f) return;
    const round = (x: number) => Math.round(x * 10000) / 10000;
    out.push({
      position: s.position !== undefined && Number.isFinite(s.position) ? Math.round(s.position * 100) / 100 : null,
      rel: count > 1 ? round(indices[k] / (count - 1)) : 0.5,
      f: f.map(round),
    });
  });
  return out.length ? { slices: out } : null;
}

function range(xs: number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

/** Pairs of matched slices (A, B); empty when nothing can be matched. */
export function matchSlices(a: EnhancementSignature, b: EnhancementSignature): Array<[EnhancementSlice, EnhancementSlice]> {
  const posA = a.slices.map((s) => s.position);
  const posB = b.slices.map((s) => s.position);
  const byPosition = posA.every((p) => p !== null) && posB.every((p) => p !== null) && posA.length > 0 && posB.length > 0;
  let key: (s: EnhancementSlice) => number = (s) => s.rel;
  let tolerance = 0.5 / Math.max(1, Math.min(a.slices.length, b.slices.length) - 1) + 1e-6;
  if (byPosition) {
    const [a0, a1] = range(posA as number[]);
    const [b0, b1] = range(posB as number[]);
    const overlap = Math.min(a1, b1) - Math.max(a0, b0);
    const shorter = Math.min(a1 - a0, b1 - b0);
    if (shorter > 0 && overlap >= 0.5 * shorter) {
      key = (s) => s.position as number;
      const gaps = (xs: number[]) => (xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / (xs.length - 1) : 0);
      tolerance = Math.max(3, 0.5 * Math.max(gaps(posA as number[]), gaps(posB as number[])));
    }
  }
  const pairs: Array<[EnhancementSlice, EnhancementSlice]> = [];
  for (const sa of a.slices) {
    let best: EnhancementSlice | null = null;
    for (const sb of b.slices) if (!best || Math.abs(key(sb) - key(sa)) < Math.abs(key(best) - key(sa))) best = sb;
    if (best && Math.abs(key(best) - key(sa)) <= tolerance) pairs.push([sa, best]);
  }
  return pairs;
}

/** Mean feature difference B - A over matched slices, with the number of slices matched. */
export function enhancementDifference(a: EnhancementSignature, b: EnhancementSignature): { d: number[]; matched: number } | null {
  const pairs = matchSlices(a, b);
  if (pairs.length === 0) return null;
  const d = new Array<number>(ENHANCEMENT_FEATURES.length).fill(0);
  for (const [sa, sb] of pairs) for (let i = 0; i < d.length; i++) d[i] += (sb.f[i] - sa.f[i]) / pairs.length;
  return { d, matched: pairs.length };
}

export interface PairModel {
  /** One weight per feature difference. */
  weights: number[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** P(B is the post-contrast series | exactly one of A, B is), with the slices it rests on. */
export function comparePair(a: EnhancementSignature, b: EnhancementSignature, model: PairModel): { pPostB: number; matched: number; d: number[] } | null {
  const diff = enhancementDifference(a, b);
  if (!diff) return null;
  const z = diff.d.reduce((s, x, i) => s + x * (model.weights[i] ?? 0), 0);
  return { pPostB: sigmoid(Math.max(-30, Math.min(30, z))), matched: diff.matched, d: diff.d };
}
