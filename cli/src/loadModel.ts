/**
 * Load a model directory (model.json + model.onnx) for node through the same loader as the viewer's
 * worker (core/model: parse model.json, check the ONNX file's sha256, open the session on the first
 * backend that passes a test inference), with files in place of HTTP and onnxruntime-node's CPU
 * provider in place of onnxruntime-web.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { SequenceClassifier, TensorConstructor } from '@mrseq/extension/core/inference';
import type { ModelConfig } from '@mrseq/extension/core/labels';
import { fetchModel, type LoaderDeps, type ResponseLike } from '@mrseq/extension/core/model/modelLoader';
import { createRuntime, type OrtLike } from '@mrseq/extension/core/model/session';
import type { ModelInfo } from '@mrseq/extension/core/model/types';

export { DEFAULT_MODEL_DIR } from './defaultModel';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

export interface LoadedModel {
  dir: string;
  config: ModelConfig;
  classifier: SequenceClassifier;
  info: ModelInfo;
  onnxBytes: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fetch over files: file:// URLs in, the file's bytes (or why there are none) out. */
export function fileFetch(dir: string): LoaderDeps['fetch'] {
  return async (url: string): Promise<ResponseLike> => {
    const file = fileURLToPath(url);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const failure =
        code === 'ENOENT' && path.basename(file) === 'model.json'
          ? `no model at ${dir} (model.json not found)`
          : `cannot read ${file}: ${code ?? (err as Error).message}`;
      return { ok: false, status: code === 'ENOENT' ? 404 : 500, failure, json: async () => undefined, arrayBuffer: async () => new ArrayBuffer(0) };
    }
    return {
      ok: true,
      status: 200,
      json: async () => JSON.parse(bytes.toString('utf8')),
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };
}

/** onnxruntime-node behind the loader's interface (its CPU provider). */
const ortNode: OrtLike = { InferenceSession: ort.InferenceSession as unknown as OrtLike['InferenceSession'], Tensor: ort.Tensor as unknown as TensorConstructor };

export async function loadModel(dir: string, opts: { threads?: number; batchSize?: number } = {}): Promise<LoadedModel> {
  const base = pathToFileURL(path.resolve(dir) + path.sep).href;
  try {
    const model = await fetchModel(base, { fetch: fileFetch(dir), sha256: async (b) => sha256Hex(b) });
    const runtime = await createRuntime(ortNode, model, { backends: ['cpu'] }, {
      batchSize: opts.batchSize,
      session: { intraOpNumThreads: opts.threads ?? 1, interOpNumThreads: 1 },
    });
    return { dir, config: model.config, classifier: runtime.classifier, info: runtime.info, onnxBytes: model.bytes.length };
  } catch (err) {
    throw new ModelLoadError((err as Error).message);
  }
}
