/**
 * Progress on standard error for long runs (cli-progress), shown only on a terminal so that logs
 * and pipes stay clean.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(): void;
  status(text: string): void;
  stop(): void;
}

export function createProgress(total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || total < 2) {
    return { tick() {}, status() {}, stop() {} };
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'mrseq {bar} {value}/{total} files | {where}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0, { where: '' });
  return {
    tick: () => bar.increment(),
    status: (text) => bar.update({ where: text.length > 50 ? `…${text.slice(-49)}` : text }),
    stop: () => bar.stop(),
  };
}
