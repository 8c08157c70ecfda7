/**
 * A classification as it leaves the engine for a viewer: no pixels, only probabilities, class maps
 * and geometry (what the worker sends back, what the classifier service stores). Pure.
 */
import { describeSlice, type SeriesReport } from './classifySeries';
import type { SlicePrediction } from './inference';
import type { SliceGeometry } from './preprocess';

export interface SliceCam {
  /** Index of the slice in its volume. */
  index: number;
  cam: Float32Array;
  camDims: [number, number, number];
  geometry: SliceGeometry;
}

/** A SeriesReport without the series' pixels: its id instead of the series, CAMs instead of raw predictions. */
export type SeriesResult = Omit<SeriesReport, 'series' | 'predictions'> & {
  seriesId: string;
  cams: SliceCam[];
  /** Set by the viewer's worker: ms the request waited in its queue, and ms it took to classify there. */
  timing?: { queuedMs: number; runMs: number };
};

export interface SliceResult {
  label: string;
  probabilities: Record<string, number>;
  cam?: SliceCam;
  empty: boolean;
}

/** What a viewer may ask of classifySeries (the rest of ClassifyOptions stays with the engine). */
export interface ClassifyRequestOptions {
  slices?: number | 'all';
  metadata?: boolean;
  minSlices?: number;
}

/** A SeriesReport as sent back: no pixels, one class map per classified slice. */
export function toSeriesResult(report: SeriesReport): SeriesResult {
  const cams: SliceCam[] = [];
  report.predictions.forEach((p, i) => {
    if (p.cam && p.camDims) cams.push({ index: report.slices[i].index, cam: p.cam, camDims: p.camDims, geometry: p.geometry });
  });
  const { series, predictions, ...rest } = report;
  void predictions;
  return { ...rest, seriesId: series.id, cams };
}

/** One slice classified on its own (on demand), as sent back. */
export function toSliceResult(labels: readonly string[], p: SlicePrediction): SliceResult {
  return {
    ...describeSlice(labels, p.probabilities),
    cam: p.cam && p.camDims ? { index: 0, cam: p.cam, camDims: p.camDims, geometry: p.geometry } : undefined,
    empty: p.empty,
  };
}
