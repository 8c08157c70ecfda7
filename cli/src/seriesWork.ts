/**
 * The work done on one series: read and decode it, classify it. It runs in the main thread (--jobs 1)
 * or in a reader thread (readPool.ts, with its own model session), so that reading, decoding and
 * inference all run in parallel with --jobs N; the main thread then only writes results, in order.
 */
import { classifySeries, type ClassifyOptions, type SeriesReport } from '@mrseq/extension/core/classifySeries';
import type { SequenceClassifier } from '@mrseq/extension/core/inference';
import type { LoadedSeries, ReadFailure } from '@mrseq/extension/core/types';
import { type ReadOptions, type SeriesTask, readSeriesTask } from './readTask';

export interface WorkOptions {
  read: ReadOptions;
  classify: ClassifyOptions;
  /** Keep the pixels of classified slices (--cam draws over them); dropped otherwise. */
  keepPixels: boolean;
}

export interface WorkResult {
  reports: SeriesReport[];
  failures: ReadFailure[];
}

/** Drop a classified series' pixels so that a large archive is never held in memory whole. */
export function releasePixels(series: LoadedSeries): void {
  for (const v of series.volumes) for (const s of v.slices) s.pixels = new Float32Array(0);
}

export async function workOn(task: SeriesTask, classifier: SequenceClassifier, opts: WorkOptions): Promise<WorkResult> {
  const { series, failures } = await readSeriesTask(task, opts.read);
  const reports: SeriesReport[] = [];
  for (const s of series) {
    reports.push(await classifySeries(s, classifier, opts.classify));
    if (!opts.keepPixels) releasePixels(s);
  }
  return { reports, failures };
}

/** Buffers a result can hand over instead of copying: slice pixels and class-activation maps. */
export function resultBuffers(result: WorkResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && a.byteLength > 0) set.add(a.buffer);
  };
  for (const r of result.reports) {
    for (const v of r.series.volumes) for (const sl of v.slices) add(sl.pixels);
    for (const p of r.predictions) add(p.cam as ArrayBufferView | undefined);
  }
  return [...set];
}
