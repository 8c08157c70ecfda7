/**
 * Open an onnxruntime session on the first backend that works, the same way in the viewer's worker
 * (onnxruntime-web: WebGPU, then WASM) and in node (onnxruntime-node's CPU provider). Each backend is
 * tried explicitly (onnxruntime-web's own list falls back silently) and must pass a test inference
 * before it is used, so the backend reported is the one that really runs.
 */
import { SequenceClassifier, type InferenceSessionLike, type TensorConstructor } from '../inference';
import type { FetchedModel } from './modelLoader';
import type { Backend, ModelSource, Progress, Runtime } from './types';

export interface SessionLike extends InferenceSessionLike {
  release?(): Promise<void>;
}

/** Options passed to InferenceSession.create besides the execution provider. */
export interface SessionOptions {
  graphOptimizationLevel?: 'all';
  /** onnxruntime-node only. */
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  /** onnxruntime-web session config entries, e.g. { session: { intra_op: { allow_spinning: '0' } } }. */
  extra?: Record<string, unknown>;
}

/** The part of onnxruntime-web (or -node) used here. */
export interface OrtLike {
  InferenceSession: {
    create(bytes: Uint8Array, options: SessionOptions & { executionProviders: string[] }): Promise<SessionLike>;
  };
  Tensor: TensorConstructor;
}

/** Says why a backend cannot be used here (e.g. "no WebGPU adapter"), or null when it may be tried. */
export type BackendProbe = (backend: Backend) => Promise<string | null>;

export const anyBackend: BackendProbe = async () => null;

export interface OpenedSession {
  session: SessionLike;
  backend: Backend;
  fallbacks: string[];
}

export interface OpenOptions {
  probe?: BackendProbe;
  progress?: Progress;
  session?: SessionOptions;
}

export async function openSession(
  ort: OrtLike,
  bytes: Uint8Array,
  inputName: string,
  inputSize: number,
  backends: readonly Backend[],
  { probe = anyBackend, progress = () => undefined, session: extra = {} }: OpenOptions = {},
): Promise<OpenedSession> {
  const fallbacks: string[] = [];
  for (const backend of backends) {
    const missing = await probe(backend);
    if (missing) {
      fallbacks.push(`${backend}: ${missing}`);
      continue;
    }
    progress('starting-runtime', `starting the model on ${backend.toUpperCase()}`);
    let session: SessionLike | null = null;
    try {
      session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', ...extra, executionProviders: [backend] });
      const probeInput = new ort.Tensor('float32', new Float32Array(inputSize * inputSize), [1, 1, inputSize, inputSize]);
      await session.run({ [inputName]: probeInput });
      return { session, backend, fallbacks };
    } catch (err) {
      fallbacks.push(`${backend}: ${(err as Error).message.split('\n')[0]}`);
      await session?.release?.().catch(() => undefined);
    }
  }
  throw new Error(`the model could not run on any backend (${fallbacks.join('; ') || 'none was allowed'})`);
}

/** The fetched, verified model on an open session, ready to classify. */
export async function createRuntime(
  ort: OrtLike,
  model: FetchedModel,
  source: Pick<ModelSource, 'backends'>,
  opts: OpenOptions & { batchSize?: number } = {},
): Promise<Runtime> {
  const { config, bytes, fromCache } = model;
  const { session, backend, fallbacks } = await openSession(ort, bytes, config.inputName, config.inputSize, source.backends, opts);
  const batchSize = opts.batchSize ?? (backend === 'webgpu' ? 16 : 8);
  const classifier = new SequenceClassifier({ session, Tensor: ort.Tensor, config, batchSize });
  return {
    classifier,
    info: {
      name: config.name,
      labels: config.labels,
      inputSize: config.inputSize,
      backend,
      fallbacks,
      sha256: config.sha256,
      bytes: bytes.length,
      fromCache,
    },
  };
}
