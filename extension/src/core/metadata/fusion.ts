/**
 * Fusion of the image model's decision with the header guess (policy documented in FUSION.md).
 *
 * The image model decides, except:
 *  (a) diffusion override: strong header evidence for a diffusion class (ADC, DWI, B0 by default:
 *      ImageType ADC/TRACEW/TENSOR_B0, b-values) replaces the image label; headers know b-values and
 *      derived maps better than pixels do.
 *  (b) contrast: when the image says T1, a filled ContrastBolusAgent makes it T1c; a post-contrast
 *      (or, with the image at T1c, a pre-contrast) name does too when the header guess is at least
 *      `contrastNameStrength`. A T1 header that is silent on contrast agrees with an image T1c.
 *  (c) no image label (absent or unknown): a header guess of at least `fallbackStrength` is used.
 * `agreement` is always reported. Confidence: agreement combines both as a noisy-OR of the image
 * confidence and the header's strength probability (`metaConfidence`); a kept image label is
 * discounted by a disagreeing header, an overriding header by a disagreeing image, both by
 * `disagreementPenalty`. Every threshold is in FusionPolicy so model.json can override it.
 */
import { strengthRank, type Strength } from './classes';
import type { MetadataGuess } from './metadataSignal';

export interface ImageDecision {
  label: string;
  confidence: number;
  unknown: boolean;
  reason?: string;
}

export interface FusedDecision {
  label: string;
  source: 'image' | 'metadata' | 'image+metadata' | 'none';
  agreement: 'agree' | 'disagree' | 'no-metadata' | 'no-image';
  confidence: number;
  explanation: string;
}

export interface FusionPolicy {
  /** Header labels or details (case-insensitive) whose strong evidence overrides the image model. */
  overrideClasses: readonly string[];
  /** Header strength needed for that override. */
  overrideStrength: Strength;
  /** A filled ContrastBolusAgent turns an image T1 into T1c. */
  contrastTagOverride: boolean;
  /** Header strength needed for a post-/pre-contrast name to decide T1 vs T1c; 'never' disables it. */
  contrastNameStrength: Strength | 'never';
  t1Label: string;
  t1cLabel: string;
  /** Header strength needed to label a series the image model could not. */
  fallbackStrength: Strength;
  /** Probability that a header guess of each strength is right, used to combine confidences. */
  metaConfidence: Record<Strength, number>;
  /** How much a disagreeing source lowers the confidence of the label that is kept (0..1). */
  disagreementPenalty: number;
  /** Label reported when neither source gives one (source 'none'). */
  unknownLabel: string;
}

export const DEFAULT_FUSION_POLICY: Readonly<FusionPolicy> = {
  overrideClasses: ['ADC', 'DWI', 'B0'],
  overrideStrength: 'strong',
  contrastTagOverride: true,
  contrastNameStrength: 'strong',
  t1Label: 'T1',
  t1cLabel: 'T1c',
  fallbackStrength: 'moderate',
  metaConfidence: { strong: 0.8, moderate: 0.5, weak: 0.25, none: 0 },
  disagreementPenalty: 0.5,
  unknownLabel: 'unknown',
};

/** What callers (model.json, options) may override; everything else keeps its default. */
export type FusionPolicyOverrides = Partial<Omit<FusionPolicy, 'metaConfidence'>> & {
  metaConfidence?: Partial<Record<Strength, number>>;
};

export function resolvePolicy(overrides?: FusionPolicyOverrides): FusionPolicy {
  const base = DEFAULT_FUSION_POLICY;
  const clean = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined));
  return { ...base, ...clean, metaConfidence: { ...base.metaConfidence, ...overrides?.metaConfidence } } as FusionPolicy;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  a != null && b != null && a.toLowerCase() === b.toLowerCase();
const atLeast = (s: Strength, min: Strength | 'never') => min !== 'never' && strengthRank(s) >= strengthRank(min);
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const noisyOr = (a: number, b: number) => clamp01(1 - (1 - clamp01(a)) * (1 - clamp01(b)));

function imageText(image: ImageDecision | null): string {
  if (!image) return 'no image model result';
  const conf = clamp01(image.confidence).toFixed(2);
  if (image.unknown) return `image model is unsure (best guess ${image.label} ${conf}${image.reason ? `: ${image.reason}` : ''})`;
  return `image model says ${image.label} (${conf})`;
}

function metaText(meta: MetadataGuess, lead?: (r: string) => boolean): string {
  const first = lead ? meta.reasons.filter(lead) : [];
  const reasons = [...first, ...meta.reasons.filter((r) => !first.includes(r))].slice(0, 2);
  const detail = meta.detail ? ` [${meta.detail}]` : '';
  return `header says ${meta.label}${detail}, ${meta.strength} (${reasons.join('; ')})`;
}

