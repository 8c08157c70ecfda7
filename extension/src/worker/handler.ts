/**
 * The worker's logic, free of worker globals so it runs in tests: a lazily created classifier (one
 * per model source) and one answer per request. `loadRuntime` does the fetching and session setup
 * (modelLoader.ts + ortRuntime.ts in the browser, onnxruntime-node in tests).
 */
import { classifySeries, describeSlice, type SeriesReport } from '../core/classifySeries';
import type { SequenceClassifier } from '../core/inference';
import type { ModelInfo, ModelSource, ProgressStage, SeriesResult, SliceCam, WorkerRequest, WorkerResponse } from './protocol';

export interface Runtime {
  classifier: SequenceClassifier;
  info: ModelInfo;
}

export type Progress = (stage: ProgressStage, detail: string) => void;
export type LoadRuntime = (source: ModelSource, progress: Progress) => Promise<Runtime>;
export type Post = (msg: WorkerResponse) => void;

/** A SeriesReport as sent back: no pixels, one class map per classified slice. */
export function toSeriesResult(report: SeriesReport): SeriesResult {
  const cams: SliceCam[] = [];
  report.predictions.forEach((p, i) => {
    if (p.cam && p.camDims) cams.push({ index: report.slices[i].index, cam: p.cam, camDims: p.camDims, geometry: p.geometry });
  });
  return {
    seriesId: report.series.id,
    status: report.status,
    reason: report.reason,
    label: report.label,
    confidence: report.confidence,
    image: report.image,
    metadata: report.metadata,
    fused: report.fused,
    probabilities: report.probabilities,
    facts: report.facts,
    volume: report.volume,
    slices: report.slices,
    cams,
  };
}

function sourceKey(s: ModelSource): string {
  return JSON.stringify([s.modelUrl, s.wasmPaths, s.backends, s.threads ?? null]);
}

export function createHandler(loadRuntime: LoadRuntime): (req: WorkerRequest, post: Post) => Promise<void> {
  let runtime: Promise<Runtime> | null = null;
  let loadedKey = '';

  const needRuntime = (): Promise<Runtime> => {
    if (!runtime) throw new Error('the model is not loaded (the viewer must send "init" first)');
    return runtime;
  };

  return async function handle(req: WorkerRequest, post: Post): Promise<void> {
    try {
      switch (req.type) {
        case 'init': {
          const key = sourceKey(req.source);
          if (!runtime || key !== loadedKey) {
            loadedKey = key;
            runtime = loadRuntime(req.source, (stage, detail) => post({ id: req.id, type: 'progress', stage, detail }));
            // A failed load is not cached: the next init tries again.
            runtime.catch(() => {
              if (loadedKey === key) runtime = null;
            });
          }
          const { info } = await runtime;
          post({ id: req.id, type: 'ready', model: info });
          return;
        }
        case 'classifySeries': {
          const { classifier } = await needRuntime();
          const report = await classifySeries(req.series, classifier, req.options ?? {});
          post({ id: req.id, type: 'seriesResult', result: toSeriesResult(report) });
          return;
        }
        case 'classifySlice': {
          const { classifier } = await needRuntime();
          const [p] = await classifier.classify([req.slice]);
          post({
            id: req.id,
            type: 'sliceResult',
            result: {
              ...describeSlice(classifier.config.labels, p.probabilities),
              cam: p.cam && p.camDims ? { index: 0, cam: p.cam, camDims: p.camDims, geometry: p.geometry } : undefined,
              empty: p.empty,
            },
          });
          return;
        }
        default:
          post({ id: (req as { id: number }).id, type: 'error', message: `unknown request "${(req as { type: string }).type}"` });
      }
    } catch (err) {
      post({ id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
}
