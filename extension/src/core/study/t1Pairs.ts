/**
 * T1 vs T1c decided together for the T1-weighted series of one study (rules in decideStudy.ts).
 *
 * For the series whose probability of being T1-weighted (T1 + T1c) is at least `familyMin`, grouped
 * by plane, every assignment of T1 / T1c to the group (at most `maxSeries` series) is weighed:
 *
 *   w(a) = Π_i p_i(a_i) · Π_{i<j} [F_cmp(a_i, a_j) · F_order(a_i, a_j)]^(1/(N-1)) · G(a)
 *
 * - F_cmp, from the enhancement comparison (enhancement.ts) with q = P(j is post | one of i, j is):
 *   (T1, T1c) -> q, (T1c, T1) -> 1 - q, same label -> max(min(q, 1 - q), sameFloor). Only when at
 *   least `minMatchedSlices` slices match; raised to `differentSequenceExponent` when the two were
 *   acquired with different recipes (a spin echo next to an MPRAGE differs for other reasons too).
 * - F_order, when both have an acquisition time (same date) or else a series number, i before j:
 *   (T1, T1c) -> r, (T1c, T1) -> 1 - r, same label -> 1/2, with r = `orderSameSequence` for the
 *   same recipe and plane (a repeat after the injection) and `orderDifferentSequence` otherwise.
 * - G: a study described "w & w/o" (or "+C") multiplies assignments holding both labels by
 *   `bothExpectedMixedFactor`.
 * The T1-weighted mass of each series stays what it was; only its split between T1 and T1c moves.
 */
import { comparePair, type PairModel } from './enhancement';
import type { SeriesFacts } from './facts';
import type { StudyContrast } from './studyContext';

export interface PairParams {
  familyMin: number;
  maxSeries: number;
  minMatchedSlices: number;
  sameFloor: number;
  differentSequenceExponent: number;
  orderSameSequence: number;
  orderDifferentSequence: number;
}

export interface PairSeries {
  id: string;
  name: string;
  probabilities: Record<string, number>;
  facts: SeriesFacts | null;
}

export interface PairOutcome {
  /** New probabilities for the series that took part (others are absent). */
  probabilities: Map<string, Record<string, number>>;
  reasons: Map<string, string[]>;
}

type Pair = readonly [number, number];
const T1 = 0;
const T1C = 1;

function laterOf(a: SeriesFacts | null, b: SeriesFacts | null): { later: 'a' | 'b'; how: string } | null {
  if (!a || !b) return null;
  if (a.time !== null && b.time !== null && a.date === b.date && a.time !== b.time) {
    const minutes = Math.round(Math.abs(b.time - a.time) / 60);
    return { later: b.time > a.time ? 'b' : 'a', how: `acquired ${minutes} min apart` };
  }
  if (a.seriesNumber !== null && b.seriesNumber !== null && a.seriesNumber !== b.seriesNumber) {
    return { later: b.seriesNumber > a.seriesNumber ? 'b' : 'a', how: 'by series number' };
  }
  return null;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Pairwise factor tables F[ai][aj] for i < j, with the sentences that explain them. */
function pairFactor(a: PairSeries, b: PairSeries, params: PairParams, model: PairModel): { F: number[][]; why: string[] } {
  const F = [
    [1, 1],
    [1, 1],
  ];
  const why: string[] = [];
  const sameRecipe = !!a.facts?.sequenceKey && a.facts.sequenceKey === b.facts?.sequenceKey;
  const sa = a.facts?.enhancement;
  const sb = b.facts?.enhancement;
  const cmp = sa && sb ? comparePair(sa, sb, model) : null;
  if (cmp && cmp.matched >= params.minMatchedSlices) {
    const e = sameRecipe ? 1 : params.differentSequenceExponent;
    const q = cmp.pPostB;
    const same = Math.max(Math.min(q, 1 - q), params.sameFloor);
    F[T1][T1C] *= q ** e;
    F[T1C][T1] *= (1 - q) ** e;
    F[T1][T1] *= same ** e;
    F[T1C][T1C] *= same ** e;
    const more = q >= 0.5 ? b.name : a.name;
    why.push(`compared with ${q >= 0.5 ? a.name : b.name} on ${cmp.matched} matched slices: ${more} enhances more (${pct(Math.max(q, 1 - q))})`);
  }
  const order = laterOf(a.facts, b.facts);
  if (order) {
    const r = sameRecipe && a.facts?.plane === b.facts?.plane ? params.orderSameSequence : params.orderDifferentSequence;
    const [pre, post] = order.later === 'b' ? [T1, T1C] : [T1C, T1];
    F[pre][post] *= r;
    F[post][pre] *= 1 - r;
    F[T1][T1] *= 0.5;
    F[T1C][T1C] *= 0.5;
    const first = order.later === 'b' ? a.name : b.name;
    why.push(`${first} first (${order.how}${sameRecipe ? ', same sequence' : ''}): a later T1-weighted series is more likely post-contrast`);
  }
  return { F, why };
}

export function decideT1Pairs(
  series: readonly PairSeries[],
  labels: { t1: string; t1c: string },
  context: StudyContrast | null,
  params: PairParams,
  model: PairModel,
  bothFactor: number,
): PairOutcome {
  const probabilities = new Map<string, Record<string, number>>();
  const reasons = new Map<string, string[]>();
  const mass = (s: PairSeries) => (s.probabilities[labels.t1] ?? 0) + (s.probabilities[labels.t1c] ?? 0);
  const family = series.filter((s) => mass(s) >= params.familyMin);
  const planes = new Map<string, PairSeries[]>();
  for (const s of family) {
    const key = s.facts?.plane ?? 'unknown plane';
    planes.set(key, [...(planes.get(key) ?? []), s]);
  }
  for (const group0 of planes.values()) {
    if (group0.length < 2) continue;
    const group = [...group0].sort((x, y) => mass(y) - mass(x)).slice(0, params.maxSeries);
    const n = group.length;
    const pairs: Array<{ ij: Pair; F: number[][] }> = [];
    const why = new Map<string, string[]>(group.map((s) => [s.id, []]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const { F, why: w } = pairFactor(group[i], group[j], params, model);
        pairs.push({ ij: [i, j], F });
        for (const line of w) for (const k of [i, j]) why.get(group[k].id)!.push(line);
      }
    }
    const weights: number[] = [];
    for (let code = 0; code < 1 << n; code++) {
      const a = group.map((_, i) => ((code >> i) & 1 ? T1C : T1));
      let w = 1;
      group.forEach((s, i) => {
        const m = mass(s);
        w *= (s.probabilities[a[i] === T1C ? labels.t1c : labels.t1] ?? 0) / m;
      });
      for (const { ij, F } of pairs) w *= F[a[ij[0]]][a[ij[1]]] ** (1 / (n - 1));
      if ((context === 'both' || context === 'post') && a.includes(T1) && a.includes(T1C)) w *= bothFactor;
      weights.push(w);
    }
    const total = weights.reduce((x, y) => x + y, 0);
    if (!(total > 0)) continue;
    group.forEach((s, i) => {
      let post = 0;
      weights.forEach((w, code) => {
        if ((code >> i) & 1) post += w / total;
      });
      const m = mass(s);
      probabilities.set(s.id, { ...s.probabilities, [labels.t1c]: m * post, [labels.t1]: m * (1 - post) });
      const lines = [...new Set(why.get(s.id))];
      if (lines.length) reasons.set(s.id, lines);
    });
  }
  return { probabilities, reasons };
}
