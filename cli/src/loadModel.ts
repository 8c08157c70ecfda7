/**
 * Load a model directory (model.json + model.onnx) for node: verify the ONNX file's sha256 against
 * model.json, open an onnxruntime-node session and wrap it in a SequenceClassifier.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { SequenceClassifier, type TensorConstructor } from '@mrseq/extension/core/inference';
import { parseModelConfig, type ModelConfig } from '@mrseq/extension/core/labels';

/** The model shipped in the repository, used when no --model is given. */
export const DEFAULT_MODEL_DIR = path.resolve(__dirname, '../../models/mrseq-v1');

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

export interface LoadedModel {
  dir: string;
  config: ModelConfig;
  classifier: SequenceClassifier;
  onnxBytes: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function loadModel(dir: string, opts: { threads?: number; batchSize?: number } = {}): Promise<LoadedModel> {
  const jsonPath = path.join(dir, 'model.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(jsonPath, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelLoadError(
      code === 'ENOENT' ? `no model at ${dir} (model.json not found)` : `cannot read ${jsonPath}: ${(err as Error).message}`,
    );
  }
  let config: ModelConfig;
  try {
    config = parseModelConfig(raw);
  } catch (err) {
    throw new ModelLoadError(`${jsonPath}: ${(err as Error).message}`);
  }
  const onnxPath = path.join(dir, config.onnxFile);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(onnxPath));
  } catch (err) {
    throw new ModelLoadError(`cannot read ${onnxPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const digest = sha256Hex(bytes);
  if (digest !== config.sha256) {
    throw new ModelLoadError(`${onnxPath}: sha256 ${digest} does not match model.json (${config.sha256}); the model file is not the one described`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: opts.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new ModelLoadError(`onnxruntime could not load ${onnxPath}: ${(err as Error).message}`);
  }
  const classifier = new SequenceClassifier({
    session,
    Tensor: ort.Tensor as unknown as TensorConstructor,
    config,
    batchSize: opts.batchSize,
  });
  return { dir, config, classifier, onnxBytes: bytes.length };
}
