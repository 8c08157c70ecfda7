/** Small pure helpers that turn worker results into what the service stores and shows. */
import type { SeriesResult } from '../core/results';
import type { DisplaySetLike, SeriesEntry, SliceView } from './types';

export function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? '' : `${Math.round(p * 100)}%`;
}

/** One line about a finished series, e.g. "T2 87%" or "unknown: weak evidence: ...". */
export function describeResult(r: SeriesResult): string {
  if (r.status === 'classified' && r.label) return `${r.label} ${percent(r.confidence)}`;
  return r.reason ?? r.status;
}

/** The sampled slices of a result as SliceViews, keyed by display-set image index. */
export function sliceViewsOf(r: SeriesResult, imageIndexOfSlice: readonly number[]): SliceView[] {
  const cams = new Map(r.cams.map((c) => [c.index, c]));
  return r.slices
    .map((s) => ({
      imageIndex: imageIndexOfSlice[s.index] ?? -1,
      label: s.label,
      probabilities: s.probabilities,
      cam: cams.get(s.index),
      sampled: true,
    }))
    .filter((v) => v.imageIndex >= 0)
    .sort((a, b) => a.imageIndex - b.imageIndex);
}

/** The entry of a display set just added: queued, or skipped with the reason (not MR, not an image series). */
export function newEntry(ds: DisplaySetLike): SeriesEntry {
  const modality = (ds.Modality ?? '').toUpperCase();
  const skip = ds.unsupported ? 'skipped: not an image series' : modality !== 'MR' ? `skipped: ${modality || 'no modality'} (not MR)` : undefined;
  return {
    displaySetInstanceUID: ds.displaySetInstanceUID,
    seriesInstanceUID: ds.SeriesInstanceUID,
    seriesNumber: toNumber(ds.SeriesNumber),
    description: ds.SeriesDescription ?? '',
    modality: modality || '?',
    imageCount: ds.numImageFrames ?? ds.instances?.length ?? 0,
    status: skip ? 'skipped' : 'queued',
    message: skip ?? 'waiting',
    slices: [],
  };
}
