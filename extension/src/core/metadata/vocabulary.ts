/**
 * Reading a series name (SeriesDescription, ProtocolName, and vendor sequence names such as
 * Philips "DwiSE" or "T1TFE"): which class its tokens point at, and what it says about contrast.
 * Vocabularies of Siemens, GE, Philips (and a few German/French site habits) are mixed on purpose:
 * names are typed by people and copied between sites.
 */
import { WEIGHTINGS, type Cls, type Evidence, type SourceKind, type Weight } from './classes';
import { symbolMarks, tokenGroups } from './tokens';

interface Entry {
  words: readonly string[];
  cls: Cls;
  weight: Weight;
  what: string;
  detail?: string;
  alsoFits?: readonly Cls[];
}

const TSE_FITS: readonly Cls[] = ['T1', 'PD', 'FLAIR'];
const GRE_FITS: readonly Cls[] = ['T2*', 'MRA', 'SWI', 'LOCALIZER', 'PERFUSION', 'BOLD'];

/** Order matters only for the wording of reasons; every matching entry counts. */
const VOCAB: readonly Entry[] = [
  { words: ['adc', 'dadc', 'adcmap'], cls: 'ADC', weight: 3, what: 'ADC map' },
  { words: ['eadc', 'expadc'], cls: 'ADC', weight: 3, what: 'exponential ADC map', detail: 'EADC' },
  { words: ['trace', 'tracew'], cls: 'DWI', weight: 2, what: 'diffusion trace' },
  { words: ['dwi', 'dw', 'dwis'], cls: 'DWI', weight: 2, what: 'diffusion-weighted' },
  { words: ['diff', 'diffusion', 'dti', 'dmri', 'resolve', 'dwise', 'hardi'], cls: 'DIFFUSION', weight: 2, what: 'diffusion' },
    { words: ['fa', 'colfa', 'fractional'], cls: 'FA', weight: 2, what: 'fractional anisotropy map' },
  {
    words: ['localizer', 'localiser', 'scout', 'survey', 'loc', '3plane', 'tripilot', 'pilot', 'aascout'],
    cls: 'LOCALIZER',
    weight: 2,
    what: 'localizer',
  },
  { words: ['calibration', 'cal', 'assetcal'], cls: 'CALIBRATION', weight: 2, what: 'calibration scan' },
  { words: ['tof', 'mra', 'angio', 'angiography', 'mrv', 'venogram', 'pcmra'], cls: 'MRA', weight: 2, what: 'angiography' },
  { words: ['swi', 'swan', 'swip', 'mnip', 'susceptibility'], cls: 'SWI', weight: 2, what: 'susceptibility-weighted' },
  { words: ['phase'], cls: 'PHASE', weight: 2, what: 'phase image' },
  {
    words: ['perf', 'perfusion', 'dsc', 'dce', 'asl', 'pcasl', 'pasl', 'pwi', 'cbf', 'cbv', 'rcbv', 'mtt', 'ttp'],
    cls: 'PERFUSION',
    weight: 2,
    what: 'perfusion',
  },
  { words: ['bold', 'fmri', 'resting'], cls: 'BOLD', weight: 2, what: 'BOLD fMRI' },
  { words: ['flair', 'fla', 't2f', 'tirm', 'darkfluid'], cls: 'FLAIR', weight: 2, what: 'FLAIR' },
  { words: ['t2star', 't2s', 'hemo', 'medic', 'merge'], cls: 'T2*', weight: 2, what: 'T2*-weighted gradient echo' },
  { words: ['mprage', 'mpr', 'tfl', 'mp2rage'], cls: 'T1', weight: 2, what: 'MPRAGE (T1)', detail: 'MPRAGE' },
  { words: ['spgr', 'fspgr', 'irspgr', 'bravo', 'efgre3d'], cls: 'T1', weight: 2, what: 'spoiled gradient echo (T1)', detail: 'SPGR' },
  { words: ['tfe', 'thrive'], cls: 'T1', weight: 2, what: 'turbo field echo (T1)', detail: 'TFE' },
  { words: ['vibe', 'lava'], cls: 'T1', weight: 2, what: '3D gradient echo (T1)', detail: 'VIBE' },
  { words: ['t1', 't1w', 't1wi', 't1c', 't1ce', 't1gd'], cls: 'T1', weight: 2, what: 'T1-weighted' },
  { words: ['flash', 'ffe', 'fl2d', 'fl3d', 'fgre', 'gre'], cls: 'T1', weight: 1, what: 'gradient echo (T1 unless stated)', alsoFits: GRE_FITS },
  { words: ['t2', 't2w', 't2wi'], cls: 'T2', weight: 2, what: 'T2-weighted' },
  { words: ['haste', 'ssfse', 'ssh'], cls: 'T2', weight: 2, what: 'single-shot turbo spin echo (T2)' },
  { words: ['stir'], cls: 'T2', weight: 1, what: 'STIR', detail: 'STIR', alsoFits: ['PD'] },
  {
    words: ['tse', 'fse', 'frfse', 'blade', 'propeller', 'multivane'],
    cls: 'T2',
    weight: 1,
    what: 'turbo spin echo (T2 unless stated)',
    alsoFits: TSE_FITS,
  },
  { words: ['space', 'spc', 'cube', 'vista'], cls: 'T2', weight: 1, what: '3D turbo spin echo (T2 or FLAIR)', alsoFits: TSE_FITS },
  { words: ['pd', 'pdw', 'pdwi', 'pdfs', 'protondensity'], cls: 'PD', weight: 2, what: 'proton density' },
];

