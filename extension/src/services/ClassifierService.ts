/**
 * The classifier service: which series of the open study are what, and why. It samples each MR
 * display set's slices from the viewer (SeriesSource), runs the core in the worker (client), and
 * keeps per-series results, per-slice probabilities and class maps as immutable state with events.
 * Series are classified in the order the viewer added them, in two passes (a first look at a few
 * central slices of every series, then the full sample: passes.ts). It owns only that state:
 * display sets stay with the viewer's display-set service, overlay settings with the overlay.
 *
 * Leaving a study (reset) cancels its work: series not started are dropped, the image requests not
 * yet sent are never sent, and the worker drops the requests it has not started.
 */
import { isCancelled } from '../core/cancel';
import { SERVICE_NAME } from '../id';
import { TwoPasses } from './passes';
import { PubSub } from './PubSub';
import { describeResult, newEntry, sliceViewsOf } from './results';
import { UNFINISHED, type ClassifierClientLike, type ClassifierSettings, type ClassifierState, type DisplaySetLike, type ModelInfo, type SeriesEntry, type SeriesSource, type SliceView } from './types';

const EVENTS = {
  STATE_CHANGED: 'event::mrseq:stateChanged',
  PREDICTIONS_READY: 'event::mrseq:predictionsReady',
} as const;

export interface ClassifierServiceDeps {
  client: ClassifierClientLike;
  source: SeriesSource;
  settings: ClassifierSettings;
  /** The viewer's display set with this uid (the display-set service owns them), for slices classified on demand. */
  displaySet?: (displaySetInstanceUID: string) => DisplaySetLike | undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A cancelled request (the reader left the study): not a failure to report. */
function cancelled(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || isCancelled(err);
}

export class ClassifierService extends PubSub<typeof EVENTS> {
  static readonly EVENTS = EVENTS;
  static readonly REGISTRATION = {
    name: SERVICE_NAME,
    altName: 'MrseqClassifierService',
    create: ({ configuration }: { configuration: ClassifierServiceDeps }) => new ClassifierService(configuration),
  };

  private state: ClassifierState;
  private readonly onDemand = new Map<string, Promise<SliceView | null>>();
  /** Slices that cannot be classified on demand (empty, unreadable): not asked again. */
  private readonly unavailable = new Set<string>();
  private model: Promise<ModelInfo> | null = null;
  /** The study's series still to classify (first looks, then full samples), created on first use. */
  private passes: TwoPasses | null = null;
  private running: Promise<void> | null = null;
  private generation = 0;
  /** Aborted when the study is left: cancels its image requests and worker calls. */
  private study = new AbortController();

  constructor(private readonly deps: ClassifierServiceDeps) {
    super(EVENTS);
    this.state = this.initialState();
  }

  private initialState(): ClassifierState {
    return { model: { state: 'idle' }, run: { state: 'idle', done: 0, total: 0 }, series: [] };
  }

  getState(): ClassifierState {
    return this.state;
  }

  getEntry(displaySetInstanceUID: string): SeriesEntry | undefined {
    return this.state.series.find((e) => e.displaySetInstanceUID === displaySetInstanceUID);
  }

  /** The predicted sequence of a display set (image model and header fused), or undefined. */
  getLabel(displaySetInstanceUID: string): string | undefined {
    const e = this.getEntry(displaySetInstanceUID);
    return e?.status === 'done' && e.result?.label ? e.result.label : undefined;
  }

  private setState(next: Partial<ClassifierState>): void {
    this.state = { ...this.state, ...next };
    this._broadcastEvent(EVENTS.STATE_CHANGED, this.state);
  }

  private updateEntry(uid: string, patch: Partial<SeriesEntry>): void {
    this.setState({ series: this.state.series.map((e) => (e.displaySetInstanceUID === uid ? { ...e, ...patch } : e)) });
  }

