/**
 * Fusion v2 calibrated on the labelled DICOM series (FUSION.md, "How often the header is right"):
 * - per evidence kind and strength, how often a vote is right (its labels hold the truth; contrast
 *   votes are counted on T1 / T1c series only, where they have something to say);
 * - reliabilities = the Beta posterior mean with the hand-set prior of fusionFit.json
 *   ((prior_weight * prior + right) / (prior_weight + n));
 * - the header exponent b = argmax of the log-likelihood of the truth under the fused posterior, on
 *   the series with an image result, with a log-normal prior on b (median 1, sigma 0.5);
 * - image-only, header-only, fusion v1 (rules) and fusion v2 (fitted) accuracy with
 *   leave-one-source-out: each source's series are scored with a fit made without them.
 */
import { fuseFitted } from '../../extension/src/core/metadata/fuseFitted';
import { fuse } from '../../extension/src/core/metadata/fusion';
import { posterior, topLabel, type FusionFit } from '../../extension/src/core/metadata/posterior';
import { CONTRAST_KINDS, EVIDENCE_KINDS, type EvidenceKind, type VoteStrength } from '../../extension/src/core/metadata/evidenceKinds';
import { fmtPct, imageOf, metadataOf, votesOf, type LabelledSeries } from './data';

export type Reliability = Partial<Record<EvidenceKind, Partial<Record<VoteStrength, number>>>>;

export interface FitFile extends FusionFit {
  prior: { weight: number; reliability: Reliability };
  [key: string]: unknown;
}

const STRENGTHS: VoteStrength[] = ['strong', 'moderate', 'weak'];
const B_GRID = [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2, 2.8];

/** Is a vote right about this series? null: the vote has nothing to say about it. */
export function voteRight(kind: EvidenceKind, labels: readonly string[], truth: string): boolean | null {
  if (CONTRAST_KINDS.has(kind)) return /^t1c?$/i.test(truth) ? labels.includes(truth) : null;
  return labels.includes(truth);
}

export interface Count {
  n: number;
  right: number;
}

export function countVotes(series: readonly LabelledSeries[]): Map<string, Count> {
  const counts = new Map<string, Count>();
  for (const s of series) {
    for (const v of votesOf(s.json)) {
      const right = voteRight(v.kind, v.labels, s.truth);
      if (right === null) continue;
      const key = `${v.kind}/${v.strength}`;
      const c = counts.get(key) ?? { n: 0, right: 0 };
      c.n++;
      if (right) c.right++;
      counts.set(key, c);
    }
  }
  return counts;
}

function reliabilities(series: readonly LabelledSeries[], prior: FitFile['prior']): Reliability {
  const counts = countVotes(series);
  const out: Reliability = {};
  for (const kind of EVIDENCE_KINDS) {
    for (const strength of STRENGTHS) {
      const p = prior.reliability[kind]?.[strength];
      const c = counts.get(`${kind}/${strength}`) ?? { n: 0, right: 0 };
      if (p === undefined && c.n === 0) continue;
      const base = p ?? 0.6;
      (out[kind] ??= {})[strength] = Math.round(((prior.weight * base + c.right) / (prior.weight + c.n)) * 1000) / 1000;
    }
  }
  return out;
}

function logLikelihood(series: readonly LabelledSeries[], fit: FusionFit, labels: string[]): number {
  let ll = 0;
  for (const s of series) {
    const img = imageOf(s.json);
    if (!img) continue;
    const post = posterior(img.probabilities, votesOf(s.json), labels, fit);
    const p = post ? post.probabilities[s.truth] : Math.max(fit.image_floor, img.probabilities[s.truth] ?? 0);
    ll += Math.log(Math.max(1e-9, p));
  }
  return ll;
}

export function fitFusion(series: readonly LabelledSeries[], base: FitFile, labels: string[]): FusionFit {
  const reliability = reliabilities(series, base.prior);
  let best = { b: 1, score: -Infinity };
  for (const b of B_GRID) {
    const fit = { ...base, reliability, header_exponent: b };
    const score = logLikelihood(series, fit, labels) - Math.log(b) ** 2 / (2 * 0.5 ** 2);
    if (score > best.score + 1e-9) best = { b, score };
  }
  return { ...base, reliability, header_exponent: best.b };
}

