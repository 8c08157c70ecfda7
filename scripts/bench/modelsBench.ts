/**
 * `npm run bench:models -- <model dir> [<model dir> ...]`: per-slice time of several models side by
 * side, in onnxruntime-node (1 and 2 threads, a fresh process each) and in headless Chromium on WASM
 * (1 and 2 threads, the build the viewer loads without a WebGPU adapter): e.g. the float32 model
 * against its int8 quantization (models/training/quantize.py). Numbers only; run it with nothing
 * heavy beside it.
 */
import * as path from 'node:path';
import { REPO_ROOT } from '../start/build';
import { chromiumLauncher } from './chromium';
import { nodeBenchInChild } from './nodeBench';
import { pageBench } from './pageBench';
import { machineState, round } from './stats';

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).map((d) => path.resolve(d));
  if (!dirs.length) throw new Error('usage: npm run bench:models -- <model dir> [<model dir> ...]');
  const before = machineState(REPO_ROOT);
  const rows: Array<Record<string, unknown>> = [];
  for (const dir of dirs) {
    const node = [1, 2].map((t) => nodeBenchInChild(dir, t));
    const browser = await chromiumLauncher()();
    let page;
    try {
      page = (await pageBench(browser, REPO_ROOT, dir)).filter((p) => p.backend === 'wasm');
    } finally {
      await browser.close();
    }
    const row: Record<string, unknown> = { model: path.relative(REPO_ROOT, dir) };
    for (const n of node) row[`node ${n.threads} thr`] = round(n.msPerSliceBatch1, 2);
    for (const p of page) row[`chromium wasm ${p.threads} thr`] = p.error ? p.error : round(p.msPerSliceBatch1, 2);
    const n1 = node.find((n) => n.threads === 1)?.msPerSliceBatch1;
    for (const p of page) if (n1 && !p.error) row[`wasm ${p.threads} thr / node 1 thr`] = round(p.msPerSliceBatch1 / n1, 2);
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  const after = machineState(REPO_ROOT);
  console.table(rows);
  console.log(`ms per slice at batch 1 (medians); load average ${before.loadAverage.join(' ')} before, ${after.loadAverage.join(' ')} after`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