  /** Load the model in the worker once; later calls share the same promise (a failure is retried next time). */
  ensureModel(): Promise<ModelInfo> {
    if (!this.model) {
      this.setState({ model: { state: 'loading', detail: 'loading the model' } });
      const gen = this.generation;
      this.model = this.deps.client.init(this.deps.settings.model, {
        onProgress: (_stage, detail) => {
          if (gen === this.generation) this.setState({ model: { state: 'loading', detail } });
        },
      });
      this.model.then(
        (info) => gen === this.generation && this.setState({ model: { state: 'ready', info } }),
        (err) => {
          if (gen !== this.generation) return;
          this.model = null;
          this.setState({ model: { state: 'failed', message: `the model could not be loaded: ${errorText(err)}` } });
        },
      );
    }
    return this.model;
  }

  /**
   * Add display sets and classify the new ones (all of them with `force`). Resolves when every
   * series is classified; PREDICTIONS_READY fires then.
   */
  classifyDisplaySets(displaySets: readonly DisplaySetLike[], opts: { force?: boolean } = {}): Promise<void> {
    const entries = [...this.state.series];
    const added: DisplaySetLike[] = [];
    for (const ds of displaySets) {
      const uid = ds.displaySetInstanceUID;
      const known = entries.findIndex((e) => e.displaySetInstanceUID === uid);
      if (known >= 0 && !opts.force) continue;
      const entry = newEntry(ds);
      if (known >= 0) entries[known] = entry;
      else entries.push(entry);
      if (entry.status !== 'skipped') added.push(ds);
    }
    const pending = entries.filter((e) => e.status === 'queued').length;
    const run = added.length
      ? { state: 'running' as const, done: this.state.run.state === 'running' ? this.state.run.done : 0, total: 0, message: undefined }
      : this.state.run;
    this.setState({ series: entries, run: { ...run, total: run.state === 'running' ? run.done + pending : run.total } });
    const passes = this.studyPasses();
    added.forEach((ds) => passes.add(ds));
    this.kick();
    return this.whenIdle();
  }

  /** Start classifying unless it runs (one of a study left mid-run starts the next on its way out). */
  private kick(): void {
    if (this.running || !this.passes?.pending) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  private async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const gen = this.generation;
    const passes = this.studyPasses();
    // the first-look images were asked for when the series were added; classification needs the model
    try {
      await this.ensureModel();
    } catch (err) {
      if (gen !== this.generation) return;
      const message = `the model could not be loaded: ${errorText(err)}`;
      this.passes = null;
      this.setState({
        run: { ...this.state.run, state: 'failed', message },
        series: this.state.series.map((e) => (UNFINISHED.has(e.status) ? { ...e, status: 'failed', message: 'not classified: the model is not available' } : e)),
      });
      this._broadcastEvent(EVENTS.PREDICTIONS_READY, this.state);
      return;
    }
    if (gen !== this.generation) return;
    await passes.run();
    if (gen !== this.generation || passes.pending) return;
    const anyDone = this.state.series.some((e) => e.status === 'done');
    const failed = this.state.series.filter((e) => e.status === 'failed').length;
    this.setState({
      run: {
        ...this.state.run,
        state: anyDone || failed === 0 ? 'done' : 'failed',
        message: failed ? `${failed} series could not be classified` : undefined,
      },
    });
    this._broadcastEvent(EVENTS.PREDICTIONS_READY, this.state);
  }

