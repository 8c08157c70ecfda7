/**
 * The viewer's side of the worker protocol: one promise per request, progress callbacks, and plain
 * errors when the worker fails, is stopped, takes too long or is no longer needed. The worker is
 * created on first use (and again after it crashed, hung or was terminated).
 *
 * Every call has a timeout: a request the worker does not answer in time fails with a readable
 * message, and the worker, which is then stuck or lost, is replaced, so the caller's queue moves
 * on. Every call can be cancelled with an AbortSignal: it fails at once with a CancelledError and
 * the worker drops it if it has not started it.
 */
import { CancelledError } from '../core/cancel';
import type { ModelInfo, ModelSource, ProgressStage } from '../core/model/types';
import type { ClassifyRequestOptions, SeriesResult, SliceResult } from '../core/results';
import type { LoadedSeries, SliceImage } from '../core/types';
import { isWorkerResponse, transferables, type WorkerRequest, type WorkerResponse } from './protocol';

export interface WorkerLike {
  postMessage(msg: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
  terminate(): void;
}

export type ProgressListener = (stage: ProgressStage, detail: string) => void;

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, ms. */
  timeoutMs?: number;
  onProgress?: ProgressListener;
}

/** Milliseconds each kind of call may take before it fails (model load, one series, one slice). */
export interface Timeouts {
  init: number;
  series: number;
  slice: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { init: 180_000, series: 120_000, slice: 30_000 };

export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}

/**
 * A request that failed because its worker went away (crashed, or was restarted after another
 * request timed out), not because of what it asked: sent again to the new worker, it may succeed.
 */
export class WorkerLostError extends Error {
  override name = 'WorkerLostError';
}

interface Pending {
  resolve(msg: WorkerResponse): void;
  reject(err: Error): void;
  onProgress?: ProgressListener;
  cleanup(): void;
}

const WHAT: Record<WorkerRequest['type'], string> = {
  init: 'loading the model',
  classifySeries: 'classifying a series',
  classifySlice: 'classifying a slice',
  cancel: 'cancelling',
};

export class ClassifierClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The model of the last init: a worker started again after a crash loads it before anything else. */
  private source: ModelSource | null = null;
  private readonly timeouts: Timeouts;

  constructor(
    private readonly createWorker: () => WorkerLike,
    timeouts: Partial<Timeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  }

  init(source: ModelSource, opts: CallOptions | ProgressListener = {}): Promise<ModelInfo> {
    const o = typeof opts === 'function' ? { onProgress: opts } : opts;
    const ready = this.request({ id: 0, type: 'init', source }, this.timeouts.init, o);
    this.source = source;
    return ready.then((m) => (m as Extract<WorkerResponse, { type: 'ready' }>).model);
  }

  classifySeries(series: LoadedSeries, options?: ClassifyRequestOptions, call: CallOptions = {}): Promise<SeriesResult> {
    return this.request({ id: 0, type: 'classifySeries', series, options }, this.timeouts.series, call).then(
      (m) => (m as Extract<WorkerResponse, { type: 'seriesResult' }>).result,
    );
  }

  classifySlice(slice: SliceImage, call: CallOptions = {}): Promise<SliceResult> {
    return this.request({ id: 0, type: 'classifySlice', slice }, this.timeouts.slice, call).then(
      (m) => (m as Extract<WorkerResponse, { type: 'sliceResult' }>).result,
    );
  }

  /** Stop the worker; pending requests fail with a readable reason. The next call starts a new one. */
  terminate(reason = 'the classifier was stopped'): void {
    this.worker?.terminate();
    this.worker = null;
    this.source = null;
    this.failAll(reason);
  }

  /** Whether a worker is running now. */
  get alive(): boolean {
    return this.worker !== null;
  }

  get busy(): number {
    return this.pending.size;
  }

  private failAll(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((p) => {
      p.cleanup();
      p.reject(new WorkerLostError(reason));
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      if (this.worker !== worker) return;
      this.worker = null;
      worker.terminate();
      this.failAll(`the classifier worker stopped: ${e.message || 'it could not be started'}`);
    };
    this.worker = worker;
    if (this.source) {
      // A replacement after a crash or a hang: the new worker has no model yet; load the same one
      // first (its answer is not awaited: a request sent next waits for it inside the worker).
      worker.postMessage({ id: this.nextId++, type: 'init', source: this.source }, []);
    }
    return worker;
  }

  private receive(data: unknown): void {
    if (!isWorkerResponse(data)) return;
    const p = this.pending.get(data.id);
    if (!p) return;
    if (data.type === 'progress') {
      p.onProgress?.(data.stage, data.detail);
      return;
    }
    this.pending.delete(data.id);
    p.cleanup();
    if (data.type === 'error') p.reject(data.cancelled ? new CancelledError(data.message) : new Error(data.message));
    else p.resolve(data);
  }

  /** A request that took too long: fail it, and replace the worker (stuck or lost) for what comes next. */
  private timedOut(id: number, type: WorkerRequest['type'], ms: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.cleanup();
    p.reject(new WorkerTimeoutError(`the classifier did not answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`} (${WHAT[type]}); it was restarted`));
    const stuck = this.worker;
    this.worker = null;
    stuck?.terminate();
    this.failAll(`the classifier was restarted after a request timed out (${WHAT[type]})`);
  }

  private request(msg: WorkerRequest, timeoutMs: number, call: CallOptions): Promise<WorkerResponse> {
    const id = this.nextId++;
    const withId = { ...msg, id } as WorkerRequest;
    const { signal, onProgress } = call;
    const ms = call.timeoutMs ?? timeoutMs;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError('cancelled before it was sent'));
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        cleanup();
        reject(new CancelledError('cancelled: the viewer no longer needs this'));
        try {
          this.worker?.postMessage({ id: this.nextId++, type: 'cancel', ids: [id] }, []);
        } catch {
          // a worker that cannot take a message will not run the request either
        }
      };
      const timer = ms > 0 && Number.isFinite(ms) ? setTimeout(() => this.timedOut(id, msg.type, ms), ms) : undefined;
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, { resolve, reject, onProgress, cleanup });
      try {
        this.ensureWorker().postMessage(withId, transferables(withId));
      } catch (err) {
        this.pending.delete(id);
        cleanup();
        reject(new Error(`could not send to the classifier worker: ${(err as Error).message}`));
      }
    });
  }
}
