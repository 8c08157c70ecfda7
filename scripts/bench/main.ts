/**
 * `npm run bench`: speed, memory and size of mrseq, printed as a table and written to out/bench.json.
 * Numbers only: nothing here passes or fails on a timing. Run through scripts/bench/bench.sh (plugin
 * build, then a network namespace with loopback only, as the end-to-end test).
 *   --skip-browser   node numbers and sizes only (no Chromium, no Orthanc)
 *   --big-study      also a 40-series study in the viewer (bigStudyBench.ts: memory peaks, series, layout)
 *   --skip-viewer    no study in the viewer (node, Chromium per-slice numbers and sizes)
 *   --model <dir>    per-slice numbers of another model (the viewer studies use the plugin's model)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, resolveModelDir } from '../start/build';
import { PLUGIN_DIR } from '../start/main';
import { nodeBenchInChild, type NodeThreadResult } from './nodeBench';
import { pageBench, type PageResult } from './pageBench';
import { demoStudyBench, realStudyBench, type FolderStudyResult, type Skipped } from './realStudyBench';
import { sizes } from './sizes';
import { machineState, round } from './stats';
import { studyBench, type StudyResult } from './studyBench';
import { bigStudyBench, bigStudyRows } from './bigStudyBench';
import { chromiumLauncher as launch } from './chromium';
import { folderRows, syntheticRows } from './viewerRows';
import { adapterProblem } from '../../extension/src/worker/adapter';

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const MODEL_DIR = resolveModelDir(flag('--model')).dir;
const OUT = path.join(REPO_ROOT, 'out', 'bench.json');

const ms = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : `${round(x, x < 10 ? 2 : 0)} ms`);
const mb = (bytes: number) => `${round(bytes / 1e6, 2)} MB`;

function table(rows: Array<[string, string, string?]>): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c ?? ''}`.trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const skipBrowser = process.argv.includes('--skip-browser');
  const before = machineState(REPO_ROOT);
  const started = new Date().toISOString();
  const node: NodeThreadResult[] = [];
  for (const threads of [1, 2]) node.push(nodeBenchInChild(MODEL_DIR, threads));
  let page: PageResult[] = [];
  let study: StudyResult | { error: string } | null = null;
  let real: FolderStudyResult | Skipped | { error: string } | null = null;
  let demo: FolderStudyResult | Skipped | { error: string } | null = null;
  if (!skipBrowser) {
    const b = await launch(['--enable-unsafe-webgpu'])();
    try {
      page = await pageBench(b, REPO_ROOT, MODEL_DIR);
    } finally {
      await b.close();
    }
    if (!process.argv.includes('--skip-viewer')) {
      const failed = (err: Error) => ({ error: err.message.split('\n')[0] });
      real = await realStudyBench(launch()).catch(failed);
      demo = await demoStudyBench(launch()).catch(failed);
      study = await studyBench(launch()).catch(failed);
    }
  }
  const bigStudy = process.argv.includes('--big-study') && !skipBrowser ? await bigStudyBench(launch()).catch((err: Error) => ({ error: err.message })) : null;
  const size = sizes(PLUGIN_DIR, MODEL_DIR);
  const after = machineState(REPO_ROOT);
  const doc = { schema_version: 1, started, finished: new Date().toISOString(), machine: { before, after }, model: path.relative(REPO_ROOT, MODEL_DIR), node, browser: page, real_study: real, demo_study: demo, study, big_study: bigStudy, sizes: size };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(doc, null, 2) + '\n');

  const rows: Array<[string, string, string?]> = [['measure', 'value', 'target / note']];
  for (const n of node) {
    rows.push([`node ort, ${n.threads} thread${n.threads > 1 ? 's' : ''}: model per slice (batch 1 / batch 8)`, `${ms(n.msPerSliceBatch1)} / ${ms(n.msPerSliceBatch8)}`, '<= 5 ms']);
    rows.push([`node ort, ${n.threads} thread${n.threads > 1 ? 's' : ''}: core path per slice (256x256 in, CAM out)`, ms(n.msPerSliceCorePath), 'preprocess + model + CAM']);
    rows.push([`node ort, ${n.threads} thread${n.threads > 1 ? 's' : ''}: cold start (session + 1st run)`, ms(n.coldStartMs)]);
  }
  for (const p of page) {
    const name = p.backend === 'wasm' ? `Chromium WASM, ${p.threads} thread${p.threads === 1 ? '' : 's'}` : 'Chromium WebGPU';
    if (p.error) rows.push([`${name}: model per slice`, '-', p.error]);
    else {
      const vsNode = p.backend === 'wasm' && node[0] ? `${round(p.msPerSliceBatch1 / node[0].msPerSliceBatch1, 1)} x node 1 thread (target <= 2)` : '';
      rows.push([`${name}: model per slice (batch 1 / batch 8)`, `${ms(p.msPerSliceBatch1)} / ${ms(p.msPerSliceBatch8)}`, p.adapter ? `adapter: ${p.adapter}` : vsNode]);
      rows.push([`  first runs after start / cold start (session + 1st run)`, `${ms(p.msFirstRuns)} / ${ms(p.coldStartMs)}`]);
      if (p.adapterInfo) {
        const problem = adapterProblem({ info: p.adapterInfo }, false);
        rows.push(['  the viewer with this adapter', problem ? 'WASM' : 'timed against WASM at load', problem ?? 'the faster is kept']);
      }
    }
  }
  rows.push(...folderRows(real, 1), ...folderRows(demo, 1), ...syntheticRows(study));
  if (bigStudy) rows.push(...bigStudyRows(bigStudy));
  rows.push(['plugin JS, gzip (without the ort wasm)', `${mb(size.pluginGzipBytes)} (${mb(size.pluginBytes)} raw)`, '<= 1 MB']);
  rows.push(['onnxruntime-web wasm + loader fetched without WebGPU, gzip', `${mb(size.ortWasmGzipBytes)} (${mb(size.ortWasmBytes)} raw)`, '<= 4 MB']);
  rows.push(['inference code on first load without WebGPU (wasm + loader + all plugin JS), gzip', mb(size.ortWasmGzipBytes + size.pluginGzipBytes), '<= 4 MB']);
  rows.push(['  JSEP build, fetched only with a WebGPU adapter, gzip', `${mb(size.ortJsepGzipBytes)} (${mb(size.ortJsepBytes)} raw)`]);
  rows.push([`model ${size.modelName}`, `${mb(size.modelBytes)} (${mb(size.modelGzipBytes)} gzip)`, '<= 5 MB']);
  const job = (m: typeof before) => (m.trainingJobRunning === null ? 'no training job recorded' : m.trainingJobRunning ? 'training job RUNNING (numbers inflated)' : 'training job finished');
  rows.push(['machine', `${before.cpus} x ${before.cpuModel}`]);
  rows.push(['load average (1/5/15 min) before / after', `${before.loadAverage.join(' ')} / ${after.loadAverage.join(' ')}`, `${job(before)} / ${job(after)}`]);
  console.log(table(rows));
  console.log(`\nwritten: ${path.relative(REPO_ROOT, OUT)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
