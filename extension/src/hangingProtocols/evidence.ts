/**
 * What the layout may rest on for each display set, at any moment of the study's life: its DICOM
 * header before any pixel is loaded, then a first look at a few central slices, then the full
 * classification. Pure: display sets and the classifier's state in, planner candidates and
 * per-series verdicts out (the planner is planLayout over the study-level decision, decideStudy).
 *
 *  - header: only **strong** header evidence may hang a series before the pixels have spoken
 *    (FUSION.md: two kinds of evidence agreeing, e.g. a description and the timing, or ImageType /
 *    b-values for diffusion); the planner gets the header's own probabilities (fusion v2 with no
 *    image: headerFacts.ts) and the facts the header gives, so the study-level rules (context,
 *    T1 vs T1c, plane, originals, coverage) apply to the provisional layout as to the final one;
 *  - first look (a result marked `partial`): may fill a viewport when confident (policy.quickFill);
 *    its facts are the header's (a few central slices say nothing about coverage);
 *  - full classification: the planner's usual input (entryCandidate, as for `planFor`).
 */
import { metadataSignal, type MetadataGuess } from '../core/metadata/metadataSignal';
import type { SeriesFacts } from '../core/study/facts';
import { headerFromInstance } from '../services/seriesFromImages';
import type { ClassifierState, DisplaySetLike, SeriesEntry } from '../services/types';
import { bValuesOf, headerFacts, headerProbabilities } from './headerFacts';
import type { Candidate } from './planLayout';

/** The confidence a strong header guess counts as when deciding whether a shown series is contradicted. */
export const HEADER_CONFIDENCE = 0.8;

export interface LayoutPolicy {
  /** A first-look result fills an empty viewport at this confidence or above. */
  quickFill: number;
  /** A first-look result takes a series out of a viewport it contradicts at this confidence or above. */
  quickMove: number;
  /** A full classification takes a series out of a viewport it contradicts at this confidence or above. */
  move: number;
  /**
   * Filling empty viewports waits up to this many ms while other series have no result yet, so that
   * fills that come close together reach the viewer as one change (each change costs the viewer's
   * main thread a redraw: 0.5-0.8 s on the 2-core bench machine). 0: fill at once. Never delays a move.
   */
  holdFillsMs?: number;
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
  const header = headerFromInstance({ Modality: ds.Modality, SeriesDescription: ds.SeriesDescription, ...((ds.instances ?? [])[0] ?? {}) }, bValuesOf(ds));
  return metadataSignal(header, labels);
}

/** A series entry with a result as the planner's candidate (the full classification's evidence). */
export function entryCandidate(e: SeriesEntry, label?: string, facts?: SeriesFacts | null): Candidate {
  return {
    displaySetInstanceUID: e.displaySetInstanceUID,
    label,
    confidence: e.result?.confidence,
    seriesNumber: e.seriesNumber,
    description: e.description || undefined,
    status: e.status === 'done' ? e.result?.status : e.status,
    probabilities: e.result ? (e.result.probabilities ?? e.result.image?.probabilities ?? null) : null,
    facts: facts !== undefined ? facts : (e.result?.facts ?? null),
    contrastTag: e.result?.metadata?.contrast === 'tag',
  };
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
 * Candidates and verdicts for the planner and reconcile(). `header(ds)` is the (cached) header guess,
 * `facts(ds)` the (cached) header facts, `labels` the model's labels (empty before the model is in).
 * A display set with a full result is judged by it; one with only a first look by that (a candidate
 * only when confident); one with neither by a strong header guess.
 */
export function layoutInputs(
  displaySets: readonly DisplaySetLike[],
  state: ClassifierState,
  header: (ds: DisplaySetLike) => MetadataGuess,
  policy: LayoutPolicy = DEFAULT_LAYOUT_POLICY,
  facts: (ds: DisplaySetLike) => SeriesFacts = headerFacts,
  labels: readonly string[] = [],
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
    let quick: Verdict | undefined;
    if (entry && result) {
      const label = result.status === 'classified' ? result.label : null;
      const verdict: Verdict = { label, confidence: result.confidence ?? 0, source: entry.partial ? 'quick' : 'pixels' };
      verdicts.set(uid, verdict);
      if (verdict.source === 'pixels') {
        candidates.push(entryCandidate(entry, label ?? undefined));
        continue;
      }
      if (label && verdict.confidence >= policy.quickFill) {
        // a first look's enhancement signature still helps T1 vs T1c; its coverage is the header's
        const own = result.facts ?? null;
        candidates.push(entryCandidate(entry, label, { ...facts(ds), enhancement: own?.enhancement ?? null }));
        continue;
      }
      quick = verdict;
    }
    const guess = header(ds);
    if (!guess.label || guess.strength !== 'strong') continue;
    if (!quick) verdicts.set(uid, { label: guess.label, confidence: HEADER_CONFIDENCE, source: 'header' });
    // a first look that is not sure enough to fill a viewport may still agree with the header (or say nothing)
    if (quick?.label && quick.label !== guess.label) continue;
    const probabilities = headerProbabilities(guess, labels);
    if (!probabilities) continue;
    candidates.push({
      displaySetInstanceUID: uid,
      label: guess.label,
      confidence: HEADER_CONFIDENCE,
      seriesNumber,
      description: ds.SeriesDescription || undefined,
      status: 'classified',
      probabilities,
      facts: facts(ds),
      contrastTag: guess.contrast === 'tag',
    });
  }
  return { candidates, verdicts, present };
}
