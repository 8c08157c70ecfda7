/**
 * Test helpers for model loading: the fixture model served from memory as if over HTTP, and
 * onnxruntime-node standing in for onnxruntime-web (its CPU provider plays 'wasm').
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import type { SequenceClassifier, TensorConstructor } from '../inference';
import type { ModelConfig } from '../labels';
import { fetchModel, webCryptoSha256, type LoaderDeps, type ResponseLike } from './modelLoader';
import { createRuntime, type OrtLike } from './session';

export const FIXTURE_DIR = path.resolve(__dirname, '../../../../models/fixture-tiny');
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

/**
 * A model directory on disk through the shared loader (sha256 checked, test inference run), on
 * onnxruntime-node: what a core test needs to run a real model.
 */
export async function loadModel(dir: string): Promise<{ config: ModelConfig; classifier: SequenceClassifier }> {
  const url = 'https://models.test/' + path.basename(dir) + '/';
  const config = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as { onnx?: { file?: string } };
  const onnx = config.onnx?.file ?? 'model.onnx';
  const files = {
    [url + 'model.json']: new Uint8Array(readFileSync(path.join(dir, 'model.json'))),
    [url + onnx]: new Uint8Array(readFileSync(path.join(dir, onnx))),
  };
  const model = await fetchModel(url, { fetch: memoryFetch(files), sha256: webCryptoSha256 });
  const { classifier } = await createRuntime(ortNodeAsWeb, model, { backends: ['wasm'] });
  return { config: classifier.config, classifier };
}
