/**
 * `npm run bench:archive`: `mrseq classify` over a generated DICOM archive (scripts/bench/archive.ts:
 * 100 series of 50 slices, 5,000 files, at 1x; --scale 5 writes 25,000) with the shipped model:
 * wall time, files/s and peak resident memory (GNU time's maximum RSS of the whole process, reader
 * threads included), for each --jobs value. Numbers only; nothing passes or fails here.
 *   --scale 1,5     archive sizes (multiples of 100 series)     --jobs 1,2     reader threads to compare
 *   --size 64       rows = columns of each slice                --dir <path>   where to write (default: a temp folder)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeArchive } from './archive';
import { machineState, round } from './stats';

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'cli', 'bin', 'mrseq.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface Row {
  scale: number;
  files: number;
  series: number;
  jobs: number;
  seconds: number;
  filesPerSecond: number;
  peakRssMB: number;
  seriesInReport: number;
}

function classify(dir: string, jobs: number, out: string): { seconds: number; peakRssMB: number } {
  // GNU time: elapsed seconds and maximum resident set size (KiB) of the command.
  const timing = path.join(path.dirname(out), `time-${jobs}.txt`);
  execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', timing, process.execPath, BIN, 'classify', dir, '--format', 'jsonl', '-o', out, '--jobs', String(jobs), '--no-progress'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [seconds, kib] = readFileSync(timing, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { seconds, peakRssMB: (kib * 1024) / 1e6 };
}

function main(): void {
  const scales = arg('scale', '1,5').split(',').map(Number);
  const jobsList = arg('jobs', '1,2').split(',').map(Number);
  const size = Number(arg('size', '64'));
  const root = process.argv.includes('--dir') ? arg('dir', '') : mkdtempSync(path.join(tmpdir(), 'mrseq-archive-'));
  const rows: Row[] = [];
  const machine = machineState(REPO);
  try {
    for (const scale of scales) {
      const dir = path.join(root, `x${scale}`);
      const series = 100 * scale;
      const t0 = performance.now();
      const files = existsSync(dir) ? NaN : writeArchive(dir, { series, slices: 50, size });
      console.error(`archive x${scale}: ${series} series, ${files} files of ${size}x${size} written in ${round((performance.now() - t0) / 1000, 1)} s`);
      for (const jobs of jobsList) {
        const out = path.join(root, `report-x${scale}-j${jobs}.jsonl`);
        const r = classify(dir, jobs, out);
        const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { record: string; series?: number });
        const summary = lines[lines.length - 1];
        const seriesInReport = lines.filter((l) => l.record === 'series').length;
        if (summary.record !== 'summary' || seriesInReport !== series) console.error(`  warning: report has ${seriesInReport} series, expected ${series}`);
        const n = Number.isNaN(files) ? 50 * series : files;
        rows.push({ scale, files: n, series, jobs, seconds: r.seconds, filesPerSecond: round(n / r.seconds, 1), peakRssMB: round(r.peakRssMB, 0), seriesInReport });
        console.error(`  --jobs ${jobs}: ${r.seconds} s, ${round(n / r.seconds, 1)} files/s, peak RSS ${round(r.peakRssMB, 0)} MB`);
      }
    }
  } finally {
    if (!process.argv.includes('--dir')) rmSync(root, { recursive: true, force: true });
  }
  const header = ['archive', 'files', 'series', '--jobs', 'wall time', 'files/s', 'peak RSS'];
  const body = rows.map((r) => [`${r.scale}x`, String(r.files), `${r.seriesInReport}/${r.series}`, String(r.jobs), `${r.seconds} s`, String(r.filesPerSecond), `${r.peakRssMB} MB`]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  for (const line of [header, ...body]) console.log(line.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
  const base = rows.find((r) => r.jobs === 1);
  for (const r of rows.filter((x) => x.jobs > 1 && base && x.scale === base.scale)) console.log(`speed-up at ${r.scale}x, --jobs ${r.jobs} vs 1: ${round(base!.seconds / r.seconds, 2)}x`);
  console.log(`machine: ${machine.cpus} x ${machine.cpuModel}; load average ${machine.loadAverage.join(' ')}`);
}

main();
