/**
 * Weighing the evidence of one header.
 *
 * - Evidence comes from independent kinds (ImageType, b-values, names typed by people, the scanner's
 *   sequence name, timing); within a kind only the strongest item for a family counts, so a name
 *   that says "t1" and "mpr" is one moderate vote, not two.
 * - A family's score is the sum over kinds (strong 3, moderate 2, weak 1). The highest score wins;
 *   ties go to the candidate with less opposing evidence, then to the more specific family
 *   (diffusion, localizer, MRA, ... before FLAIR, T1, T2, PD).
 * - Inside the diffusion family the most specific, most reliable claim picks the class: ImageType
 *   (ADC, TRACEW, TENSOR_B0, FA) before an "ADC" name, before b-values, before a "b0" name, before "DWI".
 * - Evidence that names another class is a conflict unless it also fits the winner ("TSE" fits
 *   T1; timing never argues with localizers, angiography and other non-weighting classes).
 * - Strength: score >= 3 strong, 2 moderate, 1 weak; one step lower when there is any conflict,
 *   another when the conflicting side scores as high as the winner; never below weak.
 */
import {
  FAMILY_PRECEDENCE,
  STRENGTHS,
  WEIGHTINGS,
  family,
  type Cls,
  type Evidence,
  type SourceKind,
  type Strength,
} from './classes';

export interface Resolution {
  cls: Cls;
  strength: Strength;
  detail?: string;
  /** Evidence for the winner. */
  support: Evidence[];
  /** Evidence that names another class but is consistent with the winner. */
  neutral: Evidence[];
  /** Evidence that points elsewhere. */
  against: Evidence[];
}

export const SOURCE_ORDER: readonly SourceKind[] = ['imageType', 'bValues', 'description', 'sequence', 'timing'];

export function bySource(a: Evidence, b: Evidence): number {
  return SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source);
}

/** Sum over evidence kinds of the strongest weight of each kind. */
export function score(items: readonly Evidence[]): number {
  const best = new Map<SourceKind, number>();
  for (const e of items) best.set(e.source, Math.max(best.get(e.source) ?? 0, e.weight));
  let total = 0;
  for (const v of best.values()) total += v;
  return total;
}

function fits(e: Evidence, winner: Cls): boolean {
  if (e.alsoFits?.includes(winner)) return true;
  return e.source === 'timing' && !WEIGHTINGS.has(winner);
}

/** Lower is more trusted when diffusion claims disagree. */
function diffusionRank(e: Evidence): number {
  if (e.cls === 'DIFFUSION') return 6;
  if (e.source === 'imageType') return 0;
  if (e.cls === 'ADC' || e.cls === 'FA') return 1;
  if (e.source === 'bValues') return 2;
  // "b0" in a name is more specific than "dwi", which protocols and BIDS use for every diffusion series.
  if (e.cls === 'B0') return 3;
  return e.source === 'description' ? 4 : 5;
}

function pickDiffusion(items: readonly Evidence[]): Evidence {
  return [...items].sort((a, b) => diffusionRank(a) - diffusionRank(b) || b.weight - a.weight || bySource(a, b))[0];
}

/** A derived ADC/FA map keeps its source b-values, and protocol names say "DWI" for all their series. */
function benignDiffusionDisagreement(e: Evidence, winner: Cls): boolean {
  if (e.cls === 'DIFFUSION' || e.cls === winner) return true;
  if (e.cls === 'DWI' && (e.source === 'description' || e.source === 'sequence')) return true;
  return e.source === 'bValues' && (winner === 'ADC' || winner === 'FA');
}

function familyScores(items: readonly Evidence[]): Map<string, number> {
  const groups = new Map<string, Evidence[]>();
  for (const e of items) groups.set(family(e.cls), [...(groups.get(family(e.cls)) ?? []), e]);
  return new Map([...groups].map(([f, es]) => [f, score(es)]));
}

export function resolve(evidence: readonly Evidence[]): Resolution | null {
  if (evidence.length === 0) return null;
  const candidates = [...familyScores(evidence)].map(([fam, sc]) => {
    const members = evidence.filter((e) => family(e.cls) === fam);
    const representative = fam === 'diffusion' ? pickDiffusion(members).cls : members[0].cls;
    const opposing = score(evidence.filter((e) => family(e.cls) !== fam && !fits(e, representative)));
    return { fam, sc, opposing, representative };
  });
  candidates.sort(
    (a, b) => b.sc - a.sc || a.opposing - b.opposing || FAMILY_PRECEDENCE.indexOf(a.fam) - FAMILY_PRECEDENCE.indexOf(b.fam),
  );
  const best = candidates[0];
  let cls = best.representative;
  const members = evidence.filter((e) => family(e.cls) === best.fam);
  let support: Evidence[] = members;
  const against: Evidence[] = [];
  let detail: string | undefined;
  if (best.fam === 'diffusion') {
    const chosen = pickDiffusion(members);
    detail = chosen.detail;
    cls = chosen.cls === 'DIFFUSION' ? 'DWI' : chosen.cls;
    support = members.filter((e) => benignDiffusionDisagreement(e, cls));
    against.push(...members.filter((e) => !benignDiffusionDisagreement(e, cls)));
  }
  const neutral: Evidence[] = [];
  for (const e of evidence) {
    if (family(e.cls) === best.fam) continue;
    (fits(e, cls) ? neutral : against).push(e);
  }
  support.sort(bySource);
  detail ??= support.find((e) => e.detail)?.detail;

  const winnerScore = score(support);
  let rank = Math.min(3, winnerScore);
  if (against.length > 0) rank -= 1;
  const competitor = Math.max(0, ...familyScores(against).values());
  if (against.length > 0 && competitor >= winnerScore) rank -= 1;
  const strength = STRENGTHS[Math.max(1, rank)];
  return { cls, strength, detail, support, neutral: neutral.sort(bySource), against: against.sort(bySource) };
}

