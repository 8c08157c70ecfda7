/**
 * SequenceClassifier: slices -> calibrated per-slice probabilities and class-activation maps.
 * The ONNX session is injected (onnxruntime-node in node, onnxruntime-web in the worker), so this
 * file depends on neither.
 */
import type { ModelConfig } from './labels';
import { preprocessSlice, type SliceGeometry } from './preprocess';
import type { SliceImage, TensorLike } from './types';

export interface InferenceSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorLike>): Promise<Record<string, TensorLike>>;
}

export type TensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => TensorLike;

export interface SlicePrediction {
  /** Index of the slice in the list given to classify(). */
  index: number;
  logits: Float32Array;
  /** Softmax of logits / temperature. */
  probabilities: Float32Array;
  /** This slice's class maps, [C, gh, gw] flattened; absent when the model has no cam output. */
  cam?: Float32Array;
  camDims?: [number, number, number];
  geometry: SliceGeometry;
  /** True when the slice had no contrast (its input was constant). */
  empty: boolean;
}

export function softmax(logits: ArrayLike<number>, temperature = 1): Float32Array {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] / temperature);
  const out = new Float32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp(logits[i] / temperature - max);
    sum += out[i];
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

export class SequenceClassifier {
  readonly config: ModelConfig;
  private readonly session: InferenceSessionLike;
  private readonly Tensor: TensorConstructor;
  private readonly batchSize: number;

  constructor(opts: { session: InferenceSessionLike; Tensor: TensorConstructor; config: ModelConfig; batchSize?: number }) {
    const { session, config } = opts;
    if (!session.inputNames.includes(config.inputName)) {
      throw new Error(`model has no input "${config.inputName}" (it has ${session.inputNames.join(', ')})`);
    }
    if (!session.outputNames.includes(config.logitsName)) {
      throw new Error(`model has no output "${config.logitsName}" (it has ${session.outputNames.join(', ')})`);
    }
    this.session = session;
    this.Tensor = opts.Tensor;
    this.config = config;
    this.batchSize = Math.max(1, opts.batchSize ?? 16);
  }

  get hasCam(): boolean {
    return this.session.outputNames.includes(this.config.camName);
  }

  /** Preprocess and run the given slices in batches; results are in input order. */
  async classify(slices: readonly SliceImage[]): Promise<SlicePrediction[]> {
    const { inputSize: size, percentiles, mean, std, labels, preprocessingVersion: version } = this.config;
    const results: SlicePrediction[] = [];
    for (let start = 0; start < slices.length; start += this.batchSize) {
      const batch = slices.slice(start, start + this.batchSize);
      const prepared = batch.map((s) =>
        preprocessSlice(s.pixels, s.height, s.width, s.pixelSpacing, { size, percentiles, mean, std, version }),
      );
      const input = new Float32Array(batch.length * size * size);
      prepared.forEach((p, i) => input.set(p.tensor, i * size * size));
      const feeds = { [this.config.inputName]: new this.Tensor('float32', input, [batch.length, 1, size, size]) };
      const out = await this.session.run(feeds);
      const logits = out[this.config.logitsName];
      const cam = this.hasCam ? out[this.config.camName] : undefined;
      const logitData = logits.data as Float32Array;
      const classes = labels.length;
      if (logits.dims[1] !== classes) {
        throw new Error(`model gives ${logits.dims[1]} classes but model.json lists ${classes} labels`);
      }
      const camData = cam?.data as Float32Array | undefined;
      const camDims = cam ? ([cam.dims[1], cam.dims[2], cam.dims[3]] as [number, number, number]) : undefined;
      const camStride = camDims ? camDims[0] * camDims[1] * camDims[2] : 0;
      prepared.forEach((p, i) => {
        const l = logitData.slice(i * classes, (i + 1) * classes);
        results.push({
          index: start + i,
          logits: l,
          probabilities: softmax(l, this.config.temperature),
          cam: camData ? camData.slice(i * camStride, (i + 1) * camStride) : undefined,
          camDims,
          geometry: p.geometry,
          empty: p.empty,
        });
      });
    }
    return results;
  }
}
