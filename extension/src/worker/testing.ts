/**
 * Test helpers for the worker: the fixture model served from memory as if over HTTP, onnxruntime-node
 * standing in for onnxruntime-web (its CPU provider plays 'wasm'), and small synthetic series.
 */
import type { LoadedSeries, SliceImage } from '../core/types';
import { fetchModel, webCryptoSha256 } from '../core/model/modelLoader';
import { createRuntime } from '../core/model/session';
import type { ModelSource } from '../core/model/types';
import { fixtureFiles, memoryFetch, MODEL_URL, ortNodeAsWeb } from '../core/model/testing';
import type { WorkerLike } from './client';
import { createHandler, type LoadRuntime } from './handler';
import type { WorkerRequest } from './protocol';

export { FIXTURE_DIR, MODEL_URL, fixtureFiles, memoryCache, memoryFetch, ortNodeAsWeb } from '../core/model/testing';
export { webCryptoSha256 };

/** A slice with a bright disk whose radius and brightness vary with `k`. */
export function diskSlice(k: number, size = 48): SliceImage {
  const pixels = new Float32Array(size * size);
  const r = size * (0.25 + 0.02 * k);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - size / 2, y - size / 2);
      pixels[y * size + x] = d < r ? 500 + 40 * k + 3 * x : 10;
    }
  }
  return { width: size, height: size, pixels, pixelSpacing: [1, 1], position: 5 * k };
}

export function diskSeries(id: string, slices = 6, header: LoadedSeries['header'] = { modality: 'MR' }): LoadedSeries {
  return {
    id,
    format: 'dicom',
    sources: [],
    header,
    volumes: [{ key: '', slices: Array.from({ length: slices }, (_, k) => diskSlice(k)) }],
    warnings: [],
  };
}

/** The browser's runtime loader with onnxruntime-node in place of onnxruntime-web. */
export const nodeLoadRuntime: LoadRuntime = async (src, progress) =>
  createRuntime(ortNodeAsWeb, await fetchModel(src.modelUrl, { fetch: memoryFetch(fixtureFiles()), sha256: webCryptoSha256 }, progress), src, { progress });

/** A worker that runs the real handler in-process, cloning messages as postMessage does. */
export function inProcessWorker(log: WorkerRequest[] = [], load: LoadRuntime = nodeLoadRuntime): WorkerLike {
  const handle = createHandler(load);
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(msg) {
      log.push(msg);
      void handle(structuredClone(msg), (res) => setTimeout(() => worker.onmessage?.({ data: structuredClone(res) })));
    },
    terminate() {},
  };
  return worker;
}

export const TEST_SOURCE: ModelSource = { modelUrl: MODEL_URL, wasmPaths: 'https://viewer.test/ort/', backends: ['webgpu', 'wasm'] };
