/** The classifier service's state, as the panel, the overlay and the hanging protocol read it. */
import type { SliceImage, LoadedSeries } from '../core/types';
import type { ClassifyRequestOptions, ModelInfo, ModelSource, SeriesResult, SliceCam, SliceResult } from '../worker/protocol';

export type ModelState =
  | { state: 'idle' }
  | { state: 'loading'; detail: string }
  | { state: 'ready'; info: ModelInfo }
  | { state: 'failed'; message: string };

export type EntryStatus = 'queued' | 'loading-images' | 'classifying' | 'done' | 'skipped' | 'failed';

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
  /** Classified slices by image index, ascending (sampled ones and those classified on demand). */
  slices: SliceView[];
}

export interface RunState {
  state: 'idle' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  message?: string;
}

export interface OverlayState {
  enabled: boolean;
  opacity: number;
}

export interface ClassifierState {
  model: ModelState;
  run: RunState;
  series: SeriesEntry[];
  overlay: OverlayState;
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

/** Pixels from the viewer (cornerstone in the browser, fakes in tests). */
export interface SeriesSource {
  load(displaySet: DisplaySetLike, maxSlices: number): Promise<SampledSeries>;
  loadSlice(displaySet: DisplaySetLike, imageIndex: number): Promise<SliceImage>;
}

export interface ClassifierClientLike {
  init(source: ModelSource, onProgress?: (stage: string, detail: string) => void): Promise<ModelInfo>;
  classifySeries(series: LoadedSeries, options?: ClassifyRequestOptions): Promise<SeriesResult>;
  classifySlice(slice: SliceImage): Promise<SliceResult>;
  terminate(reason?: string): void;
}

export interface ClassifierSettings {
  model: ModelSource;
  /** Slices loaded per series before the core picks the ones to classify. */
  samplesPerSeries: number;
  classify: ClassifyRequestOptions;
  overlay: OverlayState;
}
