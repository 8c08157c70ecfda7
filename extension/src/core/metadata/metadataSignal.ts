/**
 * The header ("metadata") signal: what the DICOM header says about the sequence, as a separate,
 * explainable guess beside the image model's label. Vendor naming cannot be trusted, so the image
 * model stays primary; this guess is reported with its reasons, flagged when it disagrees, and
 * fused by the policy in fusion.ts (see FUSION.md).
 *
 * Evidence, most to least trusted: ImageType (ADC, TRACEW, TENSOR_B0, ...), diffusion b-values,
 * SeriesDescription / ProtocolName tokens, the scanner's sequence name, TR/TE/TI timing. How it is
 * weighed is described in resolve.ts; contrast (ContrastBolusAgent, "post gd", "KM", "+C", and the
 * negations "pre", "w/o", "nativ") is a modifier that turns a T1-weighted guess into T1c.
 */
import type { SeriesHeader } from '../types';
import {
  CLASS_LABEL,
  DEFAULT_LABELS,
  DIFFUSION_CLASSES,
  STRENGTHS,
  describeCls,
  modelLabel,
  strengthRank,
  type Cls,
  type Strength,
} from './classes';
import { bValueEvidence, imageTypeEvidence, sequenceEvidence, sequenceFlags } from './headerEvidence';
import { contrastVotes, kindVotes, type KindVote } from './evidenceKinds';
import { resolve } from './resolve';
import { timingEvidence } from './timing';
import { readName, type NameReading } from './vocabulary';

/** What the header says about a contrast agent: the tag is filled, a name says so, or a name says it was not given. */
export type ContrastState = 'tag' | 'description' | 'negated';

export interface MetadataGuess {
  /** One of the model labels, or null when the header says nothing useful. */
  label: string | null;
  /** Finer subtype, e.g. 'B0', 'PD', 'MRA', 'LOCALIZER', 'T1-FLAIR', 'MPRAGE'; for non-MR the modality. */
  detail?: string;
  strength: Strength;
  /** Human-readable, e.g. 'ImageType contains ADC: ADC map', 'b-values 0,1000: diffusion-weighted'. */
  reasons: string[];
  /** Evidence that pointed elsewhere. */
  conflicts: string[];
  /** What the header says about contrast; absent when it is silent. Used by the fusion policy. */
  contrast?: ContrastState;
  /** ContrastBolusAgent when filled with a real agent name. */
  contrastAgent?: string;
  /** The same evidence as one vote per kind, in model labels (evidenceKinds.ts): what fusion v2 weighs. */
  evidence?: KindVote[];
}

/** ContrastBolusAgent values that mean "no agent". */
const NO_AGENT = /^(none|no|n\/?a|nil|null|0|-+|keine?|ohne|nein|no contrast|unknown)$/i;

function quoted(words: readonly string[]): string {
  return `${words.length > 1 ? 'tokens' : 'token'} ${words.map((w) => `"${w}"`).join(', ')}`;
}

interface ContrastReading {
  state?: ContrastState;
  agent?: string;
  /** What the names alone say, and why. */
  named?: 'post' | 'pre';
  namedReason?: string;
  reasons: string[];
  conflicts: string[];
}

function readContrast(agentTag: string | undefined, desc: NameReading, prot: NameReading): ContrastReading {
  const trimmed = agentTag?.trim();
  const agent = trimmed && !NO_AGENT.test(trimmed) ? trimmed : undefined;
  const useDesc = desc.contrast.length > 0 || desc.noContrast.length > 0;
  const field = useDesc ? 'SeriesDescription' : 'ProtocolName';
  const { contrast: pos, noContrast: neg } = useDesc ? desc : prot;
  const out: ContrastReading = { agent, reasons: [], conflicts: [] };
  let named: ContrastState | undefined;
  if (pos.length > 0 && neg.length > 0) {
    out.conflicts.push(`${field} says both ${quoted(neg)} (no contrast) and ${quoted(pos)} (contrast)`);
  } else if (neg.length > 0) {
    named = 'negated';
    out.reasons.push(`${field} ${quoted(neg)}: no contrast agent`);
    out.named = 'pre';
  } else if (pos.length > 0) {
    named = 'description';
    out.reasons.push(`${field} ${quoted(pos)}: contrast given`);
    out.named = 'post';
  }
  out.namedReason = out.reasons[0];
  if (agent && named === 'negated') {
    out.state = 'negated';
    out.conflicts.push(`ContrastBolusAgent "${agent}" is filled although ${field} says no contrast`);
  } else if (agent) {
    out.state = 'tag';
    out.reasons.unshift(`ContrastBolusAgent "${agent}": contrast given`);
  } else {
    out.state = named;
  }
  return out;
}