const INDEX = new Map<string, Entry>();
for (const e of VOCAB) for (const w of e.words) INDEX.set(w, e);

/** Gradient-echo words: with an explicit "t2" they mean T2* (e.g. Siemens "t2_fl2d_tra_hemo"). */
const GRE_WORDS = new Set(['flash', 'ffe', 'fl2d', 'fl3d', 'fgre', 'gre', 'hemo', 'medic', 'merge']);

/** Contrast given. */
const CONTRAST_WORDS = new Set([
  'post', 'postcontrast', 'postgd', 'gd', 'gad', 'gado', 'gadolinium', 'contrast', 'kontrast', 'km', 'ce', 't1c', 't1ce',
  't1gd', 'enhanced', 'inj', 'injected',
]);
/** Contrast explicitly not given; "non"/"no"/"ohne"/"vor" only before a contrast word ("non contrast", "vor KM"). */
const NEGATION_WORDS = new Set(['pre', 'precontrast', 't1n', 'pregd', 'nativ', 'native', 'noncontrast', 'unenhanced', 'without', 'sans']);
const NEGATING_PREFIX = new Set(['non', 'no', 'ohne', 'vor', 'wo']);

export interface NameReading {
  evidence: Evidence[];
  /** Tokens saying contrast was given ('post', 'gd', '+c', ...). */
  contrast: string[];
  /** Tokens saying it was not ('pre', 'without', 'nativ', ...). */
  noContrast: string[];
}

function quoteList(words: readonly string[]): string {
  return words.map((w) => `"${w}"`).join(', ');
}

/**
 * Read one name field. `field` names it in reasons ("SeriesDescription"); `source` is the evidence
 * kind (names typed by people are 'description'; scanner sequence names are 'sequence').
 */
export function readName(field: string, text: string | undefined, source: SourceKind): NameReading {
  const groups = tokenGroups(text);
  const tokens = groups.flat();
  const marks = symbolMarks(text);
  const hits = new Map<Entry, string[]>();
  // A known whole word ("t2s", "t1c", "pdfs") is read as such, not as its glued parts.
  for (const t of groups.flatMap((g) => (INDEX.has(g[0]) ? [g[0]] : g))) {
    const e = INDEX.get(t);
    if (e && !(hits.get(e) ?? []).includes(t)) hits.set(e, [...(hits.get(e) ?? []), t]);
  }
  const bValueToken = tokens.find((t) => /^b(0|\d{2,5})(mean|avg)?$|^\d{2,5}b$/.test(t));
  const bValueZero = bValueToken !== undefined && /^b0(mean|avg)?$/.test(bValueToken);
  const has = (c: Cls) => [...hits.keys()].some((e) => e.cls === c && e.weight >= 2);
  const strongT1 = has('T1');
  const explicitT2 = [...hits.entries()].some(([e]) => e.cls === 'T2' && e.words.includes('t2'));
  const gre = tokens.some((t) => GRE_WORDS.has(t));

  const evidence: Evidence[] = [];
  const push = (cls: Cls, weight: Weight, words: readonly string[], what: string, extra: Partial<Evidence> = {}) => {
    const label = words.length > 1 ? 'tokens' : 'token';
    evidence.push({ cls, weight, source, reason: `${field} ${label} ${quoteList(words)}: ${what}`, ...extra });
  };
  if (bValueToken && bValueZero) push('B0', 2, [bValueToken], 'b=0 image');
  else if (bValueToken) push('DIFFUSION', 2, [bValueToken], 'b-value in the name');
  if (marks.t2star) push('T2*', 2, ['t2*'], 'T2*-weighted gradient echo');

  const specific = [...hits.keys()].some((e) => !WEIGHTINGS.has(e.cls)) || bValueToken !== undefined;
  for (const [e, words] of hits) {
    let { cls, detail, what } = e;
    // A localizer, diffusion, angiography ... name outranks weighting words in the same name.
    if (specific && WEIGHTINGS.has(cls)) continue;
    if (cls === 'FLAIR' && strongT1) continue; // "T1 FLAIR": reported as T1-FLAIR below
    if (cls === 'T1' && e.weight >= 2 && has('FLAIR') && e.words.includes('t1')) {
      detail = 'T1-FLAIR';
      what = 'T1-weighted FLAIR (T1)';
    }
    if (cls === 'T2' && (has('FLAIR') || (e.weight < 2 && (strongT1 || has('PD'))))) continue; // "T2 FLAIR" is FLAIR; "t1_tse" is T1
    if (cls === 'T1' && e.weight < 2 && (explicitT2 || has('T2*'))) continue;
    if (cls === 'T2' && e.words.includes('t2') && gre) {
      cls = 'T2*';
      what = 'T2-weighted gradient echo (T2*)';
    }
    push(cls, e.weight, words, what, { detail, alsoFits: e.alsoFits });
  }

  const contrast = [...marks.contrast];
  const noContrast: string[] = [];
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (NEGATION_WORDS.has(t)) noContrast.push(t);
    else if (CONTRAST_WORDS.has(t) && prev !== undefined && NEGATING_PREFIX.has(prev)) noContrast.push(`${prev} ${t}`);
    else if (CONTRAST_WORDS.has(t) && !(prev !== undefined && NEGATION_WORDS.has(prev))) contrast.push(t);
  });
  // "T1 C" / "T1_C" (the glued "T1C" and the symbols "+C", "C+" are already counted).
  if (contrast.length === 0 && tokens.some((t, i) => t === 'c' && tokens[i - 1] === 't1')) contrast.push('t1 c');
  return { evidence, contrast: [...new Set(contrast)], noContrast: [...new Set(noContrast)] };
}
