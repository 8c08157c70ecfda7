/**
 * The classifier worker: onnxruntime-web + the mrseq core, off the viewer's main thread. Everything
 * it loads comes from the viewer's origin (ModelSource URLs); the logic is in handler.ts.
 */
import * as ort from 'onnxruntime-web';
import { createHandler } from './handler';
import { fetchModel, webCryptoSha256, type BytesCache } from './modelLoader';
import { createRuntime, type BackendProbe, type OrtLike } from './ortRuntime';
import { transferables, type WorkerRequest, type WorkerResponse } from './protocol';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(msg: WorkerResponse, transfer: Transferable[]): void;
  navigator: Navigator & { gpu?: { requestAdapter(): Promise<unknown | null> } };
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

const probe: BackendProbe = async (backend) => {
  if (backend !== 'webgpu') return null;
  if (!scope.navigator.gpu) return 'WebGPU is not available in this browser';
  try {
    return (await scope.navigator.gpu.requestAdapter()) ? null : 'no WebGPU adapter';
  } catch (err) {
    return `WebGPU adapter request failed: ${(err as Error).message}`;
  }
};

const handle = createHandler(async (source, progress) => {
  ort.env.wasm.wasmPaths = source.wasmPaths;
  if (source.threads) ort.env.wasm.numThreads = source.threads;
  const model = await fetchModel(source.modelUrl, { fetch: (u) => fetch(u), sha256: webCryptoSha256, cache: await openCache().catch(() => null) }, progress);
  return createRuntime(ort as unknown as OrtLike, model, source, probe, progress);
});

scope.onmessage = (e) => {
  void handle(e.data, (msg) => scope.postMessage(msg, transferables(msg)));
};
