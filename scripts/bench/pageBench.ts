/**
 * onnxruntime-web in headless Chromium: per-slice latency of a model on WASM with 1 and 2 threads
 * (the page is cross-origin isolated, as the viewer is) with the build the viewer loads without a
 * WebGPU adapter (the plain SIMD build; pool threads that sleep rather than spin, as the viewer sets
 * them when it runs several), and on WebGPU (the JSEP build) when the browser offers an adapter
 * (named in the result). The first runs after the session is created (engine tier-up, cold caches)
 * are reported apart from the steady state. One fresh page per configuration: the WASM thread count
 * is fixed when onnxruntime-web starts. Everything is served from a loopback server of its own.
 */
import { createReadStream, existsSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

export interface PageResult {
  backend: 'wasm' | 'webgpu';
  threads: number | null;
  /** WebGPU adapter (vendor, architecture, description), when WebGPU ran. */
  adapter?: string;
  /** The adapter's info fields as the viewer's worker reads them (worker/adapter.ts). */
  adapterInfo?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  /** Session created and first inference, from the wasm fetch on. */
  coldStartMs: number;
  /** Median of the first 5 single-slice runs after the session's first one. */
  msFirstRuns: number;
  /** Steady state (after 40 warm-up runs): median per slice at batch 1 and batch 8. */
  msPerSliceBatch1: number;
  msPerSliceBatch8: number;
  error?: string;
}

/** Runs inside the page (plain JS: nothing compiled by tsx reaches the browser). */
const PAGE_MODULE = `
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export async function run(cfg) {
  let adapter, adapterInfo;
  if (cfg.backend === 'webgpu') {
    const a = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
    if (!a) return { error: navigator.gpu ? 'no WebGPU adapter' : 'WebGPU is not available in this browser' };
    const i = a.info || (a.requestAdapterInfo ? await a.requestAdapterInfo() : {});
    adapter = [i.vendor, i.architecture, i.description, i.device].filter(Boolean).join(' / ') || 'unnamed adapter';
    adapterInfo = { vendor: i.vendor, architecture: i.architecture, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? a.isFallbackAdapter };
  }
  const ort = await import(cfg.backend === 'webgpu' ? '/ort/ort.all.min.mjs' : '/ort/ort.wasm.min.mjs');
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = cfg.threads || 1;
  const json = await (await fetch('/model/model.json')).json();
  const size = json.input.size, name = json.input.name;
  const bytes = new Uint8Array(await (await fetch('/model/' + (json.onnx && json.onnx.file || 'model.onnx'))).arrayBuffer());
  const mk = (b) => new ort.Tensor('float32', Float32Array.from({ length: b * size * size }, (_, i) => Math.sin(i / 97)), [b, 1, size, size]);
  const options = { executionProviders: [cfg.backend], graphOptimizationLevel: 'all' };
  if ((cfg.threads || 1) > 1) options.extra = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };
  const t0 = performance.now();
  const s = await ort.InferenceSession.create(bytes, options);
  await s.run({ [name]: mk(1) });
  const coldStartMs = performance.now() - t0;
  const one = mk(1), eight = mk(8);
  const time = async (n, t) => { const out = []; for (let i = 0; i < n; i++) { const a = performance.now(); await s.run({ [name]: t }); out.push(performance.now() - a); } return out; };
  const first = await time(5, one);
  await time(cfg.warmup, one);
  const b1 = await time(cfg.runs, one);
  const b8 = await time(Math.max(2, Math.ceil(cfg.runs / 4)), eight);
  await s.release();
  return { adapter, adapterInfo, coldStartMs, msFirstRuns: median(first), msPerSliceBatch1: median(b1), msPerSliceBatch8: median(b8) / 8 };
}`;

function serve(repoRoot: string, modelDir: string): http.Server {
  const ortDir = path.join(repoRoot, 'node_modules', 'onnxruntime-web', 'dist');
  const types: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  return http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (p === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><title>mrseq bench</title>');
    if (p === '/bench.mjs') return res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(PAGE_MODULE);
    const [root, rest] = p.startsWith('/ort/') ? [ortDir, p.slice(5)] : p.startsWith('/model/') ? [modelDir, p.slice(7)] : [null, ''];
    const file = root && !rest.includes('..') ? path.join(root, rest) : null;
    if (!file || !existsSync(file)) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
}

export async function pageBench(browser: Browser, repoRoot: string, modelDir: string, runs = 30): Promise<PageResult[]> {
  const server = serve(repoRoot, modelDir);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out: PageResult[] = [];
  try {
    const configs: Array<{ backend: 'wasm' | 'webgpu'; threads: number | null; runs: number; warmup: number }> = [
      { backend: 'wasm', threads: 1, runs, warmup: 40 },
      { backend: 'wasm', threads: 2, runs, warmup: 40 },
      { backend: 'webgpu', threads: null, runs: 5, warmup: 2 },
    ];
    for (const cfg of configs) {
      const page = await browser.newPage();
      try {
        await page.goto(origin + '/');
        const r = (await page.evaluate(`import('/bench.mjs').then((m) => m.run(${JSON.stringify(cfg)}))`)) as Partial<PageResult>;
        out.push({ backend: cfg.backend, threads: cfg.threads, coldStartMs: NaN, msFirstRuns: NaN, msPerSliceBatch1: NaN, msPerSliceBatch8: NaN, ...r });
      } catch (err) {
        out.push({ backend: cfg.backend, threads: cfg.threads, coldStartMs: NaN, msFirstRuns: NaN, msPerSliceBatch1: NaN, msPerSliceBatch8: NaN, error: (err as Error).message.split('\n')[0] });
      } finally {
        await page.close();
      }
    }
  } finally {
    server.close();
  }
  return out;
}
