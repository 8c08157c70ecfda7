/**
 * The classifier worker: onnxruntime-web + the mrseq core, off the viewer's main thread. Everything
 * it loads comes from the viewer's origin (ModelSource URLs); the logic is in handler.ts, the model
 * loading in core/model (shared with the command line).
 *
 * onnxruntime-web is chosen by capability: its JSEP build (WebGPU + WASM, 28 MB of wasm) only when
 * WebGPU is asked for and the browser offers a hardware adapter (adapter.ts); otherwise the plain
 * SIMD WASM build (14 MB). With both backends working, each is timed at load and the faster is kept.
 */
import { fetchModel, webCryptoSha256, type BytesCache } from '../core/model/modelLoader';
import { createRuntime, type BackendProbe, type OrtLike } from '../core/model/session';
import type { Backend } from '../core/model/types';
import { adapterProblem, type AdapterLike } from './adapter';
import { createHandler } from './handler';
import { wasmThreads } from './threads';
import { startWasm, warmupSeries } from './warmup';
import { transferables, type WorkerRequest, type WorkerResponse } from './protocol';

type OrtWeb = OrtLike & { env: { wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean } } };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(msg: WorkerResponse, transfer: Transferable[]): void;
  navigator: Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } };
  crossOriginIsolated?: boolean;
};

const CACHE_NAME = 'mrseq-models-v1';

async function openCache(): Promise<BytesCache | null> {
  if (typeof caches === 'undefined') return null;
  const cache = await caches.open(CACHE_NAME);
  return {
    async get(key) {
      const hit = await cache.match(key);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
    },
    async set(key, bytes) {
      await cache.put(key, new Response(bytes as Uint8Array<ArrayBuffer>));
    },
  };
}

/** Why WebGPU cannot be used here, or null when an adapter worth using exists. */
async function webgpuMissing(softwareAllowed: boolean): Promise<string | null> {
  if (!scope.navigator.gpu) return 'WebGPU is not available in this browser';
  try {
    return adapterProblem(await scope.navigator.gpu.requestAdapter(), softwareAllowed);
  } catch (err) {
    return `WebGPU adapter request failed: ${(err as Error).message}`;
  }
}

/** The onnxruntime-web build for these backends on this browser, and why WebGPU was left out. */
async function loadOrt(backends: readonly Backend[]): Promise<{ ort: OrtWeb; webgpu: string | null }> {
  const webgpu = backends.includes('webgpu') ? await webgpuMissing(!backends.includes('wasm')) : 'not asked for';
  const ort = (webgpu === null ? await import('onnxruntime-web') : await import('onnxruntime-web/wasm')) as unknown as OrtWeb;
  return { ort, webgpu };
}

const handle = createHandler(
  async (source, progress) => {
  // Threads need a cross-origin isolated page; never the viewer's last core (see threads.ts).
  const threads = wasmThreads(source.threads, scope.navigator.hardwareConcurrency, !!scope.crossOriginIsolated);
  // onnxruntime-web's wasm starts while the model is fetched and checked (warmup.ts)
  const loading = loadOrt(source.backends).then(async (loaded) => {
    loaded.ort.env.wasm.wasmPaths = source.wasmPaths;
    loaded.ort.env.wasm.numThreads = threads.threads;
    await startWasm(loaded.ort);
    return loaded;
  });
  const model = await fetchModel(source.modelUrl, { fetch: (u) => fetch(u), sha256: webCryptoSha256, cache: await openCache().catch(() => null) }, progress);
  const { ort, webgpu } = await loading;
  const probe: BackendProbe = async (backend) => (backend === 'webgpu' ? webgpu : backend === 'wasm' ? null : 'not a browser backend');
  const runtime = await createRuntime(ort, model, source, {
    probe,
    progress,
    session: threads.extra ? { extra: threads.extra } : {},
    compare: { now: () => performance.now() },
  });
  // the worker's clock starts with the worker: its reading now is the whole load, early start or not
  const loadMs = Math.round(performance.now());
  return { ...runtime, info: { ...runtime.info, threads: runtime.info.backend === 'wasm' ? threads.threads : undefined, notes: threads.note ? [threads.note] : [], loadMs } };
  },
  { warmup: warmupSeries() },
);

scope.onmessage = (e) => {
  void handle(e.data, (msg) => scope.postMessage(msg, transferables(msg)));
};
