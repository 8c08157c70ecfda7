/**
 * The series decision of fusion v2 (posterior.ts): which label, how sure, where it came from and a
 * sentence saying why. Used by classifySeries for the command line and the viewer alike.
 *
 * - No header (--no-metadata), a non-MR header or no vote: the image model's decision, unchanged.
 * - Otherwise the posterior decides: its top label, with its probability as the confidence; below
 *   `unknownThreshold` (the model's, from model.json) the series is unknown (source 'none').
 * - source: 'image' when the image's label is kept, 'metadata' when the header moved it to another
 *   class, 'image+metadata' when both say the same or when the header moved T1 <-> T1c only (the
 *   image gives the weighting, the header the contrast).
 * - agreement (image label vs the header's own guess): as in fusion v1; a T1 header silent on
 *   contrast agrees with an image T1c.
 */
import type { FusedDecision } from './fusion';
import type { MetadataGuess } from './metadataSignal';
import { DEFAULT_FUSION_FIT, posterior, topLabel, type FusionFit, type VoteFactor } from './posterior';

export interface ImageProbabilities {
  label: string;
  confidence: number;
  unknown: boolean;
  reason?: string;
  probabilities: Record<string, number>;
}

export interface FittedDecision extends FusedDecision {
  /** The posterior over the labels; null when the image decision was kept as it was. */
  probabilities: Record<string, number> | null;
}

export interface FittedOptions {
  fit?: FusionFit;
  unknownThreshold: number;
  unknownLabel?: string;
}

const same = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && a.toLowerCase() === b.toLowerCase();
const isT1Family = (l: string) => /^t1c?$/i.test(l);

function imageText(image: ImageProbabilities): string {
  const conf = image.confidence.toFixed(2);
  return image.unknown
    ? `image model is unsure (best guess ${image.label} ${conf}${image.reason ? `: ${image.reason}` : ''})`
    : `image model says ${image.label} (${conf})`;
}

function voteText(f: VoteFactor): string {
  return `${f.vote.kind} ${f.vote.labels.join('/')}${f.vote.cls && !f.vote.labels.includes(f.vote.cls) ? ` [${f.vote.cls}]` : ''} ${f.vote.strength} (right ${Math.round(f.reliability * 100)}%)`;
}

function agreementOf(image: ImageProbabilities, meta: MetadataGuess): FusedDecision['agreement'] {
  if (!meta.label || meta.strength === 'none') return 'no-metadata';
  if (image.unknown) return 'no-image';
  if (same(image.label, meta.label)) return 'agree';
  if (/^t1c$/i.test(image.label) && /^t1$/i.test(meta.label) && meta.contrast === undefined) return 'agree';
  return 'disagree';
}

export function fuseFitted(image: ImageProbabilities, meta: MetadataGuess | null, labels: readonly string[], opts: FittedOptions): FittedDecision {
  const unknownLabel = opts.unknownLabel ?? 'unknown';
  const img = imageText(image);
  const kept = (why: string, agreement: FusedDecision['agreement']): FittedDecision => ({
    label: image.unknown ? unknownLabel : image.label,
    source: image.unknown ? 'none' : 'image',
    agreement,
    confidence: image.unknown ? 0 : image.confidence,
    explanation: `${img}; ${why}`,
    probabilities: null,
  });
  if (!meta) return kept('header not used', 'no-metadata');
  const post = posterior(image.probabilities, meta.evidence ?? [], labels, opts.fit ?? DEFAULT_FUSION_FIT);
  if (!post) {
    const why = meta.reasons[0] ? `header says nothing useful (${meta.reasons[0]})` : 'header says nothing useful';
    return kept(why, meta.label && meta.strength !== 'none' ? agreementOf(image, meta) : 'no-metadata');
  }
  const top = topLabel(post.probabilities);
  const header = `header: ${post.factors.map(voteText).join(', ')}`;
  const agreement = agreementOf(image, meta);
  if (top.p < opts.unknownThreshold) {
    return {
      label: unknownLabel,
      source: 'none',
      agreement,
      confidence: 0,
      explanation: `${img}; ${header}: still unsure (best ${top.label} ${top.p.toFixed(2)} < ${opts.unknownThreshold.toFixed(2)})`,
      probabilities: post.probabilities,
    };
  }
  const moved = !same(top.label, image.label);
  const source: FusedDecision['source'] = !moved
    ? same(meta.label, top.label) || (isT1Family(top.label) && same(meta.label, 'T1'))
      ? 'image+metadata'
      : 'image'
    : isT1Family(top.label) && isT1Family(image.label)
      ? 'image+metadata'
      : 'metadata';
  const what = !moved
    ? image.unknown
      ? `the header settles it: ${top.label}`
      : source === 'image'
        ? `image model kept: ${top.label}`
        : `both say ${top.label}`
    : `the header outweighs the image: ${top.label}`;
  return {
    label: top.label,
    source,
    agreement,
    confidence: top.p,
    explanation: `${img}; ${header}: ${what} (${top.p.toFixed(2)})`,
    probabilities: post.probabilities,
  };
}
