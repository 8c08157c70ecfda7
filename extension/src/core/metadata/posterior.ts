/**
 * Fusion v2: the image model's probabilities and the header's votes combined into one posterior
 * (policy and the numbers it was fitted on: FUSION.md; fitted values: fusionFit.json).
 *
 *   p(c) ∝ p_image(c) · Π_k L_k(c)^b
 *
 * - Each header kind k (ImageType, b-values, names, sequence name, timing, contrast tag, contrast
 *   words; evidenceKinds.ts) votes for a set S of labels with a strength. Its reliability r (how
 *   often a vote of that kind and strength is right, measured on labelled DICOM series) becomes a
 *   likelihood: L(c) = r/|S| for c in S, (1 - r)/(K - |S|) otherwise (K labels).
 * - Contrast kinds speak only about T1 vs T1c: L(T1c) = r and L(T1) = 1 - r for a post-contrast vote
 *   (the reverse for a pre-contrast one); every other label gets 1/2, so they are left as they are.
 * - b (the header exponent) is fitted; p_image is floored at `image_floor` (0.001): an image at
 *   0.999 loses only to votes whose combined likelihood ratio, raised to b, passes about 1000 (one
 *   strong vote is about 200), so a single strong kind does not overrule a very sure image.
 * - No header, or a header with no vote: the image model's decision is returned unchanged.
 * - No image probabilities (header-only scoring): the header votes alone, under a uniform prior.
 */
import type { KindVote, VoteStrength } from './evidenceKinds';
import { CONTRAST_KINDS, type EvidenceKind } from './evidenceKinds';
import FIT_JSON from './fusionFit.json';

export interface FusionFit {
  /** The model the fit was made with (its probabilities set b); informational. */
  fitted_for_model: string | null;
  header_exponent: number;
  image_floor: number;
  /** Reliability of a vote, per kind and strength (0.5..0.999). */
  reliability: Partial<Record<EvidenceKind, Partial<Record<VoteStrength, number>>>>;
}

export const DEFAULT_FUSION_FIT: Readonly<FusionFit> = FIT_JSON as unknown as FusionFit;

/** Reliability used for a kind/strength the fit does not list. */
const FALLBACK_RELIABILITY: Record<VoteStrength, number> = { strong: 0.9, moderate: 0.75, weak: 0.55 };

export function reliabilityOf(fit: FusionFit, vote: Pick<KindVote, 'kind' | 'strength'>): number {
  const r = fit.reliability[vote.kind]?.[vote.strength] ?? FALLBACK_RELIABILITY[vote.strength];
  return Math.min(0.999, Math.max(0.5, r));
}

export interface VoteFactor {
  vote: KindVote;
  reliability: number;
  /** L_k(c)^b per label. */
  factor: Record<string, number>;
}

/** The likelihood factor of one vote over the labels (already raised to the header exponent). */
export function voteFactor(vote: KindVote, labels: readonly string[], fit: FusionFit): VoteFactor | null {
  const r = reliabilityOf(fit, vote);
  const inS = new Set(vote.labels.filter((l) => labels.includes(l)));
  if (inS.size === 0 || inS.size === labels.length) return null;
  const b = fit.header_exponent;
  const factor: Record<string, number> = {};
  if (CONTRAST_KINDS.has(vote.kind)) {
    const [target] = [...inS];
    const other = labels.find((l) => l !== target && (l.toLowerCase() === 't1' || l.toLowerCase() === 't1c'));
    if (!other) return null;
    for (const l of labels) factor[l] = Math.pow(l === target ? r : l === other ? 1 - r : 0.5, b);
  } else {
    const inside = r / inS.size;
    const outside = (1 - r) / (labels.length - inS.size);
    for (const l of labels) factor[l] = Math.pow(inS.has(l) ? inside : outside, b);
  }
  return { vote, reliability: r, factor };
}

export interface Posterior {
  probabilities: Record<string, number>;
  factors: VoteFactor[];
}

/**
 * The posterior over `labels`. `image` null: header votes alone (uniform prior). Returns null when
 * no vote applies (the caller keeps the image decision as it is).
 */
export function posterior(
  image: Readonly<Record<string, number>> | null,
  votes: readonly KindVote[],
  labels: readonly string[],
  fit: FusionFit = DEFAULT_FUSION_FIT,
): Posterior | null {
  const factors = votes.map((v) => voteFactor(v, labels, fit)).filter((f): f is VoteFactor => f !== null);
  if (factors.length === 0) return null;
  const floor = fit.image_floor;
  const score = labels.map((l) => {
    let s = image ? Math.max(floor, image[l] ?? 0) : 1;
    for (const f of factors) s *= f.factor[l];
    return s;
  });
  const total = score.reduce((a, b) => a + b, 0);
  const probabilities = Object.fromEntries(labels.map((l, i) => [l, total > 0 ? score[i] / total : 1 / labels.length]));
  return { probabilities, factors };
}

/** The label with the highest probability (first on ties). */
export function topLabel(p: Readonly<Record<string, number>>): { label: string; p: number } {
  let best = { label: '', p: -1 };
  for (const [label, v] of Object.entries(p)) if (v > best.p) best = { label, p: v };
  return best;
}
