/**
 * Preprocessing alone (core/preprocess.ts, the model's own options from model.json): median ms per
 * slice for typical clinical matrix sizes, a head-like ellipse on a background of noise-free zeros
 * (the common case for the percentile window) and the same slice with noise everywhere.
 * Usage: node --import tsx scripts/bench/prepBench.ts [model dir]   (default: models/DEFAULT_MODEL)
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../../cli/src/defaultModel';
import { parseModelConfig } from '../../extension/src/core/labels';
import { preprocessSlice } from '../../extension/src/core/preprocess';
import { median } from './stats';

const modelDir = path.resolve(process.argv[2] ?? DEFAULT_MODEL_DIR);
const config = parseModelConfig(JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8')));
// The options the core's classifier passes (core/inference.ts).
const opts = {
  size: config.inputSize,
  percentiles: config.percentiles,
  mean: config.mean,
  std: config.std,
  version: config.preprocessingVersion,
};

function head(n: number, noise: boolean): Int16Array {
  const px = new Int16Array(n * n);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const d = ((x - n / 2) / (0.35 * n)) ** 2 + ((y - n / 2) / (0.43 * n)) ** 2;
      const v = d < 1 ? 400 + 300 * Math.sin(x / 9) * Math.cos(y / 13) : 0;
      px[y * n + x] = Math.round(v + (noise ? 20 * rand() : 0));
    }
  }
  return px;
}

const rows: Record<string, number | string>[] = [];
for (const n of [256, 512]) {
  for (const noise of [false, true]) {
    const px = head(n, noise);
    const spacing: [number, number] = [240 / n, 240 / n];
    for (let i = 0; i < 30; i++) preprocessSlice(px, n, n, spacing, opts);
    const times: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      for (let i = 0; i < 20; i++) preprocessSlice(px, n, n, spacing, opts);
      times.push((performance.now() - t) / 20);
    }
    rows.push({ slice: `${n}x${n}`, background: noise ? 'noise' : 'zeros', 'ms per slice (median of 15 x 20)': Number(median(times).toFixed(2)) });
  }
}
console.log(`preprocessing ${opts.version} to ${opts.size}x${opts.size} (${path.basename(modelDir)})`);
console.table(rows);
