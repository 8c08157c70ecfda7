/**
 * The worker's logic, free of worker globals so it runs in tests: a lazily created classifier (one
 * per model source) and one answer per request. Classification requests run one at a time, in the
 * order they came; a 'cancel' drops those not started yet, so a study the reader has left costs no
 * more inference. `loadRuntime` does the fetching and session setup (core/model in the browser with
 * onnxruntime-web, onnxruntime-node in tests).
 */
import { classifySeries } from '../core/classifySeries';
import type { ModelSource, Progress, ProgressStage, Runtime } from '../core/model/types';
import type { LoadedSeries } from '../core/types';
import { toSeriesResult, toSliceResult } from '../core/results';
import { sourceKey } from './early';
import { SliceMemo } from './sliceMemo';
import type { WorkerRequest, WorkerResponse } from './protocol';

export type LoadRuntime = (source: ModelSource, progress: Progress) => Promise<Runtime>;
export type Post = (msg: WorkerResponse) => void;

type Job = { req: Extract<WorkerRequest, { type: 'classifySeries' | 'classifySlice' }>; post: Post; done: () => void; queuedAt: number };

const now = (): number => globalThis.performance?.now() ?? Date.now();
type LoadProgress = { listeners: Set<(stage: ProgressStage, detail: string) => void>; last: [ProgressStage, string] | null };
type Warmup = { warmup: LoadedSeries; runtime: Promise<Runtime>; done: () => void };

export const CANCELLED = 'cancelled: the viewer no longer needs this';

export interface HandlerOptions {
  /**
   * A series classified once (result discarded) right after each model load, queued like any
   * request: it uses the time before the study's first series arrives (see warmup.ts).
   */
  warmup?: LoadedSeries;
}

export function createHandler(loadRuntime: LoadRuntime, options: HandlerOptions = {}): (req: WorkerRequest, post: Post) => Promise<void> {
  let runtime: Promise<Runtime> | null = null;
  let loadedKey = '';
  let progress: LoadProgress | null = null;
  // slices a first look classified, reused by the series' full pass (one model per memory: cleared on a new load)
  const memo = new SliceMemo();
  const queue: Array<Job | Warmup> = [];
  let running = false;

  const needRuntime = (): Promise<Runtime> => {
    if (!runtime) throw new Error('the model is not loaded (the viewer must send "init" first)');
    return runtime;
  };

  async function run(job: Job | Warmup): Promise<void> {
    if ('warmup' in job) {
      const { classifier } = await job.runtime;
      await classifySeries(job.warmup, classifier, {}).catch(() => undefined);
      return;
    }
    const { req, post } = job;
    try {
      const { classifier } = await needRuntime();
      if (req.type === 'classifySeries') {
        const started = now();
        const report = await classifySeries(req.series, memo.wrap(classifier, req.series.id), req.options ?? {});
        const timing = { queuedMs: Math.round(started - job.queuedAt), runMs: Math.round(now() - started) };
        post({ id: req.id, type: 'seriesResult', result: { ...toSeriesResult(report), timing } });
      } else {
        const [p] = await classifier.classify([req.slice]);
        post({ id: req.id, type: 'sliceResult', result: toSliceResult(classifier.config.labels, p) });
      }
    } catch (err) {
      post({ id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        await run(job);
        job.done();
      }
    } finally {
      running = false;
    }
  }

  return async function handle(req: WorkerRequest, post: Post): Promise<void> {
    switch (req.type) {
      case 'init': {
        try {
          const key = sourceKey(req.source);
          const listener = (stage: ProgressStage, detail: string) => post({ id: req.id, type: 'progress', stage, detail });
          if (!runtime || key !== loadedKey) {
            loadedKey = key;
            memo.clear();
            // every init of this source hears the load's progress, also one that joins it while it
            // runs (the extension adopting a worker the page started early: early.ts)
            const load: LoadProgress = { listeners: new Set([listener]), last: null };
            progress = load;
            const loading = loadRuntime(req.source, (stage, detail) => {
              load.last = [stage, detail];
              load.listeners.forEach((l) => l(stage, detail));
            });
            runtime = loading;
            // A failed load is not cached: the next init tries again.
            loading.then(
              () => {
                load.listeners.clear();
                if (options.warmup && runtime === loading) {
                  queue.push({ warmup: options.warmup, runtime: loading, done: () => undefined });
                  void drain();
                }
              },
              () => {
                load.listeners.clear();
                if (loadedKey === key) runtime = null;
              },
            );
          } else if (progress && progress.listeners.size) {
            progress.listeners.add(listener);
            if (progress.last) listener(...progress.last);
          }
          const { info } = await runtime;
          post({ id: req.id, type: 'ready', model: info });
        } catch (err) {
          post({ id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'classifySeries':
      case 'classifySlice': {
        const finished = new Promise<void>((resolve) => queue.push({ req, post, done: resolve, queuedAt: now() }));
        void drain();
        return finished;
      }
      case 'cancel': {
        const ids = new Set(req.ids);
        const cancels = (job: Job | Warmup): job is Job => 'req' in job && ids.has(job.req.id);
        const dropped = queue.filter(cancels);
        queue.splice(0, queue.length, ...queue.filter((job) => !cancels(job)));
        for (const job of dropped) {
          job.post({ id: job.req.id, type: 'error', message: CANCELLED, cancelled: true });
          job.done();
        }
        return;
      }
      default:
        post({ id: (req as { id: number }).id, type: 'error', message: `unknown request "${(req as { type: string }).type}"` });
    }
  };
}