function lower(s: Strength, steps: number): Strength {
  return STRENGTHS[Math.max(1, strengthRank(s) - steps)];
}

/** Guess the model label from the header alone, with reasons and conflicts. Never throws. */
export function metadataSignal(header: SeriesHeader, labels: readonly string[]): MetadataGuess {
  const vocab = labels.length > 0 ? labels : DEFAULT_LABELS;
  const modality = header.modality?.trim().toUpperCase();
  if (modality && modality !== 'MR') {
    return { label: null, detail: modality, strength: 'none', reasons: [`Modality ${modality}: not MR, no sequence guess`], conflicts: [] };
  }
  const flags = sequenceFlags(header);
  const desc = readName('SeriesDescription', header.seriesDescription, 'description');
  const sameName = header.protocolName?.trim().toLowerCase() === header.seriesDescription?.trim().toLowerCase();
  const prot = sameName ? readName('ProtocolName', '', 'description') : readName('ProtocolName', header.protocolName, 'description');
  // ProtocolName often repeats the description's words ("DWI_dir80_PA" for "DWI_dir80_PA_ADC"): say them once.
  const said = new Set(desc.evidence.map((e) => e.reason.replace(/^SeriesDescription/, '')));
  const protEvidence = prot.evidence.filter((e) => !said.has(e.reason.replace(/^ProtocolName/, '')));
  const base = [...imageTypeEvidence(header), ...desc.evidence, ...protEvidence, ...sequenceEvidence(header)];
  const diffusionElsewhere = flags.ep || base.some((e) => DIFFUSION_CLASSES.has(e.cls));
  const bValues = bValueEvidence(header, diffusionElsewhere);
  const timing = diffusionElsewhere || bValues.length > 0 ? [] : timingEvidence(header, flags);
  const resolution = resolve([...base, ...bValues, ...timing]);
  const contrast = readContrast(header.contrastBolusAgent, desc, prot);
  const evidence = [
    ...kindVotes([...base, ...bValues, ...timing], vocab),
    ...contrastVotes(contrast.agent, { state: contrast.named, reason: contrast.namedReason }, vocab),
  ];
  const notes = flags.ep ? ['echo-planar sequence: TR/TE not used for T1/T2 weighting'] : [];
  const common = { contrast: contrast.state, contrastAgent: contrast.agent, evidence };
  const contrastGiven = contrast.state === 'tag' || contrast.state === 'description';

  if (!resolution) {
    if (contrastGiven && !flags.ep) {
      return {
        label: modelLabel('T1c', vocab) ?? modelLabel('T1', vocab),
        strength: 'weak',
        reasons: [...contrast.reasons, 'weighting not stated: post-contrast series are usually T1-weighted'],
        conflicts: contrast.conflicts,
        ...common,
      };
    }
    const silent = 'header has no usable ImageType, b-values, series name, sequence name or timing';
    return { label: null, strength: 'none', reasons: [silent, ...contrast.reasons, ...notes], conflicts: contrast.conflicts, ...common };
  }

  const { cls, support, neutral, against } = resolution;
  let strength = resolution.strength;
  const reasons = [...support, ...neutral].map((e) => e.reason);
  const conflicts = against.map((e) => `${e.reason} (points to ${describeCls(e.cls)})`);
  conflicts.push(...contrast.conflicts);
  if (contrast.conflicts.length > 0) strength = lower(strength, 1);
  let target: Cls | 'T1c' = cls;
  if (cls === 'T1' && contrastGiven) {
    target = modelLabel('T1c', vocab) ? 'T1c' : 'T1';
    reasons.push(...contrast.reasons);
    if (target === 'T1') reasons.push('contrast given, but the model has no T1c label');
  } else if (cls === 'T1' && contrast.state === 'negated') {
    reasons.push(...contrast.reasons);
  } else if (contrastGiven) {
    reasons.push(...contrast.reasons, `contrast does not change a ${describeCls(cls)} label`);
  }
  reasons.push(...notes);

  const label = modelLabel(target, vocab);
  const detail = CLASS_LABEL[cls] === 'OTHER' ? cls : resolution.detail;
  if (!label) {
    reasons.push(`the model has no label for ${describeCls(cls)}`);
    return { label: null, detail, strength: 'none', reasons: [...new Set(reasons)], conflicts, ...common };
  }
  return {
    label,
    detail: detail && detail.toLowerCase() !== label.toLowerCase() ? detail : undefined,
    strength,
    reasons: [...new Set(reasons)],
    conflicts: [...new Set(conflicts)],
    ...common,
  };
}
