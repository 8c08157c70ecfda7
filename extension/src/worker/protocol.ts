/**
 * Messages between the viewer (client.ts) and the classifier worker (classifier.worker.ts).
 * Every request carries an id; the worker answers with the same id: any number of 'progress'
 * messages, then exactly one 'ready' / 'seriesResult' / 'sliceResult' / 'error'.
 * Results carry no pixel data back, only probabilities, class maps and geometry.
 */
import type { SeriesReport } from '../core/classifySeries';
import type { SliceGeometry } from '../core/preprocess';
import type { LoadedSeries, SliceImage } from '../core/types';

export type Backend = 'webgpu' | 'wasm';

/** Where the worker finds the model and the runtime; all URLs on the viewer's own origin. */
export interface ModelSource {
  /** Folder URL holding model.json and the ONNX file, ending with '/'. */
  modelUrl: string;
  /** Folder URL holding onnxruntime-web's .mjs/.wasm files, ending with '/'. */
  wasmPaths: string;
  /** Backends to try, in order. */
  backends: Backend[];
  /** WASM threads (default: what the runtime picks). */
  threads?: number;
}

export interface ModelInfo {
  name: string;
  labels: string[];
  inputSize: number;
  /** The backend the session runs on, after a test inference. */
  backend: Backend;
  /** Why other backends were not used, e.g. "webgpu: no adapter". */
  fallbacks: string[];
  sha256: string;
  bytes: number;
  fromCache: boolean;
}

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
};

export interface SliceResult {
  label: string;
  probabilities: Record<string, number>;
  cam?: SliceCam;
  empty: boolean;
}

export interface ClassifyRequestOptions {
  slices?: number | 'all';
  metadata?: boolean;
  minSlices?: number;
}

export type WorkerRequest =
  | { id: number; type: 'init'; source: ModelSource }
  | { id: number; type: 'classifySeries'; series: LoadedSeries; options?: ClassifyRequestOptions }
  | { id: number; type: 'classifySlice'; slice: SliceImage };

export type ProgressStage = 'fetching-model' | 'checking-model' | 'starting-runtime' | 'classifying';

export type WorkerResponse =
  | { id: number; type: 'progress'; stage: ProgressStage; detail: string }
  | { id: number; type: 'ready'; model: ModelInfo }
  | { id: number; type: 'seriesResult'; result: SeriesResult }
  | { id: number; type: 'sliceResult'; result: SliceResult }
  | { id: number; type: 'error'; message: string };

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
