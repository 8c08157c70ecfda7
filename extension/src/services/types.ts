/** The classifier service's state, as the panel, the overlay and the hanging protocol read it. */
import type { ModelInfo, ModelSource, ProgressStage } from '../core/model/types';
import type { ClassifyRequestOptions, SeriesResult, SliceCam, SliceResult } from '../core/results';
import type { SliceImage, LoadedSeries } from '../core/types';

export type { ClassifyRequestOptions, ModelInfo, ModelSource, SeriesResult, SliceCam, SliceResult };

export type ModelState =
  | { state: 'idle' }
  | { state: 'loading'; detail: string }
  | { state: 'ready'; info: ModelInfo }
  | { state: 'failed'; message: string };

export type EntryStatus = 'queued' | 'loading-images' | 'classifying' | 'done' | 'skipped' | 'failed';

/** The statuses of a series whose classification has not ended yet. */
export const UNFINISHED: ReadonlySet<EntryStatus> = new Set<EntryStatus>(['queued', 'loading-images', 'classifying']);

/** One classified (or skipped) slice of a series, as the chart and the overlay use it. */
export interface SliceView {
  /** Index of the image in the display set. */
  imageIndex: number;
  label: string;
  probabilities: Record<string, number>;
  cam?: SliceCam;
  /** True for the slices the series decision was made on; false for slices classified on demand. */
  sampled: boolean;
}

export interface SeriesEntry {
  displaySetInstanceUID: string;
  seriesInstanceUID?: string;
  seriesNumber?: number;
  description: string;
  modality: string;
  imageCount: number;
  status: EntryStatus;
  /** What is happening or went wrong, in plain words. */
  message?: string;
  result?: SeriesResult;
  /**
   * The result is a first look at a few central slices; the full classification (more slices) is
   * still to come and replaces it.
   */
  partial?: boolean;
  /** Classified slices by image index, ascending (sampled ones and those classified on demand). */
  slices: SliceView[];
}

export interface RunState {
  state: 'idle' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  message?: string;
}

export interface ClassifierState {
  model: ModelState;
  run: RunState;
  series: SeriesEntry[];
}

/** The OHIF display-set fields the service reads (stack display sets of the default extension). */
export interface DisplaySetLike {
  displaySetInstanceUID: string;
  SeriesInstanceUID?: string;
  SeriesNumber?: number | string;
  SeriesDescription?: string;
  Modality?: string;
  numImageFrames?: number;
  instances?: Array<Record<string, unknown>>;
  unsupported?: boolean;
}

/** A series sampled from the viewer's images, and where each slice came from. */
export interface SampledSeries {
  series: LoadedSeries;
  /** For each volume of `series`, the display-set image index of each slice. */
  imageIndices: number[][];
}

/**
 * Pixels from the viewer (cornerstone in the browser, fakes in tests). A request whose signal is
 * aborted before its images were asked for asks for none of them and fails with a CancelledError.
 */
export interface SeriesSource {
  /** Up to `maxSlices` images spread over the series ('whole'), or over its middle half ('central', a first look). */
  load(displaySet: DisplaySetLike, maxSlices: number, signal?: AbortSignal, region?: 'whole' | 'central'): Promise<SampledSeries>;
  loadSlice(displaySet: DisplaySetLike, imageIndex: number, signal?: AbortSignal): Promise<SliceImage>;
}

/** What the service needs of the worker client (worker/client.ts). */
export interface ClassifierClientLike {
  init(source: ModelSource, opts?: { onProgress?: (stage: ProgressStage, detail: string) => void }): Promise<ModelInfo>;
  classifySeries(series: LoadedSeries, options?: ClassifyRequestOptions, call?: { signal?: AbortSignal }): Promise<SeriesResult>;
  classifySlice(slice: SliceImage, call?: { signal?: AbortSignal }): Promise<SliceResult>;
  terminate(reason?: string): void;
}

export interface ClassifierSettings {
  model: ModelSource;
  /** Slices loaded per series before the core picks the ones to classify. */
  samplesPerSeries: number;
  /** Central slices per series for a first look before the full classification (0 or absent: none). */
  quickSlices?: number;
  classify: ClassifyRequestOptions;
}
