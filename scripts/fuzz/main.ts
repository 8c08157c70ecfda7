/**
 * `npm run fuzz -- --cases 10000`: the long fuzz run of every reader (the short one is part of
 * `npm test`, extension/src/testing/fuzz/fuzz.test.ts). Cases run one at a time in a worker thread;
 * a case that takes longer than --timeout-ms (2000) is a hang (the worker is replaced), one that grows
 * the process's resident memory by more than --memory-mb (512) over its start is a memory failure, and
 * any allocation over --guard-mb (256) inside the readers is refused and reported. Prints cases/s,
 * the outcome counts, every distinct failure with its first case, and the slowest case; writes
 * out/fuzz/report.json and the mutated file of every failing case (out/fuzz/cases/) for replay:
 *   npm run fuzz -- --seed S --from INDEX --cases 1
 * Options: --seed N (run seed, default 1), --from I (first case), --reader dicom,nifti,mgh,image2d.
 * Exit code 1 when any case failed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as os from 'node:os';
import type { FromWorker, WorkerInit } from './worker';

const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.join(REPO, 'out', 'fuzz');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const opts = {
  cases: Number(arg('cases', '10000')),
  runSeed: Number(arg('seed', '1')),
  from: Number(arg('from', '0')),
  timeoutMs: Number(arg('timeout-ms', '2000')),
  memoryMb: Number(arg('memory-mb', '512')),
  guardMb: Number(arg('guard-mb', '256')),
  readers: process.argv.includes('--reader') ? arg('reader', '').split(',') : null,
};

interface Failure {
  signature: string;
  count: number;
  first: { index: number; seed: string; what: string; detail: string; file?: string };
}

const FAILURE_KINDS = new Set(['crash', 'invalid', 'memory', 'hang']);

function signatureOf(seed: string, kind: string, detail: string): string {
  const reader = seed.split('-')[0];
  return `${reader} ${kind}: ${detail.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 160)}`;
}

class Runner {
  private worker!: Worker;
  private current: Extract<FromWorker, { type: 'start' }> | null = null;
  private resolveCase: ((r: { kind: string; detail: string; ms: number }) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sampler: NodeJS.Timeout | null = null;
  private rssAtStart = 0;
  rssPeakDelta = 0;
  private caseRssPeak = 0;
  restarts = 0;
  seeds = 0;

  async start(): Promise<void> {
    const init: WorkerInit = { runSeed: opts.runSeed, guardBytes: opts.guardMb * 2 ** 20, readers: opts.readers };
    // A worker's entry file is loaded before tsx's loader hooks apply: start it through tsx's require hook.
    const entry = `require('tsx/cjs/api').register(); require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`;
    this.worker = new Worker(entry, { eval: true, workerData: init, execArgv: [] });
    this.worker.on('error', (err) => this.finish({ kind: 'crash', detail: `worker died: ${err.message}`, ms: NaN }));
    this.worker.on('exit', (code) => this.finish({ kind: 'crash', detail: `worker exited with code ${code}`, ms: NaN }));
    await new Promise<void>((resolve) => {
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          this.seeds = m.seeds;
          resolve();
        } else if (m.type === 'start') this.current = m;
        else this.finish({ kind: m.kind, detail: m.detail, ms: m.ms });
      });
    });
  }

  private finish(r: { kind: string; detail: string; ms: number }): void {
    if (!this.resolveCase) return;
    const resolve = this.resolveCase;
    this.resolveCase = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.sampler) clearInterval(this.sampler);
    resolve(r);
  }

  async run(index: number): Promise<{ kind: string; detail: string; ms: number; info: Extract<FromWorker, { type: 'start' }> | null; rssDeltaMb: number }> {
    this.current = null;
    this.rssAtStart = process.memoryUsage.rss();
    this.caseRssPeak = this.rssAtStart;
    const t0 = performance.now();
    const result = await new Promise<{ kind: string; detail: string; ms: number }>((resolve) => {
      this.resolveCase = resolve;
      this.sampler = setInterval(() => (this.caseRssPeak = Math.max(this.caseRssPeak, process.memoryUsage.rss())), 5);
      this.timer = setTimeout(() => this.finish({ kind: 'hang', detail: `no outcome after ${opts.timeoutMs} ms`, ms: performance.now() - t0 }), opts.timeoutMs);
      this.worker.postMessage(index);
    });
    const info = this.current;
    const rssDeltaMb = (Math.max(this.caseRssPeak, process.memoryUsage.rss()) - this.rssAtStart) / 2 ** 20;
    this.rssPeakDelta = Math.max(this.rssPeakDelta, rssDeltaMb);
    if (result.kind === 'hang' || result.kind === 'crash') await this.restart();
    if (FAILURE_KINDS.has(result.kind) || rssDeltaMb <= opts.memoryMb) return { ...result, info, rssDeltaMb };
    return { kind: 'memory', detail: `resident memory grew by ${Math.round(rssDeltaMb)} MB (bound ${opts.memoryMb} MB)`, ms: result.ms, info, rssDeltaMb };
  }

  private async restart(): Promise<void> {
    this.worker.removeAllListeners();
    await this.worker.terminate();
    this.restarts++;
    await this.start();
  }

  stop(): Promise<number> {
    this.worker.removeAllListeners();
    return this.worker.terminate();
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'cases'), { recursive: true });
  const runner = new Runner();
  await runner.start();
  console.log(`fuzz: ${opts.cases} cases from #${opts.from}, run seed ${opts.runSeed}, ${runner.seeds} seeds, ${opts.timeoutMs} ms per file, memory bound ${opts.memoryMb} MB, allocation guard ${opts.guardMb} MB`);
  const counts: Record<string, number> = {};
  const failures = new Map<string, Failure>();
  let slowest = { ms: -1, index: -1, seed: '', what: '' };
  const t0 = performance.now();
  for (let i = opts.from; i < opts.from + opts.cases; i++) {
    const r = await runner.run(i);
    counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    const seed = r.info?.seed ?? '?';
    const what = r.info?.what ?? '?';
    if (r.ms > slowest.ms) slowest = { ms: r.ms, index: i, seed, what };
    if (FAILURE_KINDS.has(r.kind)) {
      const sig = signatureOf(seed, r.kind, r.detail);
      const f = failures.get(sig);
      if (f) f.count++;
      else {
        const file = r.info ? path.join(OUT, 'cases', `${i}-${seed}-file${r.info.fileIndex}.bin`) : undefined;
        if (file && r.info) writeFileSync(file, r.info.files[0]);
        failures.set(sig, { signature: sig, count: 1, first: { index: i, seed, what, detail: r.detail, file: file && path.relative(REPO, file) } });
      }
    }
    const done = i - opts.from + 1;
    if (done % 1000 === 0) console.log(`  ${done} cases, ${failures.size} distinct failure(s), ${((done / (performance.now() - t0)) * 1000).toFixed(1)} cases/s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  const report = {
    cases: opts.cases,
    from: opts.from,
    run_seed: opts.runSeed,
    seconds: Math.round(seconds * 10) / 10,
    cases_per_second: Math.round((opts.cases / seconds) * 10) / 10,
    outcomes: counts,
    distinct_failures: [...failures.values()],
    slowest_case: { ...slowest, ms: Math.round(slowest.ms) },
    worker_restarts: runner.restarts,
    rss_growth_peak_mb: Math.round(runner.rssPeakDelta),
    bounds: { per_file_ms: opts.timeoutMs, rss_growth_mb: opts.memoryMb, single_allocation_mb: opts.guardMb },
  };
  writeFileSync(path.join(OUT, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${opts.cases} cases in ${report.seconds} s: ${report.cases_per_second} cases/s`);
  console.log(`outcomes: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`slowest case: #${slowest.index} ${slowest.seed} (${slowest.what}) ${report.slowest_case.ms} ms`);
  console.log(`largest growth of resident memory during one case: ${report.rss_growth_peak_mb} MB`);
  console.log(`${failures.size} distinct failure(s)${failures.size ? ':' : ''}`);
  for (const f of failures.values()) {
    console.log(`  ${f.count} x ${f.signature}\n      first: #${f.first.index} ${f.first.seed} (${f.first.what})${f.first.file ? ` -> ${f.first.file}` : ''}`);
  }
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown'}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`written: ${path.relative(REPO, path.join(OUT, 'report.json'))}`);
  process.exitCode = failures.size ? 1 : 0;
}

main().catch((err) => {
  console.error(`fuzz: ${(err as Error).stack ?? err}`);
  process.exit(2);
});
