/**
 * How the classifier service classifies the series of a study, in two passes so that the layout can
 * be decided early:
 *  1. a first look at a few central slices of every series (`quick` images each, where the anatomy
 *     is), their images asked for the moment the series is added (before the model is ready; the
 *     request queue keeps them bounded and in order);
 *  2. the full sample of each series (`samples` images; the core picks its slices among them) to
 *     confirm or correct the first look, its images asked for `lookahead` series ahead of the
 *     classification, so that fetching and inference overlap.
 * First looks always go before full passes, also for series added while full passes run. A series
 * the first look saw whole (no more images than `quick`) needs no second pass; with `quick` 0 there
 * is only the second pass. Cancellation: the signal stops both passes and the image requests not
 * yet sent.
 */
import { isCancelled } from '../core/cancel';
import type { ClassifyRequestOptions, SeriesResult } from '../core/results';
import { WorkerLostError } from '../worker/client';
import type { ClassifierClientLike, DisplaySetLike, SampledSeries, SeriesSource } from './types';

export interface PassOptions {
  /** Images loaded per series for the full classification. */
  samples: number;
  /** Central images per series for the first look (0: no first look). */
  quick: number;
  classify: ClassifyRequestOptions;
  /** Series whose full sample is fetched ahead of the one being classified (default 2). */
  lookahead?: number;
  /** Series classified at once (requests queued in the worker while the last answer is taken in; default 2). */
  inFlight?: number;
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

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise whose rejection is kept for later (no unhandled rejection while it waits its turn). */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );
}

const imageCount = (ds: DisplaySetLike) => ds.numImageFrames ?? ds.instances?.length ?? 0;

/** The two passes over the series of one study (one instance per study: its signal ends it). */
export class TwoPasses {
  private readonly looks: Array<{ ds: DisplaySetLike; load: Promise<Settled<SampledSeries>> }> = [];
  private readonly fulls: DisplaySetLike[] = [];
  private readonly fullLoads = new Map<DisplaySetLike, Promise<Settled<SampledSeries>>>();
  /** Series whose full result is in: a first look answered after it (never, with an in-order worker) is dropped. */
  private readonly fullDone = new Set<DisplaySetLike>();
  /** Series sent again after their worker was lost; after a loss, one series at a time. */
  private readonly retried = new Set<DisplaySetLike>();
  private alone = false;

  constructor(
    private readonly source: SeriesSource,
    private readonly client: ClassifierClientLike,
    private readonly opts: PassOptions,
    private readonly hooks: PassHooks,
    private readonly signal: AbortSignal,
  ) {}

  /** Series still to classify (first look or full). */
  get pending(): number {
    return this.looks.length + this.fulls.length;
  }

  /** Add a series (once): its first-look images are asked for now. */
  add(ds: DisplaySetLike): void {
    const uid = ds.displaySetInstanceUID;
    if (this.looks.some((l) => l.ds.displaySetInstanceUID === uid) || this.fulls.some((d) => d.displaySetInstanceUID === uid)) return;
    const quick = Math.max(0, Math.floor(this.opts.quick));
    this.hooks.status(ds, 'loading-images');
    if (quick > 0) this.looks.push({ ds, load: settle(this.source.load(ds, quick, this.signal, 'central')) });
    else {
      // no first look: the first full samples are asked for now (as many as are fetched ahead)
      if (this.fulls.length <= Math.max(0, this.opts.lookahead ?? 2)) this.fetchFull(ds);
      this.fulls.push(ds);
    }
  }

  /**
   * Classify until nothing is left (first looks before full passes). Call once the model is ready.
   * Up to `inFlight` series are underway at once: the worker runs one request at a time, in order,
   * so the next series' request waits in its queue while the viewer's main thread takes the last
   * answer in (measured, `npm run bench:timeline`: 0.1-0.75 s per answer on this 2-core machine
   * while OHIF draws, time in which a strictly serial loop left the worker idle).
   */
  async run(): Promise<void> {
    const depth = Math.max(1, Math.floor(this.opts.inFlight ?? 2));
    const underway = new Set<Promise<void>>();
    while ((this.pending || underway.size) && this.live()) {
      if (this.pending && underway.size < (this.alone ? 1 : depth)) {
        const look = this.looks.shift();
        const job = look ? this.firstLook(look.ds, look.load) : this.full(this.fulls.shift() as DisplaySetLike);
        const tracked: Promise<void> = job.finally(() => underway.delete(tracked));
        underway.add(tracked);
        continue;
      }
      await Promise.race(underway);
    }
    await Promise.all(underway);
  }

  private live(): boolean {
    return this.hooks.current() && !this.signal.aborted;
  }

  private async firstLook(ds: DisplaySetLike, load: Promise<Settled<SampledSeries>>): Promise<void> {
    const loaded = await load;
    if (!this.live()) return;
    const whole = imageCount(ds) <= this.opts.quick;
    if (!whole) this.fulls.push(ds);
    if (!loaded.ok) {
      if (whole) this.fulls.push(ds); // the full pass tries again and reports
      return;
    }
    const { classify } = this.opts;
    try {
      this.hooks.status(ds, 'classifying');
      const slices = whole ? classify.slices : Math.min(this.opts.quick, typeof classify.slices === 'number' ? classify.slices : this.opts.quick);
      const result = await this.client.classifySeries(loaded.value.series, { ...classify, slices }, { signal: this.signal });
      if (!this.hooks.current()) return;
      if (whole) {
        this.hooks.result(ds, loaded.value, result, false);
        this.hooks.finished(ds);
      } else if (result.status !== 'skipped' && !this.fullDone.has(ds)) {
        this.hooks.result(ds, loaded.value, result, true);
      }
    } catch (err) {
      if (!this.live() || isCancelled(err)) return;
      if (whole) this.fulls.push(ds);
    }
  }

  private fetchFull(ds: DisplaySetLike | undefined): void {
    if (ds && !this.fullLoads.has(ds)) this.fullLoads.set(ds, settle(this.source.load(ds, this.opts.samples, this.signal)));
  }

  private async full(ds: DisplaySetLike): Promise<void> {
    this.fetchFull(ds);
    for (const next of this.fulls.slice(0, Math.max(0, this.opts.lookahead ?? 2))) this.fetchFull(next);
    const loaded = await (this.fullLoads.get(ds) as Promise<Settled<SampledSeries>>);
    this.fullLoads.delete(ds);
    if (!this.live()) return;
    try {
      if (!loaded.ok) throw loaded.error;
      this.hooks.status(ds, 'classifying');
      const result = await this.client.classifySeries(loaded.value.series, this.opts.classify, { signal: this.signal });
      if (!this.hooks.current()) return;
      this.fullDone.add(ds);
      this.hooks.result(ds, loaded.value, result, false);
    } catch (err) {
      if (!this.live() || isCancelled(err)) return;
      if (err instanceof WorkerLostError && !this.retried.has(ds)) {
        // its worker went away, maybe because of another series in flight with it: once more, alone
        this.retried.add(ds);
        this.alone = true;
        this.fulls.unshift(ds);
        return;
      }
      this.hooks.failed(ds, err);
    }
    this.hooks.finished(ds);
  }
}
