/**
 * Per-slice probabilities -> one decision per series.
 *
 * The series probability of each label is the mean of its calibrated slice probabilities (a soft
 * vote); the label with the highest mean wins. The series is "unknown", with the reason stated, when
 * that mean is below the model's calibrated `unknown_threshold`, or when fewer than
 * `min_slice_agreement` of the slices put the winner first (the evidence is split). Both numbers are
 * model settings from model.json, chosen on validation data.
 */
import type { DecisionSettings } from './labels';

export interface SeriesDecision {
  /** The winning label (also reported when unknown, as the best guess). */
  label: string;
  /** Mean calibrated probability of the winning label. */
  confidence: number;
  unknown: boolean;
  /** Why the series is unknown; undefined when it is not. */
  reason?: string;
  /** Mean probability per label. */
  probabilities: Record<string, number>;
  /** Slices whose top label is each label. */
  votes: Record<string, number>;
  /** Fraction of slices that put the winning label first. */
  agreement: number;
  slices: number;
}

function fmt(p: number): string {
  return p.toFixed(2);
}

export function decideSeries(
  sliceProbabilities: readonly ArrayLike<number>[],
  labels: readonly string[],
  settings: Pick<DecisionSettings, 'unknownThreshold' | 'minSliceAgreement'>,
): SeriesDecision {
  const n = sliceProbabilities.length;
  if (n === 0) throw new Error('decideSeries needs at least one slice');
  const mean = new Array<number>(labels.length).fill(0);
  const votes = new Array<number>(labels.length).fill(0);
  for (const p of sliceProbabilities) {
    let top = 0;
    for (let c = 0; c < labels.length; c++) {
      mean[c] += p[c] / n;
      if (p[c] > p[top]) top = c;
    }
    votes[top]++;
  }
  let best = 0;
  for (let c = 1; c < labels.length; c++) if (mean[c] > mean[best]) best = c;
  const agreement = votes[best] / n;
  const probabilities = Object.fromEntries(labels.map((l, c) => [l, mean[c]]));
  const voteMap = Object.fromEntries(labels.map((l, c) => [l, votes[c]]));
  const decision: SeriesDecision = {
    label: labels[best],
    confidence: mean[best],
    unknown: false,
    probabilities,
    votes: voteMap,
    agreement,
    slices: n,
  };
  if (mean[best] < settings.unknownThreshold) {
    const second = mean.map((p, c) => [p, c]).sort((a, b) => b[0] - a[0])[1];
    decision.unknown = true;
    decision.reason =
      `weak evidence: best ${labels[best]} ${fmt(mean[best])} < threshold ${fmt(settings.unknownThreshold)}` +
      (second ? `, next ${labels[second[1]]} ${fmt(second[0])}` : '');
  } else if (agreement < settings.minSliceAgreement) {
    const split = labels
      .map((l, c) => [l, votes[c]] as const)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([l, v]) => `${l} ${v}/${n}`)
      .join(', ');
    decision.unknown = true;
    decision.reason = `slices split: ${split} (need ${Math.round(settings.minSliceAgreement * 100)}% agreement)`;
  }
  return decision;
}
