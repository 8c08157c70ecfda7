/**
 * The fuzz script's worker thread: builds the seeds once, then runs the cases the main thread sends,
 * one at a time, under the allocation guard. It announces each case before running it, so that the main
 * thread can name a case that hangs or kills the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installAllocationGuard } from '../../extension/src/testing/fuzz/guard';
import { makeCase, runCase } from '../../extension/src/testing/fuzz/harness';
import { buildSeeds } from '../../extension/src/testing/fuzz/seeds';

export interface WorkerInit {
  runSeed: number;
  guardBytes: number;
  readers: string[] | null;
}

export type FromWorker =
  | { type: 'ready'; seeds: number }
  | { type: 'start'; index: number; seed: string; what: string; fileIndex: number; files: Uint8Array[] }
  | { type: 'done'; index: number; kind: string; detail: string; ms: number };

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  const all = await buildSeeds();
  const seeds = init.readers ? all.filter((s) => init.readers!.includes(s.reader)) : all;
  installAllocationGuard(init.guardBytes);
  const port = parentPort!;
  port.on('message', async (index: number) => {
    const c = makeCase(seeds, init.runSeed, index);
    port.postMessage({ type: 'start', index, seed: c.seed, what: c.what, fileIndex: c.fileIndex, files: [c.files[c.fileIndex]] } satisfies FromWorker);
    const t0 = performance.now();
    const o = await runCase(c);
    port.postMessage({ type: 'done', index, kind: o.kind, detail: o.detail, ms: performance.now() - t0 } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready', seeds: seeds.length } satisfies FromWorker);
}

main().catch((err) => {
  throw err;
});