  /** The two passes of the open study (see passes.ts), bound to its generation and signal. */
  private studyPasses(): TwoPasses {
    if (this.passes) return this.passes;
    const gen = this.generation;
    const current = () => gen === this.generation;
    const { samplesPerSeries, quickSlices = 0, classify } = this.deps.settings;
    this.passes = new TwoPasses(this.deps.source, this.deps.client, { samples: samplesPerSeries, quick: quickSlices, classify }, {
      current,
      status: (ds, status) => {
        if (!current()) return;
        const e = this.getEntry(ds.displaySetInstanceUID);
        if (e?.result) this.updateEntry(ds.displaySetInstanceUID, { message: `${describeResult(e.result)}; confirming on more slices` });
        else this.updateEntry(ds.displaySetInstanceUID, { status, message: status === 'classifying' ? 'classifying' : 'loading images' });
      },
      result: (ds, sampled, result, partial) => {
        const images = result.volume ? sampled.imageIndices[result.volume.index] ?? [] : [];
        const message = partial ? `${describeResult(result)} (first look at ${result.slices.length} central slices)` : describeResult(result);
        this.updateEntry(ds.displaySetInstanceUID, { status: 'done', result, partial, message, slices: sliceViewsOf(result, images) });
      },
      failed: (ds, err) => this.updateEntry(ds.displaySetInstanceUID, { status: 'failed', partial: false, result: undefined, slices: [], message: `could not classify: ${errorText(err)}` }),
      finished: () => {
        if (current()) this.setState({ run: { ...this.state.run, done: this.state.run.done + 1 } });
      },
    }, this.study.signal);
    return this.passes;
  }

  /** The classified slice at an image index, if it is known already. */
  sliceView(uid: string, imageIndex: number): SliceView | undefined {
    return this.getEntry(uid)?.slices.find((s) => s.imageIndex === imageIndex);
  }

  /** Classify one image on demand (the overlay and the chart follow scrolling); null when not possible. */
  requestSlice(uid: string, imageIndex: number): Promise<SliceView | null> {
    const known = this.sliceView(uid, imageIndex);
    if (known) return Promise.resolve(known);
    const entry = this.getEntry(uid);
    const ds = entry?.status === 'done' && this.model ? this.deps.displaySet?.(uid) : undefined;
    if (!ds) return Promise.resolve(null);
    const key = `${uid}#${imageIndex}`;
    if (this.unavailable.has(key)) return Promise.resolve(null);
    let p = this.onDemand.get(key);
    if (!p) {
      const gen = this.generation;
      const { signal } = this.study;
      p = (async () => {
        try {
          const slice = await this.deps.source.loadSlice(ds, imageIndex, signal);
          const r = await this.deps.client.classifySlice(slice, { signal });
          if (gen !== this.generation) return null;
          if (r.empty) {
            this.unavailable.add(key);
            return null;
          }
          const view: SliceView = { imageIndex, label: r.label, probabilities: r.probabilities, cam: r.cam, sampled: false };
          const current = this.getEntry(uid);
          if (current) {
            const slices = [...current.slices.filter((s) => s.imageIndex !== imageIndex), view].sort((a, b) => a.imageIndex - b.imageIndex);
            this.updateEntry(uid, { slices });
          }
          return view;
        } catch (err) {
          if (gen === this.generation && !cancelled(err, signal)) this.unavailable.add(key);
          return null;
        } finally {
          this.onDemand.delete(key);
        }
      })();
      this.onDemand.set(key, p);
    }
    return p;
  }

  /**
   * Forget the study: its queued series are dropped, its image requests not yet sent are never
   * sent, its worker requests are cancelled; the loaded model is kept.
   */
  reset(): void {
    this.generation++;
    this.study.abort();
    this.study = new AbortController();
    this.passes = null;
    this.onDemand.clear();
    this.unavailable.clear();
    const model = this.state.model.state === 'ready' ? this.state.model : { state: 'idle' as const };
    if (model.state !== 'ready') this.model = null;
    this.state = { ...this.initialState(), model };
    this._broadcastEvent(EVENTS.STATE_CHANGED, this.state);
  }

  /** Leave the study and stop the worker (mode exit); the next ensureModel starts a new one. */
  stop(reason = 'the viewer left the study'): void {
    this.reset();
    this.deps.client.terminate(reason);
    this.model = null;
    this.state = { ...this.state, model: { state: 'idle' } };
    this._broadcastEvent(EVENTS.STATE_CHANGED, this.state);
  }

  /** Stop everything and drop every listener (the viewer is going away). */
  destroy(): void {
    this.stop('the viewer closed the classifier');
    this._unsubscribeAll();
  }
}
