/** Shapes of the study-level decision (decideStudy.ts). */
import type { PairModel } from './enhancement';
import type { SeriesFacts } from './facts';
import type { SlotId } from './slots';
import type { StudyContext } from './studyContext';
import type { PairParams } from './t1Pairs';

export interface Preferences {
  otherPlane: number;
  derived: number;
  partialCoverage: number;
  partialCoverageBelow: number;
  diffusionNotTrace: number;
}

export interface StudyParams {
  hangThreshold: number;
  suggestThreshold: number;
  minSlicesToHang: number;
  prefer: Preferences;
  context: { noContrastT1cFactor: number; bothExpectedMixedFactor: number };
  pairs: PairParams;
  pairModel: PairModel;
}

export interface StudySeriesInput {
  id: string;
  seriesNumber?: number | null;
  description?: string | null;
  /** Only 'classified' and 'unknown' series take part. */
  status: string;
  probabilities: Record<string, number> | null;
  facts: SeriesFacts | null;
  /** ContrastBolusAgent is filled (the study's "without contrast" does not override it). */
  contrastTag?: boolean;
}

export interface StudySeriesDecision {
  id: string;
  /** Probabilities after the study context and the T1 / T1c comparison (null when not taking part). */
  probabilities: Record<string, number> | null;
  label: string | null;
  probability: number | null;
  reasons: string[];
  slot: SlotId | null;
}

export interface SlotCandidate {
  id: string;
  name: string;
  label: string;
  probability: number;
}

export interface SlotDecision {
  slot: SlotId;
  seriesId: string | null;
  label: string | null;
  probability: number | null;
  reasons: string[];
  /** Why the slot is empty, in words for the viewport; null when filled. */
  message: string | null;
  /** The best series not hung elsewhere, when empty and one reaches suggestThreshold. */
  candidate: SlotCandidate | null;
}

export interface StudyDecision {
  context: StudyContext;
  preferredPlane: string | null;
  series: StudySeriesDecision[];
  slots: Record<SlotId, SlotDecision>;
}

