/**
 * Where the command line reads, decodes and classifies: in this thread (--jobs 1), or in a pool of
 * worker threads (--jobs N, each with its own model session), each indexing one chunk of files or
 * working on one series at a time (seriesWork.ts). Results come back as structured clones with pixel
 * and class-activation buffers transferred, not copied. A worker that dies (out of memory in a decoder,
 * say) fails only the request it was running, whose files are then reported with the reason, and is
 * replaced.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SequenceClassifier } from '@mrseq/extension/core/inference';
import { type IndexEntry, type SeriesTask, indexFiles } from './readTask';
import { type WorkOptions, type WorkResult, workOn } from './seriesWork';

export interface Reader {
  /** How many requests are worth keeping in flight. */
  readonly concurrency: number;
  index(files: string[]): Promise<IndexEntry[]>;
  work(task: SeriesTask): Promise<WorkResult>;
  close(): Promise<void>;
}

/** What a reader thread needs to start: the model to load and the work options. */
export interface WorkerSetup {
  modelDir: string;
  threads: number;
  work: WorkOptions;
}

export type Request = { id: number; op: 'index'; files: string[] } | { id: number; op: 'work'; task: SeriesTask } | { id: number; op: 'close' };
export type Reply = { id: number; result: IndexEntry[] | WorkResult } | { id: number; error: string };

export function inProcessReader(classifier: SequenceClassifier, opts: WorkOptions): Reader {
  return {
    concurrency: 1,
    index: (files) => indexFiles(files),
    work: (task) => workOn(task, classifier, opts),
    close: async () => undefined,
  };
}

interface Pending {
  request: Request;
  resolve: (r: IndexEntry[] | WorkResult) => void;
  reject: (e: Error) => void;
}

class PoolWorker {
  worker: Worker;
  busy: Pending | null = null;
  constructor(setup: WorkerSetup, private readonly onIdle: (w: PoolWorker) => void, private readonly onDeath: (w: PoolWorker, e: Error) => void) {
    // A worker's entry file is loaded before any loader hook: start it through tsx's require hook, by absolute paths.
    const entry = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(path.join(__dirname, 'readWorker.ts'))});`;
    this.worker = new Worker(entry, { eval: true, execArgv: [], workerData: setup });
    this.worker.on('message', (reply: Reply) => {
      const p = this.busy;
      this.busy = null;
      if (!p) return;
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.result);
      this.onIdle(this);
    });
    const die = (e: Error) => {
      const p = this.busy;
      this.busy = null;
      p?.reject(e);
      this.onDeath(this, e);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`the reader thread stopped (exit code ${code})`)));
  }
  run(p: Pending): void {
    this.busy = p;
    this.worker.postMessage(p.request);
  }
}

export function workerReader(jobs: number, setup: WorkerSetup): Reader {
  const queue: Pending[] = [];
  const workers: PoolWorker[] = [];
  let nextId = 0;
  let closed = false;
  const dispatch = (w: PoolWorker) => {
    const p = queue.shift();
    if (p) w.run(p);
  };
  const spawn = (): PoolWorker => {
    const w = new PoolWorker(setup, dispatch, (dead) => {
      dead.worker.removeAllListeners();
      const i = workers.indexOf(dead);
      if (i >= 0) workers.splice(i, 1);
      if (!closed) {
        const fresh = spawn();
        workers.push(fresh);
        dispatch(fresh);
      }
    });
    return w;
  };
  for (let i = 0; i < jobs; i++) workers.push(spawn());
  const submit = (request: Request) =>
    new Promise<IndexEntry[] | WorkResult>((resolve, reject) => {
      queue.push({ request, resolve, reject });
      const idle = workers.find((w) => !w.busy);
      if (idle) dispatch(idle);
    });
  return {
    concurrency: jobs,
    index: async (files) => (await submit({ id: nextId++, op: 'index', files })) as IndexEntry[],
    work: async (task) => (await submit({ id: nextId++, op: 'work', task })) as WorkResult,
    close: async () => {
      closed = true;
      // Let each thread end by itself (it closes its port, its model session is released at its own
      // exit): terminate() while onnxruntime-node's session lives in the thread can abort the whole
      // process ("terminate called after throwing an instance of 'Napi::Error'"). terminate() stays
      // the fallback for a thread that does not end within 10 s.
      await Promise.all(
        workers.map(async (w) => {
          w.worker.removeAllListeners();
          const ended = new Promise<void>((resolve) => w.worker.once('exit', () => resolve()));
          w.worker.postMessage({ id: nextId++, op: 'close' } satisfies Request);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 10_000)));
          if ((await Promise.race([ended, late])) === 'late') await w.worker.terminate();
          clearTimeout(timer);
        }),
      );
    },
  };
}

/**
 * Run `fn` over `items` with at most `window` started and not yet consumed, and hand the results to
 * `consume` strictly in item order (so output order never depends on which item finished first).
 */
export async function orderedMap<T, R>(items: readonly T[], window: number, fn: (item: T) => Promise<R>, consume: (result: R, item: T, index: number) => Promise<void> | void): Promise<void> {
  const started: Array<Promise<R>> = [];
  let next = 0;
  const fill = (consumed: number) => {
    while (next < items.length && next - consumed < window) {
      const p = fn(items[next]);
      p.catch(() => undefined); // handled when consumed
      started.push(p);
      next++;
    }
  };
  for (let i = 0; i < items.length; i++) {
    fill(i);
    const result = await started[i];
    delete started[i];
    await consume(result, items[i], i);
  }
}
