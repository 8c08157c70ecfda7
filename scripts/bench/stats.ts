/** Small timing helpers for the benchmarks (never used for pass/fail). */
import * as os from 'node:os';
import { existsSync, readFileSync } from 'node:fs';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `fn` `n` times one after another; the wall time of each run in ms. */
export async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export interface MachineState {
  cpus: number;
  cpuModel: string;
  /** 1, 5 and 15 minute load averages when the numbers were taken. */
  loadAverage: number[];
  /** Whether the background training job (pid in .cache/loso.pid) was running. */
  trainingJobRunning: boolean | null;
}

export function machineState(repoRoot: string): MachineState {
  let trainingJobRunning: boolean | null = null;
  const pidFile = `${repoRoot}/.cache/loso.pid`;
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    trainingJobRunning = Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`);
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    trainingJobRunning,
  };
}

export const round = (x: number, digits = 1): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
