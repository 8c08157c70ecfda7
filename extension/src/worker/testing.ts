/**
 * Test helpers for the worker: the fixture model served from memory as if over HTTP, onnxruntime-node
 * standing in for onnxruntime-web (its CPU provider plays 'wasm'), and small synthetic series.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import type { TensorConstructor } from '../core/inference';
import type { LoadedSeries, SliceImage } from '../core/types';
import type { WorkerLike } from './client';
import { createHandler, type LoadRuntime } from './handler';
import { fetchModel, webCryptoSha256, type LoaderDeps, type ResponseLike } from './modelLoader';
import { createRuntime, type OrtLike } from './ortRuntime';
import type { ModelSource, WorkerRequest } from './protocol';

export const FIXTURE_DIR = path.resolve(__dirname, '../../../models/fixture-tiny');
export const MODEL_URL = 'https://viewer.test/plugins/mrseq/model/';

export function fixtureFiles(): Record<string, Uint8Array> {
  return {
    [MODEL_URL + 'model.json']: new Uint8Array(readFileSync(path.join(FIXTURE_DIR, 'model.json'))),
    [MODEL_URL + 'model.onnx']: new Uint8Array(readFileSync(path.join(FIXTURE_DIR, 'model.onnx'))),
  };
}

/** A fetch over an in-memory file map that records the URLs it was asked for. */
export function memoryFetch(files: Record<string, Uint8Array>): LoaderDeps['fetch'] & { calls: string[] } {
  const calls: string[] = [];
  const f = async (url: string): Promise<ResponseLike> => {
    calls.push(url);
    const bytes = files[url];
    return {
      ok: !!bytes,
      status: bytes ? 200 : 404,
      json: async () => JSON.parse(new TextDecoder().decode(bytes)),
      arrayBuffer: async () => bytes.slice().buffer,
    };
  };
  return Object.assign(f, { calls });
}

export function memoryCache(): LoaderDeps['cache'] & { store: Map<string, Uint8Array> } {
  const store = new Map<string, Uint8Array>();
  return { store, get: async (k) => store.get(k), set: async (k, b) => void store.set(k, b) };
}

export { webCryptoSha256 };

/** onnxruntime-node behind the OrtLike interface; 'wasm' runs on its CPU provider, 'webgpu' always fails to start. */
export const ortNodeAsWeb: OrtLike = {
  InferenceSession: {
    create: async (bytes, options) => {
      if (options.executionProviders.includes('webgpu')) throw new Error('no WebGPU device in node tests');
      return ortNode.InferenceSession.create(bytes, {
        ...options,
        executionProviders: options.executionProviders.map((e) => (e === 'wasm' ? 'cpu' : e)),
      }) as never;
    },
  },
  Tensor: ortNode.Tensor as unknown as TensorConstructor,
};

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
  createRuntime(ortNodeAsWeb, await fetchModel(src.modelUrl, { fetch: memoryFetch(fixtureFiles()), sha256: webCryptoSha256 }, progress), src, async () => null, progress);

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
