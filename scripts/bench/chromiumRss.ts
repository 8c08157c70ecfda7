import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of this process's Chromium descendants (browser, renderers, GPU, utility), MB. */
export function chromiumRssMB(): number {
  const parent = new Map<number, number>();
  const comm = new Map<number, string>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    const pid = Number(d);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      comm.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      const fields = stat.slice(close + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  for (const [pid, name] of comm) {
    if (!/chrom/i.test(name)) continue;
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += rss.get(pid) ?? 0;
        break;
      }
    }
  }
  return total / 1e6;
}