export function fuse(
  image: ImageDecision | null,
  meta: MetadataGuess | null,
  policy?: FusionPolicyOverrides,
): FusedDecision {
  const p = resolvePolicy(policy);
  const usable = meta !== null && meta.label !== null && meta.strength !== 'none';
  const known = image !== null && !image.unknown ? image : null;
  const img = imageText(image);

  if (!known) {
    if (usable && atLeast(meta.strength, p.fallbackStrength)) {
      const q = p.metaConfidence[meta.strength];
      const echoes = image !== null && same(image.label, meta.label);
      return {
        label: meta.label as string,
        source: 'metadata',
        agreement: 'no-image',
        confidence: clamp01(echoes ? noisyOr(q, image.confidence) : q),
        explanation:
          `${img}; ${metaText(meta)}: header label used because the image model ${image ? 'is unsure' : 'gave no result'}` +
          (echoes ? " (its best guess agrees)" : ''),
      };
    }
    const why = usable
      ? `${metaText(meta)}: too weak to decide alone (needs ${p.fallbackStrength})`
      : meta
        ? `header says nothing useful${meta.reasons[0] ? ` (${meta.reasons[0]})` : ''}`
        : 'header not used';
    return { label: p.unknownLabel, source: 'none', agreement: image !== null && meta === null ? 'no-metadata' : 'no-image', confidence: 0, explanation: `${img}; ${why}` };
  }

  const pi = clamp01(known.confidence);
  if (!usable) {
    const why = meta ? `header says nothing useful${meta.reasons[0] ? ` (${meta.reasons[0]})` : ''}` : 'header not used';
    return { label: known.label, source: 'image', agreement: 'no-metadata', confidence: pi, explanation: `${img}; ${why}` };
  }

  const q = p.metaConfidence[meta.strength];
  const metaLabel = meta.label as string;
  if (same(known.label, metaLabel)) {
    return { label: known.label, source: 'image+metadata', agreement: 'agree', confidence: noisyOr(pi, q), explanation: `${img}; ${metaText(meta)}: both agree` };
  }

  const overrideable = p.overrideClasses.some((c) => same(c, metaLabel) || same(c, meta.detail));
  if (overrideable && atLeast(meta.strength, p.overrideStrength)) {
    return {
      label: metaLabel,
      source: 'metadata',
      agreement: 'disagree',
      confidence: clamp01(q * (1 - p.disagreementPenalty * pi)),
      explanation: `${img}; ${metaText(meta)}: ${meta.strength} diffusion evidence in the header overrides the image model`,
    };
  }

  const imageT1 = same(known.label, p.t1Label);
  const imageT1c = same(known.label, p.t1cLabel);
  const contrastReason = (r: string) => r.startsWith('ContrastBolusAgent') || /contrast/.test(r);
  if (imageT1 && meta.contrast === 'tag' && p.contrastTagOverride) {
    return {
      label: p.t1cLabel,
      source: 'image+metadata',
      agreement: 'disagree',
      confidence: noisyOr(pi, p.metaConfidence.strong),
      explanation: `${img}; ${metaText(meta, contrastReason)}: contrast tag overrides ${p.t1Label} vs ${p.t1cLabel}`,
    };
  }
  const nameDecides = atLeast(meta.strength, p.contrastNameStrength);
  const nameSays =
    imageT1 && meta.contrast === 'description' && same(metaLabel, p.t1cLabel)
      ? p.t1cLabel
      : imageT1c && meta.contrast === 'negated' && same(metaLabel, p.t1Label)
        ? p.t1Label
        : null;
  if (nameSays && nameDecides) {
    return {
      label: nameSays,
      source: 'image+metadata',
      agreement: 'disagree',
      confidence: noisyOr(pi, q),
      explanation: `${img}; ${metaText(meta, contrastReason)}: ${meta.strength} ${nameSays === p.t1cLabel ? 'post' : 'pre'}-contrast header overrides ${p.t1Label} vs ${p.t1cLabel}`,
    };
  }
  if (imageT1c && same(metaLabel, p.t1Label) && meta.contrast === undefined) {
    return {
      label: known.label,
      source: 'image+metadata',
      agreement: 'agree',
      confidence: noisyOr(pi, q),
      explanation: `${img}; ${metaText(meta)}: header confirms T1 weighting and says nothing about contrast`,
    };
  }
  const rule = nameSays
    ? `a contrast name needs a ${p.contrastNameStrength} header guess`
    : 'headers override only with strong diffusion evidence or contrast';
  return {
    label: known.label,
    source: 'image',
    agreement: 'disagree',
    confidence: clamp01(pi * (1 - p.disagreementPenalty * q)),
    explanation: `${img}; ${metaText(meta)}: image model kept (${rule})`,
  };
}
