/**
 * The classifier worker, started by the page at navigation rather than when OHIF has loaded the
 * extension (issue 11: the model should be ready before the first image paints). `mrseq-early.mjs`
 * (extension/src/early.ts, imported by the viewer's app-config.js) creates the worker and sends it
 * the model to load while OHIF's own bundles are still downloading and starting; the extension,
 * at pre-registration, adopts that worker when it was started for the same model source, and
 * otherwise stops it and starts its own. Nothing depends on it: without the early script the
 * extension starts the worker itself, as before.
 *
 * The handover is one entry on globalThis under a registered symbol (the early script and the
 * extension are separate bundles). The early init's answers (id EARLY_INIT_ID) reach no one; the
 * extension's own init for the same source joins the load already running in the worker
 * (handler.ts), so the model is loaded once.
 */
import type { ModelSource } from '../core/model/types';
import type { WorkerLike } from './client';
import type { WorkerRequest } from './protocol';

const SLOT = Symbol.for('mrseq.earlyWorker');

/** Request id of the early init: the client numbers its requests from 1. */
export const EARLY_INIT_ID = -1;

interface EarlyWorker {
  worker: WorkerLike;
  key: string;
}

type Scope = Record<symbol, EarlyWorker | undefined>;

/** What identifies a model load in the worker (the handler loads again only when it changes). */
export function sourceKey(s: ModelSource): string {
  return JSON.stringify([s.modelUrl, s.wasmPaths, s.backends, s.threads ?? null]);
}

/**
 * Start a worker and its model load now, for the extension to adopt later. Never throws (the
 * extension starts its own worker if this one is missing); returns whether a worker was started.
 */
export function startEarlyWorker(source: ModelSource, create: () => WorkerLike, scope: object = globalThis): boolean {
  const s = scope as Scope;
  if (s[SLOT]) return false;
  try {
    // no handlers yet: answers to the early init go nowhere until the extension adopts the worker
    const worker = create();
    const init: WorkerRequest = { id: EARLY_INIT_ID, type: 'init', source };
    worker.postMessage(init, []);
    s[SLOT] = { worker, key: sourceKey(source) };
    return true;
  } catch {
    return false;
  }
}

/**
 * The early worker if it was started for `source` (it is handed over once); null otherwise. A worker
 * started for another source (the extension's configuration overrides the app config's) is stopped.
 */
export function takeEarlyWorker(source: ModelSource, scope: object = globalThis): WorkerLike | null {
  const s = scope as Scope;
  const early = s[SLOT];
  if (!early) return null;
  delete s[SLOT];
  if (early.key === sourceKey(source)) return early.worker;
  try {
    early.worker.terminate();
  } catch {
    // already gone
  }
  return null;
}
