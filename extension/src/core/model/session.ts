/**
 * Open an onnxruntime session on the first backend that works, the same way in the viewer's worker
 * (onnxruntime-web: WebGPU, then WASM) and in node (onnxruntime-node's CPU provider). Each backend is
 * tried explicitly (onnxruntime-web's own list falls back silently) and must pass a test inference
 * before it is used, so the backend reported is the one that really runs. With `compare` (the
 * viewer's worker), every backend that works is timed on a batch of the size it would classify with,
 * and the fastest is kept: a WebGPU adapter is not always faster than WASM for a model this small.
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
  /** ms per slice of each backend timed at load (with `compare` and more than one backend working). */
  timings?: Partial<Record<Backend, number>>;
}

/** Time every backend that works and keep the fastest, instead of the first that works. */
export interface CompareOptions {
  /** A clock in ms (performance.now in the browser). */
  now: () => number;
  /** Timed runs per backend, after one untimed run at the batch's shape (default 3). */
  runs?: number;
}

export interface OpenOptions {
  probe?: BackendProbe;
  progress?: Progress;
  session?: SessionOptions;
  compare?: CompareOptions;
}

/** Slices per inference call on a backend: GPUs amortise a dispatch over more. */
export function batchFor(backend: Backend): number {
  return backend === 'webgpu' ? 16 : 8;
}

const msText = (ms: number): string => (ms >= 10 ? ms.toFixed(0) : ms.toPrecision(2));

/** A backend's reason in fallbacks: the first line of its error. */
const reason = (backend: Backend, err: unknown): string => `${backend}: ${(err as Error).message.split('\n')[0]}`;

const release = (session: SessionLike | null | undefined): Promise<void> | undefined => session?.release?.().catch(() => undefined);

const noBackend = (fallbacks: readonly string[]): Error =>
  new Error(`the model could not run on any backend (${fallbacks.join('; ') || 'none was allowed'})`);

/** Median ms per slice of `runs` inferences of one batch, after one untimed run at that shape. */
async function msPerSlice(ort: OrtLike, o: OpenedSession, inputName: string, inputSize: number, { now, runs = 3 }: CompareOptions): Promise<number> {
  const n = batchFor(o.backend);
  const data = new Float32Array(n * inputSize * inputSize);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37); // not all zeros
  const feeds = { [inputName]: new ort.Tensor('float32', data, [n, 1, inputSize, inputSize]) };
  await o.session.run(feeds);
  const times: number[] = [];
  for (let r = 0; r < Math.max(1, runs); r++) {
    const t0 = now();
    await o.session.run(feeds);
    times.push((now() - t0) / n);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Keep the fastest of the sessions that work; the others are released and named with their time. */
async function fastest(ort: OrtLike, working: OpenedSession[], inputName: string, inputSize: number, compare: CompareOptions, fallbacks: string[]): Promise<OpenedSession> {
  const timed: Array<{ o: OpenedSession; ms: number }> = [];
  for (const o of working) {
    try {
      timed.push({ o, ms: await msPerSlice(ort, o, inputName, inputSize, compare) });
    } catch (err) {
      fallbacks.push(reason(o.backend, err));
      await release(o.session);
    }
  }
  if (!timed.length) throw noBackend(fallbacks);
  const best = timed.reduce((a, b) => (b.ms < a.ms ? b : a));
  for (const t of timed) {
    if (t === best) continue;
    fallbacks.push(`${t.o.backend}: slower here (${msText(t.ms)} ms per slice against ${msText(best.ms)} ms on ${best.o.backend.toUpperCase()})`);
    await release(t.o.session);
  }
  const timings = Object.fromEntries(timed.map((t) => [t.o.backend, Number(t.ms.toPrecision(3))])) as Partial<Record<Backend, number>>;
  return { ...best.o, fallbacks, timings };
}

export async function openSession(
  ort: OrtLike,
  bytes: Uint8Array,
  inputName: string,
  inputSize: number,
  backends: readonly Backend[],
  { probe = anyBackend, progress = () => undefined, session: extra = {}, compare }: OpenOptions = {},
): Promise<OpenedSession> {
  const fallbacks: string[] = [];
  const working: OpenedSession[] = [];
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
      if (!compare) return { session, backend, fallbacks };
      working.push({ session, backend, fallbacks });
    } catch (err) {
      fallbacks.push(reason(backend, err));
      await release(session);
    }
  }
  if (working.length === 1) return working[0];
  if (compare && working.length) {
    progress('starting-runtime', `timing the model on ${working.map((w) => w.backend.toUpperCase()).join(' and ')}`);
    return fastest(ort, working, inputName, inputSize, compare, fallbacks);
  }
  throw noBackend(fallbacks);
}

/** The fetched, verified model on an open session, ready to classify. */
export async function createRuntime(
  ort: OrtLike,
  model: FetchedModel,
  source: Pick<ModelSource, 'backends'>,
  opts: OpenOptions & { batchSize?: number } = {},
): Promise<Runtime> {
  const { config, bytes, fromCache } = model;
  const { session, backend, fallbacks, timings } = await openSession(ort, bytes, config.inputName, config.inputSize, source.backends, opts);
  const batchSize = opts.batchSize ?? batchFor(backend);
  const classifier = new SequenceClassifier({ session, Tensor: ort.Tensor, config, batchSize });
  return {
    classifier,
    info: {
      name: config.name,
      labels: config.labels,
      inputSize: config.inputSize,
      backend,
      fallbacks,
      ...(timings ? { timings } : {}),
      sha256: config.sha256,
      bytes: bytes.length,
      fromCache,
    },
  };
}
