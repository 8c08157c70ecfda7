/**
 * At most `concurrency` requests at a time; the others wait their turn. A waiting request whose
 * signal is aborted is never started (it fails with a CancelledError), so leaving a study stops its
 * image requests at once; one already started runs to its end (its result is then simply unused).
 */
import { CancelledError } from '../core/cancel';

export interface RequestQueue {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Requests started and waiting now. */
  readonly active: number;
  readonly waiting: number;
}

export function createRequestQueue(concurrency: number): RequestQueue {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    while (active < concurrency && waiting.length) (waiting.shift() as () => void)();
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) return reject(new CancelledError('cancelled before it was requested'));
        const start = () => {
          signal?.removeEventListener('abort', drop);
          active++;
          task().then(resolve, reject).finally(() => {
            active--;
            next();
          });
        };
        const drop = () => {
          const i = waiting.indexOf(start);
          if (i >= 0) waiting.splice(i, 1);
          reject(new CancelledError('cancelled before it was requested'));
        };
        signal?.addEventListener('abort', drop, { once: true });
        waiting.push(start);
        next();
      });
    },
  };
}
