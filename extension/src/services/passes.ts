/**
 * How the classifier service classifies a batch of series, in two passes so that the layout can be
 * decided early:
 *  1. a first look at a few central slices of every series (`quick` images each, where the anatomy
 *     is): the images of all series are asked for at once (the request queue keeps them bounded and
 *     in order) and each series is classified as soon as its images are in;
 *  2. the full sample of each series (`samples` images; the core picks its slices among them) to
 *     confirm or correct the first look; its images are asked for `lookahead` series ahead of the
 *     classification, so that fetching and inference overlap.
 * A series the first look saw whole (no more images than `quick`) needs no second pass; with
 * `quick` 0 there is only the second pass. Images are asked for while the model is still loading.
 * Cancellation: the signal stops both passes.
 */
import { isCancelled } from '../core/cancel';
import type { ClassifyRequestOptions, SeriesResult } from '../core/results';
import type { ClassifierClientLike, DisplaySetLike, SampledSeries, SeriesSource } from './types';

export interface PassOptions {
  /** Images loaded per series for the full classification. */
  samples: number;
  /** Central images per series for the first look (0: no first look). */
  quick: number;
  classify: ClassifyRequestOptions;
  /** Series whose full sample is fetched ahead of the one being classified (default 2). */
  lookahead?: number;
  /**
   * The model: images are asked for at once, classification waits for it. A rejection ends the
   * batch with that error (the caller reports the model as unavailable).
   */
  ready?: Promise<unknown>;
}

export interface PassHooks {
  /** False once the study was left: stop quietly. */
  current(): boolean;
  /** A series without a result yet is being loaded / classified. */
  status(ds: DisplaySetLike, status: 'loading-images' | 'classifying'): void;
  /** A result; `partial` for a first look that a second pass will replace. */
  result(ds: DisplaySetLike, sampled: SampledSeries, result: SeriesResult, partial: boolean): void;
  /** The full classification of a series failed (a failed first look is left to the second pass). */
  failed(ds: DisplaySetLike, err: unknown): void;
  /** The full classification of a series ended (result or failure). */
  finished(ds: DisplaySetLike): void;
}

const imageCount = (ds: DisplaySetLike) => ds.numImageFrames ?? ds.instances?.length ?? 0;

/** A promise whose rejection is kept for later (no unhandled rejection while it waits its turn). */
function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );
}

export async function classifyInPasses(
  batch: readonly DisplaySetLike[],
  source: SeriesSource,
  client: ClassifierClientLike,
  opts: PassOptions,
  hooks: PassHooks,
  signal: AbortSignal,
): Promise<void> {
  const quick = Math.max(0, Math.floor(opts.quick));
  const seen = new Set<string>();
  if (quick > 0) {
    // 1. first look: every series' central images requested now, classified in order as they arrive
    batch.forEach((ds) => hooks.status(ds, 'loading-images'));
    const loads = batch.map((ds) => settle(source.load(ds, quick, signal, 'central')));
    await opts.ready;
    for (const [i, ds] of batch.entries()) {
      const loaded = await loads[i];
      if (!hooks.current() || signal.aborted) return;
      if (!loaded.ok) continue;
      const whole = imageCount(ds) <= quick;
      try {
        hooks.status(ds, 'classifying');
        const slices = Math.min(quick, typeof opts.classify.slices === 'number' ? opts.classify.slices : quick);
        const result = await client.classifySeries(loaded.value.series, { ...opts.classify, slices: whole ? opts.classify.slices : slices }, { signal });
        if (!hooks.current()) return;
        if (whole || result.status !== 'skipped') hooks.result(ds, loaded.value, result, !whole);
        if (whole) {
          seen.add(ds.displaySetInstanceUID);
          hooks.finished(ds);
        }
      } catch (err) {
        if (signal.aborted || isCancelled(err) || !hooks.current()) return;
      }
    }
  }
  // 2. the full sample, fetched a little ahead of the classification
  const rest = batch.filter((ds) => !seen.has(ds.displaySetInstanceUID));
  const ahead = Math.max(0, opts.lookahead ?? 2);
  const loads = new Map<number, ReturnType<typeof settle<SampledSeries>>>();
  const fetch = (i: number) => {
    if (i < rest.length && !loads.has(i)) loads.set(i, settle(source.load(rest[i], opts.samples, signal)));
  };
  for (const [i, ds] of rest.entries()) {
    for (let k = i; k <= i + ahead; k++) fetch(k);
    if (quick === 0) hooks.status(ds, 'loading-images');
    await opts.ready;
    const loaded = await (loads.get(i) as ReturnType<typeof settle<SampledSeries>>);
    loads.delete(i);
    if (!hooks.current() || signal.aborted) return;
    try {
      if (!loaded.ok) throw loaded.error;
      hooks.status(ds, 'classifying');
      const result = await client.classifySeries(loaded.value.series, opts.classify, { signal });
      if (!hooks.current()) return;
      hooks.result(ds, loaded.value, result, false);
    } catch (err) {
      if (signal.aborted || isCancelled(err) || !hooks.current()) return;
      hooks.failed(ds, err);
    }
    hooks.finished(ds);
  }
}
