/**
 * The vocabulary of the header signal: the classes a header can point at (finer than the model's
 * labels), how a piece of evidence is recorded, and how a class maps onto a model label.
 */

/** What a header can say. Finer than the model labels: PD, B0, MRA, ... all become OTHER. */
export type Cls =
  | 'T1'
  | 'T2'
  | 'FLAIR'
  | 'PD'
  | 'T2*'
  | 'DWI'
  | 'ADC'
  | 'B0'
  | 'FA'
  /** Diffusion of unknown kind (a diffusion sequence, no b-values): resolves to DWI. */
  | 'DIFFUSION'
  | 'MRA'
  | 'SWI'
  | 'PHASE'
  | 'LOCALIZER'
  | 'CALIBRATION'
  | 'PERFUSION'
  | 'BOLD';

/** 3 = strong, 2 = moderate, 1 = weak. */
export type Weight = 1 | 2 | 3;

/** Independent kinds of evidence; within one kind only the strongest item counts. */
export type SourceKind = 'imageType' | 'bValues' | 'description' | 'sequence' | 'timing';

export interface Evidence {
  cls: Cls;
  weight: Weight;
  source: SourceKind;
  /** Human-readable, e.g. 'SeriesDescription token "t1": T1-weighted'. */
  reason: string;
  /** Finer subtype, e.g. 'MPRAGE', 'T1-FLAIR', 'EADC', 'STIR'. */
  detail?: string;
  /** Classes this evidence is consistent with although it names another (e.g. "TSE" fits T1, PD, FLAIR). */
  alsoFits?: readonly Cls[];
}

export type Strength = 'strong' | 'moderate' | 'weak' | 'none';

export const STRENGTHS: readonly Strength[] = ['none', 'weak', 'moderate', 'strong'];

export function strengthRank(s: Strength): number {
  return STRENGTHS.indexOf(s);
}

/** The model's vocabulary when the caller passes no labels. */
export const DEFAULT_LABELS: readonly string[] = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];

export const DIFFUSION_CLASSES: ReadonlySet<Cls> = new Set<Cls>(['DWI', 'ADC', 'B0', 'FA', 'DIFFUSION']);

/** Image weightings decided from TR/TE/TI; timing never argues with a non-weighting class (MRA, localizer...). */
export const WEIGHTINGS: ReadonlySet<Cls> = new Set<Cls>(['T1', 'T2', 'FLAIR', 'PD', 'T2*']);

/** Classes are grouped in families; the diffusion classes form one family. */
export function family(c: Cls): string {
  return DIFFUSION_CLASSES.has(c) ? 'diffusion' : c;
}

/** Tie-break between families with the same score: more specific first. */
export const FAMILY_PRECEDENCE: readonly string[] = [
  'diffusion',
  'LOCALIZER',
  'CALIBRATION',
  'MRA',
  'SWI',
  'PHASE',
  'PERFUSION',
  'BOLD',
  'FLAIR',
  'T1',
  'T2',
  'PD',
  'T2*',
];

/** Model label of each class (before checking that the model knows it). */
export const CLASS_LABEL: Record<Cls, string> = {
  T1: 'T1',
  T2: 'T2',
  FLAIR: 'FLAIR',
  DWI: 'DWI',
  DIFFUSION: 'DWI',
  ADC: 'ADC',
  PD: 'OTHER',
  'T2*': 'OTHER',
  B0: 'OTHER',
  FA: 'OTHER',
  MRA: 'OTHER',
  SWI: 'OTHER',
  PHASE: 'OTHER',
  LOCALIZER: 'OTHER',
  CALIBRATION: 'OTHER',
  PERFUSION: 'OTHER',
  BOLD: 'OTHER',
};

/** Words used in reasons, e.g. "points to PD (OTHER)". */
export function describeCls(c: Cls): string {
  if (c === 'DIFFUSION') return 'diffusion';
  const label = CLASS_LABEL[c];
  return label === c ? c : `${c} (${label})`;
}

/** Find `name` among the model labels, ignoring case. */
export function findLabel(labels: readonly string[], name: string): string | null {
  const lower = name.toLowerCase();
  return labels.find((l) => l.toLowerCase() === lower) ?? null;
}

/**
 * The model label for a class: the class itself when the model has it (a future model might learn
 * PD or SWI), else its usual label (OTHER for PD, B0, ...), else null.
 */
export function modelLabel(c: Cls | 'T1c', labels: readonly string[]): string | null {
  if (c === 'T1c') return findLabel(labels, 'T1c');
  return findLabel(labels, c) ?? findLabel(labels, CLASS_LABEL[c]);
}

/** Numbers in reasons: 2.98 -> "2.98", 12.34 -> "12.3", 450.2 -> "450". */
export function fmtMs(x: number): string {
  const a = Math.abs(x);
  return String(a >= 100 ? Math.round(x) : Number(x.toFixed(a >= 10 ? 1 : 2)));
}