export interface Scores {
  n: number;
  image: number;
  header: number;
  headerDecided: number;
  v1: number;
  v2: number;
}

/** Scores of one set of series under one fit (v2), with the rule policy (v1) beside it. */
export function score(series: readonly LabelledSeries[], fit: FusionFit, labels: string[], unknownThreshold: number): Scores {
  const s: Scores = { n: 0, image: 0, header: 0, headerDecided: 0, v1: 0, v2: 0 };
  for (const x of series) {
    const img = imageOf(x.json);
    const meta = metadataOf(x.json);
    const header = posterior(null, votesOf(x.json), labels, fit);
    if (header) {
      s.headerDecided++;
      if (topLabel(header.probabilities).label === x.truth) s.header++;
    }
    if (!img) continue;
    s.n++;
    if (!img.unknown && img.label === x.truth) s.image++;
    if (fuse(img, meta).label === x.truth) s.v1++;
    if (fuseFitted(img, meta, labels, { fit, unknownThreshold }).label === x.truth) s.v2++;
  }
  return s;
}

export interface FusionReport {
  fit: FusionFit;
  counts: Map<string, Count>;
  markdown: string;
}

export function calibrateFusion(dicom: readonly LabelledSeries[], base: FitFile, labels: string[], unknownThreshold: number): FusionReport {
  const counts = countVotes(dicom);
  const fit = fitFusion(dicom, base, labels);
  const lines: string[] = [];
  lines.push(`Labelled DICOM series: ${dicom.length} (${new Set(dicom.map((s) => s.source)).size} sources).`, '');
  lines.push('| evidence kind | strength | votes | right | prior | fitted reliability |', '|---|---|---|---|---|---|');
  for (const kind of EVIDENCE_KINDS) {
    for (const strength of STRENGTHS) {
      const c = counts.get(`${kind}/${strength}`);
      const prior = base.prior.reliability[kind]?.[strength];
      if (!c && prior === undefined) continue;
      lines.push(`| ${kind} | ${strength} | ${c?.n ?? 0} | ${c ? fmtPct(c.right, c.n) : '-'} | ${prior ?? '-'} | ${fit.reliability[kind]?.[strength] ?? '-'} |`);
    }
  }
  lines.push('', `Header exponent b = ${fit.header_exponent} (fitted on all of them).`, '');
  lines.push('Leave-one-source-out (each source scored with a fit made without it):', '');
  lines.push('| held-out source | series with an image result | image only | header only (decided) | fusion v1 (rules) | fusion v2 (fitted) | b |', '|---|---|---|---|---|---|---|');
  const sources = [...new Set(dicom.map((s) => s.source))].sort();
  const total: Scores = { n: 0, image: 0, header: 0, headerDecided: 0, v1: 0, v2: 0 };
  for (const src of sources) {
    const held = dicom.filter((s) => s.source === src);
    const foldFit = fitFusion(
      dicom.filter((s) => s.source !== src),
      base,
      labels,
    );
    const sc = score(held, foldFit, labels, unknownThreshold);
    for (const k of Object.keys(total) as Array<keyof Scores>) total[k] += sc[k];
    const all = held.length;
    lines.push(
      `| ${src.replace(/^github:/, '')} | ${sc.n} of ${all} | ${fmtPct(sc.image, sc.n)} | ${fmtPct(sc.header, all)} (${sc.headerDecided}) | ${fmtPct(sc.v1, sc.n)} | ${fmtPct(sc.v2, sc.n)} | ${foldFit.header_exponent} |`,
    );
  }
  lines.push(
    `| **all** | ${total.n} of ${dicom.length} | ${fmtPct(total.image, total.n)} | ${fmtPct(total.header, dicom.length)} (${total.headerDecided}) | ${fmtPct(total.v1, total.n)} | ${fmtPct(total.v2, total.n)} | |`,
  );
  return { fit, counts, markdown: lines.join('\n') };
}
