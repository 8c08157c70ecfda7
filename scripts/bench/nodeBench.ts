/**
 * Node numbers: cold start of an onnxruntime-node session (create + first inference), per-slice model
 * latency at batch 1 and 8, and per-slice latency of the whole core path (preprocessing, inference,
 * class maps) with 1 and 2 threads, on the shipped model.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { TensorConstructor } from '../../extension/src/core/inference';
import { SequenceClassifier } from '../../extension/src/core/inference';
import { parseModelConfig } from '../../extension/src/core/labels';
import type { SliceImage } from '../../extension/src/core/types';
import { median, timed } from './stats';

export interface NodeThreadResult {
  threads: number;
  /** Session creation + first inference, ms. */
  coldStartMs: number;
  /** Model only, one slice per run, median ms. */
  msPerSliceBatch1: number;
  /** Model only, batches of 8, median ms per slice. */
  msPerSliceBatch8: number;
  /** SequenceClassifier.classify on 256x256 slices (preprocess + inference + CAM), median ms per slice. */
  msPerSliceCorePath: number;
}

/** A 256x256 head-like slice (the core resamples it to the model's input size). */
function slice(k: number): SliceImage {
  const n = 256;
  const pixels = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const d = ((x - 128) / 90) ** 2 + ((y - 128) / 110) ** 2;
      pixels[y * n + x] = d < 1 ? 400 + 300 * Math.sin(x / 9 + k) * Math.cos(y / 13) + 200 * (d < 0.3 ? 1 : 0) : 5;
    }
  }
  return { width: n, height: n, pixels, pixelSpacing: [0.9, 0.9], position: k * 5 };
}

export async function nodeBench(modelDir: string, threads: number, runs = 40): Promise<NodeThreadResult> {
  const config = parseModelConfig(JSON.parse(await fs.readFile(path.join(modelDir, 'model.json'), 'utf8')));
  const bytes = new Uint8Array(await fs.readFile(path.join(modelDir, config.onnxFile)));
  const size = config.inputSize;
  const input = (batch: number) => new ort.Tensor('float32', new Float32Array(batch * size * size).map((_, i) => Math.sin(i / 97)), [batch, 1, size, size]);
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  };
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, options);
  await session.run({ [config.inputName]: input(1) });
  const coldStartMs = performance.now() - t0;

  const one = input(1);
  const eight = input(8);
  for (let i = 0; i < 5; i++) await session.run({ [config.inputName]: eight });
  const b1 = await timed(runs, () => session.run({ [config.inputName]: one }));
  const b8 = await timed(Math.ceil(runs / 4), () => session.run({ [config.inputName]: eight }));

  const classifier = new SequenceClassifier({ session: session as never, Tensor: ort.Tensor as unknown as TensorConstructor, config, batchSize: 8 });
  const slices = Array.from({ length: 8 }, (_, k) => slice(k));
  await classifier.classify(slices);
  const core = await timed(Math.ceil(runs / 4), () => classifier.classify(slices));
  await session.release();
  return {
    threads,
    coldStartMs,
    msPerSliceBatch1: median(b1),
    msPerSliceBatch8: median(b8) / 8,
    msPerSliceCorePath: median(core) / 8,
  };
}

/** Each thread count in a fresh node process, so every cold start is really cold. */
export function nodeBenchInChild(modelDir: string, threads: number): NodeThreadResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, modelDir, String(threads)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as NodeThreadResult;
}

if (require.main === module) {
  nodeBench(process.argv[2], Number(process.argv[3] ?? 1)).then(
    (r) => console.log(JSON.stringify(r)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
