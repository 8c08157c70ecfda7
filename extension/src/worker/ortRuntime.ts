/**
 * Open an onnxruntime session on the first backend that works. Each backend is tried explicitly
 * (onnxruntime-web's own list falls back silently) and must pass a test inference before it is
 * used, so the backend reported is the one that really runs.
 */
import { SequenceClassifier, type InferenceSessionLike, type TensorConstructor } from '../core/inference';
import type { FetchedModel } from './modelLoader';
import type { Progress, Runtime } from './handler';
import type { Backend, ModelSource } from './protocol';

export interface SessionLike extends InferenceSessionLike {
  release?(): Promise<void>;
}

/** The part of onnxruntime-web (or -node) used here. */
export interface OrtLike {
  InferenceSession: {
    create(bytes: Uint8Array, options: { executionProviders: string[]; graphOptimizationLevel?: 'all' }): Promise<SessionLike>;
  };
  Tensor: TensorConstructor;
}

/** Says why a backend cannot be used here (e.g. "no WebGPU adapter"), or null when it may be tried. */
export type BackendProbe = (backend: Backend) => Promise<string | null>;

export interface OpenedSession {
  session: SessionLike;
  backend: Backend;
  fallbacks: string[];
}

export async function openSession(
  ort: OrtLike,
  bytes: Uint8Array,
  inputName: string,
  inputSize: number,
  backends: readonly Backend[],
  probe: BackendProbe,
  progress: Progress = () => undefined,
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
      session = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
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

export async function createRuntime(
  ort: OrtLike,
  model: FetchedModel,
  source: ModelSource,
  probe: BackendProbe,
  progress: Progress = () => undefined,
): Promise<Runtime> {
  const { config, bytes, fromCache } = model;
  const { session, backend, fallbacks } = await openSession(ort, bytes, config.inputName, config.inputSize, source.backends, probe, progress);
  const classifier = new SequenceClassifier({ session, Tensor: ort.Tensor, config, batchSize: backend === 'webgpu' ? 16 : 8 });
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
