/**
 * The header's evidence as one vote per kind, in model labels: what fusion v2 (posterior.ts) weighs
 * and what the calibration script counts (FUSION.md, "How often the header is right").
 *
 * Kinds: ImageType, b-values, names (SeriesDescription and ProtocolName), the scanner's sequence
 * name, timing (TR/TE/TI), the contrast tag (ContrastBolusAgent) and contrast words in names.
 * - Within a kind only the strongest item counts (as in resolve.ts); items of equal weight that
 *   point at different classes are merged into one vote for all their labels.
 * - A vote names every model label it is consistent with: a T1 weighting fits T1 and T1c (contrast
 *   is a separate kind), diffusion without a stated map fits DWI and ADC (an ADC map keeps the
 *   b-values of its source), evidence with `alsoFits` adds those classes ("TSE" fits T1, PD, FLAIR),
 *   and timing also fits every class that is not a weighting (OTHER: localizers, angiography, ...).
 * - Contrast kinds speak only about T1 vs T1c: a filled ContrastBolusAgent or a post-contrast word
 *   votes T1c, a pre-contrast word ("pre", "w/o", "nativ") votes T1.
 */
import { STRENGTHS, WEIGHTINGS, modelLabel, type Cls, type Evidence, type SourceKind, type Strength } from './classes';

export const EVIDENCE_KINDS = ['imageType', 'bValues', 'names', 'sequence', 'timing', 'contrastTag', 'contrastName'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Kinds that speak about T1 vs T1c only. */
export const CONTRAST_KINDS: ReadonlySet<EvidenceKind> = new Set<EvidenceKind>(['contrastTag', 'contrastName']);

export type VoteStrength = Exclude<Strength, 'none'>;

export interface KindVote {
  kind: EvidenceKind;
  /** Model labels the evidence is consistent with (never empty). */
  labels: string[];
  strength: VoteStrength;
  /** The finer class it names, e.g. 'PERFUSION', 'B0', 'MPRAGE'; 'post-contrast' / 'pre-contrast' for contrast kinds. */
  cls: string;
  reason: string;
}

const KIND_OF_SOURCE: Record<SourceKind, EvidenceKind> = {
  imageType: 'imageType',
  bValues: 'bValues',
  description: 'names',
  sequence: 'sequence',
  timing: 'timing',
};

/** Model labels an evidence item fits. */
function labelsOf(e: Evidence, labels: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (c: Cls | 'T1c') => {
    const l = modelLabel(c, labels);
    if (l) out.add(l);
  };
  add(e.cls);
  if (e.cls === 'T1') add('T1c');
  if (e.cls === 'DIFFUSION' || (e.source === 'bValues' && e.cls === 'DWI')) add('ADC');
  for (const c of e.alsoFits ?? []) {
    add(c);
    if (c === 'T1') add('T1c');
  }
  if (e.source === 'timing') for (const c of ['LOCALIZER', 'MRA'] as const) add(c);
  return [...out];
}

/** One vote per evidence kind from the evidence items of a header. */
export function kindVotes(items: readonly Evidence[], labels: readonly string[]): KindVote[] {
  const votes: KindVote[] = [];
  for (const kind of EVIDENCE_KINDS) {
    const mine = items.filter((e) => KIND_OF_SOURCE[e.source] === kind);
    if (mine.length === 0) continue;
    const top = Math.max(...mine.map((e) => e.weight));
    const best = mine.filter((e) => e.weight === top);
    const voteLabels = [...new Set(best.flatMap((e) => labelsOf(e, labels)))];
    if (voteLabels.length === 0) continue;
    const detail = best.map((e) => (WEIGHTINGS.has(e.cls) && e.detail ? e.detail : e.cls));
    votes.push({
      kind,
      labels: voteLabels,
      strength: STRENGTHS[top] as VoteStrength,
      cls: [...new Set(detail)].join('/'),
      reason: best.map((e) => e.reason).join('; '),
    });
  }
  return votes;
}

/** The contrast votes: the tag (strong) and a name's words (moderate), each in T1 / T1c terms. */
export function contrastVotes(
  agent: string | undefined,
  named: { state: 'post' | 'pre' | undefined; reason: string | undefined },
  labels: readonly string[],
): KindVote[] {
  const t1 = modelLabel('T1', labels);
  const t1c = modelLabel('T1c', labels);
  if (!t1 || !t1c) return [];
  const votes: KindVote[] = [];
  if (agent) {
    votes.push({ kind: 'contrastTag', labels: [t1c], strength: 'strong', cls: 'post-contrast', reason: `ContrastBolusAgent "${agent}": contrast given` });
  }
  if (named.state) {
    votes.push({
      kind: 'contrastName',
      labels: [named.state === 'post' ? t1c : t1],
      strength: 'moderate',
      cls: `${named.state}-contrast`,
      reason: named.reason ?? `${named.state}-contrast name`,
    });
  }
  return votes;
}
