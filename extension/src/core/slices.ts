/**
 * Which slices of a series to classify: up to N evenly spaced slices inside the part of the volume
 * that holds anatomy, skipping near-empty slices; or all slices that hold anything.
 */
import type { LoadedSeries, SliceImage, Volume } from './types';

export type SliceCount = number | 'all';

export interface SliceSelection {
  /** Indices into the volume's slices, ascending. */
  indices: number[];
  /** Content score per slice (fraction of pixels above a volume-wide threshold). */
  content: number[];
  /** Slices left out because they hold (almost) no signal. */
  nearEmpty: number[];
}

const MAX_SAMPLES_PER_SLICE = 4096;

function samples(slice: SliceImage): Float32Array {
  const n = slice.pixels.length;
  const stride = Math.max(1, Math.floor(n / MAX_SAMPLES_PER_SLICE));
  const out = new Float32Array(Math.ceil(n / stride));
  let k = 0;
  for (let i = 0; i < n; i += stride) {
    const v = slice.pixels[i];
    out[k++] = Number.isFinite(v) ? v : 0;
  }
  return out.subarray(0, k);
}

/** Content score of each slice: the fraction of its pixels above 10% of the volume's 1st-99th percentile range. */
export function sliceContent(slices: readonly SliceImage[]): number[] {
  const per = slices.map(samples);
  const total = per.reduce((a, s) => a + s.length, 0);
  if (total === 0) return slices.map(() => 0);
  const pooled = new Float32Array(total);
  let off = 0;
  for (const s of per) {
    pooled.set(s, off);
    off += s.length;
  }
  pooled.sort();
  const lo = pooled[Math.floor(0.01 * (total - 1))];
  const hi = pooled[Math.floor(0.99 * (total - 1))];
  if (!(hi > lo)) return slices.map(() => 0);
  const threshold = lo + 0.1 * (hi - lo);
  return per.map((s) => {
    if (s.length === 0) return 0;
    let above = 0;
    for (let i = 0; i < s.length; i++) if (s[i] > threshold) above++;
    return above / s.length;
  });
}

/** Pick the slices to classify in one volume. */
export function selectSlices(slices: readonly SliceImage[], count: SliceCount): SliceSelection {
  const content = sliceContent(slices);
  const best = Math.max(0, ...content);
  const cut = Math.max(0.02, 0.3 * best);
  const anatomy = content.map((c, i) => (c >= cut ? i : -1)).filter((i) => i >= 0);
  const nearEmpty = content.map((c, i) => (c < cut ? i : -1)).filter((i) => i >= 0);
  if (anatomy.length === 0 || best <= 0) return { indices: [], content, nearEmpty: content.map((_, i) => i) };
  if (count === 'all' || count >= anatomy.length) return { indices: anatomy, content, nearEmpty };
  const first = anatomy[0];
  const last = anatomy[anatomy.length - 1];
  const span = last - first + 1;
  const chosen = new Set<number>();
  for (let k = 0; k < count; k++) {
    const target = first + Math.floor(((k + 0.5) * span) / count);
    // nearest anatomy slice not already chosen
    let pick = -1;
    let bestDist = Infinity;
    for (const i of anatomy) {
      const dist = Math.abs(i - target);
      if (!chosen.has(i) && dist < bestDist) {
        bestDist = dist;
        pick = i;
      }
    }
    if (pick >= 0) chosen.add(pick);
  }
  return { indices: [...chosen].sort((a, b) => a - b), content, nearEmpty };
}

/**
 * The volume of a series that is classified. For diffusion (volumes with b-values) the highest-b
 * volume, so that a series holding b0 and b1000 routes as DWI; otherwise the first volume.
 */
export function pickVolume(series: LoadedSeries): { volume: Volume; index: number } | null {
  const volumes = series.volumes.filter((v) => v.slices.length > 0);
  if (volumes.length === 0) return null;
  let index = 0;
  for (let i = 1; i < volumes.length; i++) {
    const b = volumes[i].bValue ?? -Infinity;
    if (b > (volumes[index].bValue ?? -Infinity)) index = i;
  }
  return { volume: volumes[index], index: series.volumes.indexOf(volumes[index]) };
}
