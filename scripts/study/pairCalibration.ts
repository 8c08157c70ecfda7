/**
 * T1 vs T1c by comparison, fitted and measured on the pre/post pairs of ../shared/data: every subject
 * with one T1 and one T1c series (co-registered BraTS t1n/t1c, TCGA-LGG pre/post, ...).
 * - Model: P(B is post | one of A, B is) = sigmoid(w . d), d = mean matched-slice feature
 *   difference B - A (core/study/enhancement.ts); w >= 0 by L2-regularised logistic regression on
 *   both orders of every training pair (no intercept: the rule stays antisymmetric).
 * - Splits by subject: each pair is scored with w fitted on the other subjects' pairs.
 * - Reported beside it: the image model alone on the same series (each series' own label, and the
 *   pair ordered by its T1 / T1c probabilities), and the combination the study level makes
 *   (core decideStudy's pair rule with the held-out w).
 */
import { enhancementDifference, ENHANCEMENT_FEATURES, type EnhancementSignature } from '../../extension/src/core/study/enhancement';
import { DEFAULT_STUDY_PARAMS, decideStudy } from '../../extension/src/core/study/decideStudy';
import type { StudyParams } from '../../extension/src/core/study/types';
import { factsOf, fmtPct, studyInputOf, type LabelledSeries } from './data';

export interface PairExample {
  subject: string;
  source: string;
  pre: LabelledSeries;
  post: LabelledSeries;
  /** post - pre feature difference, and slices matched. */
  d: number[];
  matched: number;
}

const LAMBDA = 1;

export function pairsOf(labelled: readonly LabelledSeries[]): PairExample[] {
  const bySubject = new Map<string, LabelledSeries[]>();
  for (const s of labelled) bySubject.set(s.row.subject, [...(bySubject.get(s.row.subject) ?? []), s]);
  const out: PairExample[] = [];
  for (const [subject, list] of [...bySubject].sort(([a], [b]) => a.localeCompare(b))) {
    const pre = list.filter((s) => s.truth === 'T1' && !/\.(png|jpe?g|tiff?)$/i.test(s.row.file));
    const post = list.filter((s) => s.truth === 'T1c' && !/\.(png|jpe?g|tiff?)$/i.test(s.row.file));
    if (pre.length !== 1 || post.length !== 1) continue;
    const sa = factsOf(pre[0].json)?.enhancement as EnhancementSignature | null;
    const sb = factsOf(post[0].json)?.enhancement as EnhancementSignature | null;
    const diff = sa && sb ? enhancementDifference(sa, sb) : null;
    if (!diff) continue;
    out.push({ subject, source: pre[0].source, pre: pre[0], post: post[0], d: diff.d, matched: diff.matched });
  }
  return out;
}

/**
 * Logistic regression without intercept on (d, 1) and (-d, 0), by projected gradient descent with
 * weights kept >= 0: every feature measures "more bright tissue inside the head", so more of it may
 * only make "post-contrast" more likely (with a dozen pairs, a free sign would fit the quirks of one
 * archive's 8-bit windowing instead).
 */
export function fitWeights(pairs: readonly PairExample[]): number[] {
  const k = ENHANCEMENT_FEATURES.length;
  const w = new Array<number>(k).fill(0);
  if (pairs.length === 0) return w;
  // Each feature is scaled to unit root-mean-square difference first, so that the penalty treats a
  // share (differences of a few hundredths) and a percentile ratio (tenths) alike.
  const scale = w.map((_, i) => Math.sqrt(pairs.reduce((s, p) => s + p.d[i] ** 2, 0) / pairs.length) || 1);
  const xs = pairs.map((p) => p.d.map((x, i) => x / scale[i]));
  for (let it = 0; it < 4000; it++) {
    const g = w.map((wi) => LAMBDA * wi);
    for (const x of xs) {
      const z = x.reduce((s, xi, i) => s + xi * w[i], 0);
      const q = 1 / (1 + Math.exp(-z));
      // both orders: y = 1 at x and y = 0 at -x give the same gradient, (q - 1) x
      for (let i = 0; i < k; i++) g[i] += ((q - 1) * x[i]) / xs.length;
    }
    for (let i = 0; i < k; i++) w[i] = Math.max(0, w[i] - 0.5 * g[i]);
  }
  return w.map((wi, i) => Math.round((wi / scale[i]) * 1000) / 1000);
}

export interface PairReport {
  weights: number[];
  pairs: PairExample[];
  markdown: string;
}

const top = (p: Record<string, number>) => Object.entries(p).reduce((a, b) => (b[1] > a[1] ? b : a))[0];

export function calibratePairs(labelled: readonly LabelledSeries[], params: StudyParams = DEFAULT_STUDY_PARAMS): PairReport {
  const pairs = pairsOf(labelled);
  const weights = fitWeights(pairs);
  const rows: string[] = [];
  let cmp = 0;
  let imgPair = 0;
  let imgSeries = 0;
  let imgSeriesN = 0;
  let combined = 0;
  for (const p of pairs) {
    const w = fitWeights(pairs.filter((x) => x.subject !== p.subject));
    const z = p.d.reduce((s, x, i) => s + x * w[i], 0);
    const okCmp = z > 0;
    const pa = p.pre.json.probabilities as Record<string, number> | null;
    const pb = p.post.json.probabilities as Record<string, number> | null;
    const okImgPair = !!pa && !!pb && pa.T1 * pb.T1c > pa.T1c * pb.T1;
    const series = [p.pre, p.post].filter((s) => s.json.probabilities);
    const okSeries = series.filter((s) => top(s.json.probabilities) === s.truth).length;
    const withW: StudyParams = { ...params, pairModel: { weights: w } };
    const decided = decideStudy(
      [p.pre, p.post].map((s) => studyInputOf(s.json, s.json.fused_probabilities ?? s.json.probabilities, s.json.status)),
      withW,
    );
    const okCombined = decided.series[0].label === 'T1' && decided.series[1].label === 'T1c';
    cmp += okCmp ? 1 : 0;
    imgPair += okImgPair ? 1 : 0;
    imgSeries += okSeries;
    imgSeriesN += series.length;
    combined += okCombined ? 1 : 0;
    const f = (x: number) => x.toFixed(3);
    rows.push(
      `| ${p.subject} | ${p.source.replace(/^github:/, '')} | ${p.matched} | ${p.d.map(f).join(' ')} | ${okCmp ? 'right' : 'WRONG'} | ${okImgPair ? 'right' : 'wrong'} (${okSeries}/${series.length}) | ${okCombined ? 'right' : 'wrong'} |`,
    );
  }
  const lines = [
    `Pairs: ${pairs.length} subjects with one T1 and one T1c series (features: ${ENHANCEMENT_FEATURES.join(', ')}; d = post - pre).`,
    '',
    '| subject | source | matched slices | d | comparison (w without this subject) | image model: pair order (series right) | study level (image + comparison) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    `| **all** | | | | ${fmtPct(cmp, pairs.length)} | ${fmtPct(imgPair, pairs.length)} (series ${fmtPct(imgSeries, imgSeriesN)}) | ${fmtPct(combined, pairs.length)} |`,
    '',
    `Weights fitted on all ${pairs.length} pairs (written to studyParams.json): [${weights.join(', ')}].`,
  ];
  return { weights, pairs, markdown: lines.join('\n') };
}
