/** The one place that names the worker file (webpack turns this into a module-worker chunk). */
import type { WorkerLike } from './client';

export function createClassifierWorker(): WorkerLike {
  return new Worker(new URL('./classifier.worker.ts', import.meta.url), { type: 'module', name: 'mrseq-classifier' }) as unknown as WorkerLike;
}
