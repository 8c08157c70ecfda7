/**
 * Messages between the viewer (client.ts) and the classifier worker (classifier.worker.ts): the
 * transport only; what travels is typed in the core (core/model/types.ts, core/results.ts).
 * Every request carries an id; the worker answers with the same id: any number of 'progress'
 * messages, then exactly one 'ready' / 'seriesResult' / 'sliceResult' / 'error'. 'cancel' names a
 * request the viewer no longer wants: the worker drops it if it has not started it (an answer may
 * still come for one already running; the client ignores it). Results carry no pixel data back.
 */
import type { ModelInfo, ModelSource, ProgressStage } from '../core/model/types';
import type { ClassifyRequestOptions, SeriesResult, SliceResult } from '../core/results';
import type { LoadedSeries, SliceImage } from '../core/types';

export type WorkerRequest =
  | { id: number; type: 'init'; source: ModelSource }
  | { id: number; type: 'classifySeries'; series: LoadedSeries; options?: ClassifyRequestOptions }
  | { id: number; type: 'classifySlice'; slice: SliceImage }
  | { id: number; type: 'cancel'; ids: number[] };

export type WorkerResponse =
  | { id: number; type: 'progress'; stage: ProgressStage; detail: string }
  | { id: number; type: 'ready'; model: ModelInfo }
  | { id: number; type: 'seriesResult'; result: SeriesResult }
  | { id: number; type: 'sliceResult'; result: SliceResult }
  | { id: number; type: 'error'; message: string; cancelled?: boolean };

/** The buffers a message can hand over instead of copying. */
export function transferables(msg: WorkerRequest | WorkerResponse): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
  };
  if (msg.type === 'classifySeries') msg.series.volumes.forEach((v) => v.slices.forEach((s) => add(s.pixels)));
  if (msg.type === 'classifySlice') add(msg.slice.pixels);
  if (msg.type === 'seriesResult') msg.result.cams.forEach((c) => add(c.cam));
  if (msg.type === 'sliceResult') add(msg.result.cam?.cam);
  return [...out];
}

/** True when a value looks like a WorkerResponse (messages from elsewhere are ignored). */
export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (!value || typeof value !== 'object') return false;
  const v = value as { id?: unknown; type?: unknown };
  return typeof v.id === 'number' && ['progress', 'ready', 'seriesResult', 'sliceResult', 'error'].includes(v.type as string);
}
