/**
 * Evidence written by the scanner rather than typed by people: ImageType values, diffusion
 * b-values and the sequence name (Siemens "*tfl3d1_16ns", "*ep_b1000t", "epse2d1_72"; Philips
 * "DwiSE", "T1TFE"; GE "efgre3d"), plus the acquisition family flags used by the timing rules.
 */
import type { SeriesHeader } from '../types';
import type { Cls, Evidence, Weight } from './classes';
import { readName } from './vocabulary';

/** ImageType value -> class. Diffusion-derived types are the most reliable evidence a header has. */
const IMAGE_TYPES: ReadonlyArray<readonly [string, Cls, Weight, string, string?]> = [
  ['ADC', 'ADC', 3, 'ADC map'],
  ['EADC', 'ADC', 3, 'exponential ADC map', 'EADC'],
  ['TRACEW', 'DWI', 3, 'diffusion trace'],
  ['TRACE', 'DWI', 3, 'diffusion trace'],
  ['TENSOR_B0', 'B0', 3, 'b=0 image of a tensor series'],
  ['FA', 'FA', 3, 'fractional anisotropy map'],
  ['COLFA', 'FA', 3, 'colour FA map'],
  ['DIFFUSION', 'DIFFUSION', 2, 'diffusion series'],
  ['LOCALIZER', 'LOCALIZER', 2, 'localizer'],
  ['SWI', 'SWI', 2, 'susceptibility-weighted'],
  ['MNIP', 'SWI', 2, 'minimum intensity projection (SWI)'],
  ['PHASE', 'PHASE', 2, 'phase image'],
  ['P', 'PHASE', 2, 'phase image'],
  ['PERFUSION', 'PERFUSION', 2, 'perfusion'],
  ['RCBV', 'PERFUSION', 2, 'perfusion map'],
  ['CBF', 'PERFUSION', 2, 'perfusion map'],
  ['CBV', 'PERFUSION', 2, 'perfusion map'],
  ['TTP', 'PERFUSION', 2, 'perfusion map'],
  ['MTT', 'PERFUSION', 2, 'perfusion map'],
  ['ASL', 'PERFUSION', 2, 'arterial spin labelling'],
];

export function imageTypeEvidence(h: SeriesHeader): Evidence[] {
  const values = (h.imageType ?? []).map((v) => v.trim().toUpperCase());
  const out: Evidence[] = [];
  for (const [value, cls, weight, what, detail] of IMAGE_TYPES) {
    // 'P' is only meaningful in the third slot (Siemens ORIGINAL\PRIMARY\P\...).
    const found = value === 'P' ? values[2] === 'P' : values.includes(value);
    if (found) out.push({ cls, weight, source: 'imageType', reason: `ImageType contains ${value}: ${what}`, detail });
  }
  return out;
}

/** b-values beyond this are vendor placeholders (GE private tags), not diffusion weightings. */
const MAX_PLAUSIBLE_B = 10000;

/**
 * b-values > 0: diffusion-weighted (a 4D series with b=0 and b>0 volumes is DWI: the reader routes
 * the highest b volume). Only b=0: a b0 image, but only when something else says diffusion, since
 * some vendors write b=0 on every series.
 */
export function bValueEvidence(h: SeriesHeader, diffusionElsewhere: boolean): Evidence[] {
  const b = (h.bValues ?? []).filter((v) => Number.isFinite(v) && v >= 0 && v <= MAX_PLAUSIBLE_B);
  if (b.length === 0) return [];
  const max = Math.max(...b);
  const list = `b-values ${b.join(',')}`;
  if (max >= 400) return [{ cls: 'DWI', weight: 3, source: 'bValues', reason: `${list}: diffusion-weighted` }];
  if (max > 0) return [{ cls: 'DWI', weight: 1, source: 'bValues', reason: `${list}: low-b diffusion (max b < 400)` }];
  if (!diffusionElsewhere) return [];
  return [{ cls: 'B0', weight: 3, source: 'bValues', reason: `${list}: b=0 only` }];
}

type SequencePattern = readonly [RegExp, Cls, Weight, string, (string | undefined)?, (readonly Cls[])?];

const SEQUENCE_PATTERNS: readonly SequencePattern[] = [
  [/^ep_b\d+t/, 'DWI', 2, 'diffusion trace'],
  [/^(ep_b|epse|ep2d_diff|re_b|ez_b)/, 'DIFFUSION', 2, 'diffusion EPI'],
  [/^epfid/, 'PERFUSION', 1, 'gradient-echo EPI (perfusion or BOLD)', undefined, ['BOLD']],
  [/^tfl/, 'T1', 2, 'turbo-FLASH (MPRAGE, T1)', 'MPRAGE'],
  [/^fl3d\d*r?_t\d/, 'MRA', 2, 'time-of-flight FLASH'],
  [/^swi/, 'SWI', 2, 'susceptibility-weighted'],
  [/^fl[23]d/, 'T1', 1, 'FLASH gradient echo (T1 unless TE is long)', undefined, ['T2*', 'MRA', 'SWI', 'LOCALIZER', 'PERFUSION']],
  [/^spcir/, 'FLAIR', 2, 'SPACE with inversion (dark fluid)'],
  [/^(spc|tse|h2d|h3d)/, 'T2', 1, 'turbo spin echo (T2 unless stated)', undefined, ['T1', 'PD', 'FLAIR']],
];

/** Siemens sequence-name prefixes; anything else (Philips "DwiSE", "T1TFE") is read like a name. */
export function sequenceEvidence(h: SeriesHeader): Evidence[] {
  const raw = h.sequenceName?.trim();
  if (!raw) return [];
  const name = raw.toLowerCase().replace(/^\*+/, '');
  for (const [re, cls, weight, what, detail, alsoFits] of SEQUENCE_PATTERNS) {
    if (re.test(name)) return [{ cls, weight, source: 'sequence', reason: `SequenceName "${raw}": ${what}`, detail, alsoFits }];
  }
  return readName('SequenceName', raw, 'sequence').evidence;
}

/** The acquisition family, from ScanningSequence, SequenceVariant, ScanOptions, ImageType and the sequence name. */
export interface SequenceFlags {
  /** Gradient echo. */
  gr: boolean;
  /** Inversion recovery (or magnetisation-prepared). */
  ir: boolean;
  /** Echo-planar: diffusion or perfusion/BOLD; TR/TE then say nothing about T1/T2 weighting. */
  ep: boolean;
}

export function sequenceFlags(h: SeriesHeader): SequenceFlags {
  const up = (xs: string[] | undefined) => (xs ?? []).map((x) => x.trim().toUpperCase());
  const scanning = up(h.scanningSequence);
  const variant = up(h.sequenceVariant);
  const options = up(h.scanOptions);
  const types = up(h.imageType);
  const seq = (h.sequenceName ?? '').trim().toLowerCase().replace(/^\*+/, '');
  return {
    gr: scanning.includes('GR') || types.some((t) => t === 'FFE' || t === 'M_FFE') || /^(t?fl|fgre|efgre|ffe|tfe|swi)/.test(seq),
    ir:
      scanning.includes('IR') ||
      variant.includes('MP') ||
      options.includes('IR') ||
      types.some((t) => t === 'IR' || t === 'M_IR') ||
      /^(tir|tfl|spcir)/.test(seq),
    ep: scanning.includes('EP') || /^(ep|re_b|ez_b)/.test(seq),
  };
}
