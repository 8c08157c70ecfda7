/**
 * One series -> one report: pick the volume and slices, run the image model, decide, read the
 * header signal and fuse. The same function serves the command-line tool and the viewer's worker.
 */
import { decideSeries, type SeriesDecision } from './aggregate';
import type { SequenceClassifier, SlicePrediction } from './inference';
import { fuseFitted } from './metadata/fuseFitted';
import { fuse, type FusedDecision, type FusionPolicy } from './metadata/fusion';
import { metadataSignal, type MetadataGuess } from './metadata/metadataSignal';
import type { FusionFit } from './metadata/posterior';
import { pickVolume, selectSlices, type SliceCount } from './slices';
import { enhancementSignature } from './study/enhancement';
import { seriesFacts, type SeriesFacts } from './study/facts';
import type { LoadedSeries } from './types';

export type SeriesStatus = 'classified' | 'unknown' | 'unclassified' | 'skipped';

export interface SliceReport {
  /** Index of the slice in its volume (0 = first along the slice normal). */
  index: number;
  label: string;
  probabilities: Record<string, number>;
  source?: string;
  frame?: number;
}

export interface SeriesReport {
  series: LoadedSeries;
  status: SeriesStatus;
  /** Why the series is skipped, unclassified or unknown; a sentence a person can read. */
  reason?: string;
  /** The final label (image model and header fused); null when skipped or unclassified. */
  label: string | null;
  confidence: number | null;
  image: SeriesDecision | null;
  metadata: MetadataGuess | null;
  fused: FusedDecision | null;
  /** Label probabilities after fusion (the image model's own when the header added nothing); null when not classified. */
  probabilities?: Record<string, number> | null;
  /** What the study-level decision needs besides the probabilities (plane, coverage, timing, enhancement signature). */
  facts?: SeriesFacts;
  volume: { index: number; key: string; bValue?: number; slices: number } | null;
  slices: SliceReport[];
  /** Raw predictions of the classified slices (with CAMs), in the order of `slices`. */
  predictions: SlicePrediction[];
  /** The decision rests on one slice (a 2D image, or a one-slice series that `singleSlice` let through). */
  singleSlice?: boolean;
}

export interface ClassifyOptions {
  slices?: SliceCount;
  /** Read the header signal (default true). */
  metadata?: boolean;
  /** Series with fewer slices are not classified; default from model.json. 2D images are exempt. */
  minSlices?: number;
  /** 'fitted' (default): fusion v2 with `fusionFit`; 'rules': the v1 rule policy with `fusionPolicy`. */
  fusion?: 'fitted' | 'rules';
  fusionFit?: FusionFit;
  /**
   * Classify a series of one slice on that slice (the report says so: `singleSlice`) instead of
   * refusing it for having fewer than minSlices. The command line does, for researchers who
   * classify single slices; the viewer does not (it hangs only series decided on 2 slices or more).
   */
  singleSlice?: boolean;
  fusionPolicy?: Partial<FusionPolicy>;
}

/** One slice's probabilities as a label map, with its top label. */
export function describeSlice(labels: readonly string[], p: ArrayLike<number>): { label: string; probabilities: Record<string, number> } {
  let top = 0;
  for (let c = 1; c < labels.length; c++) if (p[c] > p[top]) top = c;
  return { label: labels[top], probabilities: Object.fromEntries(labels.map((l, i) => [l, p[i]])) };
}

function notClassified(series: LoadedSeries, status: SeriesStatus, reason: string, metadata: MetadataGuess | null): SeriesReport {
  const facts = seriesFacts(series, pickVolume(series)?.volume, null);
  return { series, status, reason, label: null, confidence: null, image: null, metadata, fused: null, probabilities: null, facts, volume: null, slices: [], predictions: [] };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function classifySeries(
  series: LoadedSeries,
  classifier: SequenceClassifier,
  opts: ClassifyOptions = {},
): Promise<SeriesReport> {
  const { labels, decision } = classifier.config;
  const metadata = opts.metadata === false ? null : metadataSignal(series.header, labels);
  if (series.skip) {
    const status: SeriesStatus = series.skip.startsWith('skipped') ? 'skipped' : 'unclassified';
    return notClassified(series, status, series.skip, metadata);
  }
  const picked = pickVolume(series);
  if (!picked) return notClassified(series, 'unclassified', 'unclassified: no image data', metadata);
  const { volume, index: volumeIndex } = picked;
  const minSlices = series.format === 'image' ? 1 : opts.minSlices ?? decision.minSlices;
  // a decision on one slice: a 2D image, or a one-slice series when the caller allows it (flagged either way)
  const singleSlice = volume.slices.length === 1 && (minSlices <= 1 || !!opts.singleSlice);
  if (volume.slices.length < minSlices && !singleSlice) {
    return notClassified(
      series,
      'unclassified',
      `unclassified: ${plural(volume.slices.length, 'slice')}, too few to classify (needs ${minSlices})`,
      metadata,
    );
  }
  const selection = selectSlices(volume.slices, opts.slices ?? decision.slicesPerSeries);
  if (selection.indices.length === 0) {
    return notClassified(series, 'unclassified', `unclassified: all ${plural(volume.slices.length, 'slice')} are empty`, metadata);
  }
  const chosen = selection.indices.map((i) => volume.slices[i]);
  const predictions = (await classifier.classify(chosen)).filter((p) => !p.empty);
  if (predictions.length === 0) {
    return notClassified(series, 'unclassified', 'unclassified: the selected slices have no contrast', metadata);
  }
  const image = decideSeries(
    predictions.map((p) => p.probabilities),
    labels,
    decision,
  );
  const imageDecision = { label: image.label, confidence: image.confidence, unknown: image.unknown, reason: image.reason };
  const fitted =
    opts.fusion === 'rules'
      ? null
      : fuseFitted({ ...imageDecision, probabilities: image.probabilities }, metadata, labels, {
          fit: opts.fusionFit,
          unknownThreshold: decision.unknownThreshold,
        });
  const fused: FusedDecision = fitted ?? fuse(imageDecision, metadata, opts.fusionPolicy);
  const slices: SliceReport[] = predictions.map((p) => {
    const slice = chosen[p.index];
    return { index: selection.indices[p.index], ...describeSlice(labels, p.probabilities), source: slice.source, frame: slice.frame };
  });
  const unknown = fused.source === 'none';
  const signature = enhancementSignature(
    predictions.map((p) => chosen[p.index]),
    predictions.map((p) => selection.indices[p.index]),
    volume.slices.length,
  );
  return {
    series,
    status: unknown ? 'unknown' : 'classified',
    reason: unknown ? `unknown: ${image.reason ?? fused.explanation}` : undefined,
    label: unknown ? null : fused.label,
    confidence: unknown ? null : fused.confidence,
    image,
    metadata,
    fused,
    probabilities: fitted?.probabilities ?? image.probabilities,
    facts: seriesFacts(series, volume, signature),
    volume: { index: volumeIndex, key: volume.key, bValue: volume.bValue, slices: volume.slices.length },
    slices,
    predictions,
    ...(singleSlice ? { singleSlice } : {}),
  };
}
