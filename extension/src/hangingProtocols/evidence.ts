/**
 * What the layout may rest on for each display set, at any moment of the study's life: its DICOM
 * header before any pixel is loaded, then a first look at a few central slices, then the full
 * classification. Pure: display sets and the classifier's state in, planner candidates and
 * per-series verdicts out (the planner itself is planLayout, whatever rules it has).
 *
 *  - header: only **strong** header evidence may hang a series before the pixels have spoken
 *    (FUSION.md: two kinds of evidence agreeing, e.g. a description and the timing, or ImageType /
 *    b-values for diffusion); it counts at HEADER_CONFIDENCE, the fusion policy's probability for a
 *    strong header guess;
 *  - first look (a result marked `partial`): may fill a viewport when confident (policy.quickFill);
 *  - full classification: the planner's usual input.
 */
import { metadataSignal, type MetadataGuess } from '../core/metadata/metadataSignal';
import { headerFromInstance } from '../services/seriesFromImages';
import type { ClassifierState, DisplaySetLike } from '../services/types';
import type { Candidate } from './planLayout';

/** The probability a strong header guess counts as (DEFAULT_FUSION_POLICY.metaConfidence.strong). */
export const HEADER_CONFIDENCE = 0.8;

export interface LayoutPolicy {
  /** A first-look result fills an empty viewport at this confidence or above. */
  quickFill: number;
  /** A first-look result takes a series out of a viewport it contradicts at this confidence or above. */
  quickMove: number;
  /** A full classification takes a series out of a viewport it contradicts at this confidence or above. */
  move: number;
}

export const DEFAULT_LAYOUT_POLICY: Readonly<LayoutPolicy> = { quickFill: 0.6, quickMove: 0.75, move: 0.5 };

export type EvidenceSource = 'header' | 'quick' | 'pixels';

/** The best evidence about one display set: its label (null: none or unknown) and how sure. */
export interface Verdict {
  label: string | null;
  confidence: number;
  source: EvidenceSource;
}

/** The header's guess for a display set, from OHIF's instance metadata (no pixels). */
export function headerGuess(ds: DisplaySetLike, labels: readonly string[] = []): MetadataGuess {
  const instances = ds.instances ?? [];
  const bValues = instances.map((i) => Number(Array.isArray(i.DiffusionBValue) ? i.DiffusionBValue[0] : i.DiffusionBValue)).filter((b) => Number.isFinite(b));
  const header = headerFromInstance({ Modality: ds.Modality, SeriesDescription: ds.SeriesDescription, ...(instances[0] ?? {}) }, bValues);
  return metadataSignal(header, labels);
}

/** A display set the viewer may hang at all: MR, an image series, at least two images. */
export function hangable(ds: DisplaySetLike): boolean {
  const images = ds.numImageFrames ?? ds.instances?.length ?? 0;
  return !ds.unsupported && (ds.Modality ?? '').toUpperCase() === 'MR' && images >= 2;
}

export interface LayoutInputs {
  /** What the planner may place now (each display set at most once, with its best usable evidence). */
  candidates: Candidate[];
  /** The best evidence about every display set that has any, for deciding whether a shown series is contradicted. */
  verdicts: Map<string, Verdict>;
  /** Display sets of the study now. */
  present: Set<string>;
}

/**
 * Candidates and verdicts for the planner and reconcile(). `header(ds)` is the (cached) header guess.
 * A display set with a full result is judged by it; one with only a first look by that (a candidate
 * only when confident); one with neither by a strong header guess.
 */
export function layoutInputs(
  displaySets: readonly DisplaySetLike[],
  state: ClassifierState,
  header: (ds: DisplaySetLike) => MetadataGuess,
  policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
): LayoutInputs {
  const entries = new Map(state.series.map((e) => [e.displaySetInstanceUID, e]));
  const candidates: Candidate[] = [];
  const verdicts = new Map<string, Verdict>();
  const present = new Set<string>();
  for (const ds of displaySets) {
    const uid = ds.displaySetInstanceUID;
    present.add(uid);
    if (!hangable(ds)) continue;
    const entry = entries.get(uid);
    const seriesNumber = entry?.seriesNumber ?? (Number.isFinite(Number(ds.SeriesNumber)) ? Number(ds.SeriesNumber) : undefined);
    const result = entry?.status === 'done' ? entry.result : undefined;
    const add = (label: string, confidence: number) => candidates.push({ displaySetInstanceUID: uid, label, confidence, seriesNumber });
    let quick: Verdict | undefined;
    if (result) {
      const label = result.status === 'classified' ? result.label : null;
      const verdict: Verdict = { label, confidence: result.confidence ?? 0, source: entry?.partial ? 'quick' : 'pixels' };
      verdicts.set(uid, verdict);
      if (verdict.source === 'pixels') {
        if (label) add(label, verdict.confidence);
        continue;
      }
      if (label && verdict.confidence >= policy.quickFill) {
        add(label, verdict.confidence);
        continue;
      }
      quick = verdict;
    }
    const guess = header(ds);
    if (!guess.label || guess.strength !== 'strong') continue;
    if (!quick) verdicts.set(uid, { label: guess.label, confidence: HEADER_CONFIDENCE, source: 'header' });
    // a first look that is not sure enough to fill a viewport may still agree with the header (or say nothing)
    if (!quick?.label || quick.label === guess.label) add(guess.label, HEADER_CONFIDENCE);
  }
  return { candidates, verdicts, present };
}
