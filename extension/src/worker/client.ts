/**
 * The viewer's side of the worker protocol: one promise per request, progress callbacks, and plain
 * errors when the worker fails or is stopped. The worker is created on first use.
 */
import type { LoadedSeries, SliceImage } from '../core/types';
import {
  isWorkerResponse,
  transferables,
  type ClassifyRequestOptions,
  type ModelInfo,
  type ModelSource,
  type ProgressStage,
  type SeriesResult,
  type SliceResult,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

export interface WorkerLike {
  postMessage(msg: WorkerRequest, transfer: Transferable[]): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
  terminate(): void;
}

export type ProgressListener = (stage: ProgressStage, detail: string) => void;

interface Pending {
  resolve(msg: WorkerResponse): void;
  reject(err: Error): void;
  onProgress?: ProgressListener;
}

export class ClassifierClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The model of the last init: a worker started again after a crash loads it before anything else. */
  private source: ModelSource | null = null;

  constructor(private readonly createWorker: () => WorkerLike) {}

  init(source: ModelSource, onProgress?: ProgressListener): Promise<ModelInfo> {
    const ready = this.request({ id: 0, type: 'init', source }, onProgress);
    this.source = source;
    return ready.then((m) => (m as Extract<WorkerResponse, { type: 'ready' }>).model);
  }

  classifySeries(series: LoadedSeries, options?: ClassifyRequestOptions): Promise<SeriesResult> {
    return this.request({ id: 0, type: 'classifySeries', series, options }).then(
      (m) => (m as Extract<WorkerResponse, { type: 'seriesResult' }>).result,
    );
  }

  classifySlice(slice: SliceImage): Promise<SliceResult> {
    return this.request({ id: 0, type: 'classifySlice', slice }).then((m) => (m as Extract<WorkerResponse, { type: 'sliceResult' }>).result);
  }

  /** Stop the worker; pending requests fail with a readable reason. */
  terminate(reason = 'the classifier was stopped'): void {
    this.worker?.terminate();
    this.worker = null;
    this.source = null;
    this.failAll(reason);
  }

  get busy(): number {
    return this.pending.size;
  }

  private failAll(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((p) => p.reject(new Error(reason)));
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.worker = null;
      worker.terminate();
      this.failAll(`the classifier worker stopped: ${e.message || 'it could not be started'}`);
    };
    this.worker = worker;
    if (this.source) {
      // A replacement after a crash: the new worker has no model yet; load the same one first (its
      // answer is not awaited: a request sent next waits for it inside the worker).
      const id = this.nextId++;
      this.pending.set(id, { resolve: () => undefined, reject: () => undefined });
      worker.postMessage({ id, type: 'init', source: this.source }, []);
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
    if (data.type === 'error') p.reject(new Error(data.message));
    else p.resolve(data);
  }

  private request(msg: WorkerRequest, onProgress?: ProgressListener): Promise<WorkerResponse> {
    const id = this.nextId++;
    const withId = { ...msg, id } as WorkerRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      try {
        this.ensureWorker().postMessage(withId, transferables(withId));
      } catch (err) {
        this.pending.delete(id);
        reject(new Error(`could not send to the classifier worker: ${(err as Error).message}`));
      }
    });
  }
}
