/**
 * The model as the rest of mrseq sees it, wherever it runs (onnxruntime-web in the viewer's worker,
 * onnxruntime-node in the command line): where it comes from, how loading is reported, and what was
 * loaded. Pure types.
 */
import type { SequenceClassifier } from '../inference';

/** An onnxruntime execution provider: WebGPU or WASM in the browser, the CPU provider in node. */
export type Backend = 'webgpu' | 'wasm' | 'cpu';

/** Where the model and the runtime are found (in the viewer: URLs on its own origin). */
export interface ModelSource {
  /** Folder URL holding model.json and the ONNX file, ending with '/'. */
  modelUrl: string;
  /** Folder URL holding onnxruntime-web's .mjs/.wasm files, ending with '/' (browser only). */
  wasmPaths: string;
  /** Backends to try, in order. */
  backends: Backend[];
  /** Threads for the runtime (default: what the runtime picks; node: 1). */
  threads?: number;
}

export interface ModelInfo {
  name: string;
  labels: string[];
  inputSize: number;
  /** The backend the session runs on, after a test inference. */
  backend: Backend;
  /** Why other backends were not used, e.g. "webgpu: no adapter", "webgpu: slower here (...)". */
  fallbacks: string[];
  /** ms per slice of each backend that worked, timed at load to keep the fastest (viewer's worker). */
  timings?: Partial<Record<Backend, number>>;
  sha256: string;
  bytes: number;
  fromCache: boolean;
  /** WASM threads the session runs with (browser WASM only). */
  threads?: number;
  /** Other facts about how the model runs, in plain words (e.g. fewer threads than asked for, and why). */
  notes?: string[];
  /** Viewer's worker only: ms from the worker's start to the model ready, on the worker's own clock. */
  loadMs?: number;
}

export type ProgressStage = 'fetching-model' | 'checking-model' | 'starting-runtime' | 'classifying';

export type Progress = (stage: ProgressStage, detail: string) => void;

/** A loaded model: the classifier over an open session, and what it is. */
export interface Runtime {
  classifier: SequenceClassifier;
  info: ModelInfo;
}
