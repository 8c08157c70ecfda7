/**
 * Turning vendor series names into tokens. Names mix cases, underscores and run-together words:
 * `t1_mpr_tra_gk`, `AX T1 POST GD FLAIR`, `sT2W/FLAIR`, `DwiSE`, `T1W_3D_TFE`, `AAHead_Scout`.
 *
 * - Split on every non-alphanumeric character and on camel-case boundaries ("DwiSE" -> dwi, se;
 *   "AAHead" -> aa, head; "eADC" -> e, adc), then lower-case.
 * - Weighting prefixes glued to a word are split off as well, keeping the original token too:
 *   "t2flair" -> t2flair, t2, flair; "t1ffe" -> t1ffe, t1, ffe; "3dt1" -> 3dt1, 3d, t1.
 * - A few two-word phrases become one token: "dark fluid" -> darkfluid, "3 plane" -> 3plane.
 * - Symbols carry meaning before they are stripped: "w/o" becomes "without"; "+C", "C+", "+Gd",
 *   "w/ contrast" are recorded as contrast marks; "T2*" as a T2-star mark (see `symbolMarks`).
 */

const PHRASES: ReadonlyArray<readonly [string, string, string]> = [
  ['dark', 'fluid', 'darkfluid'],
  ['3', 'plane', '3plane'],
  ['three', 'plane', '3plane'],
  ['tri', 'pilot', 'tripilot'],
  ['post', 'contrast', 'postcontrast'],
  ['pre', 'contrast', 'precontrast'],
  ['proton', 'density', 'protondensity'],
];

const GLUED_PREFIX = /^(t1|t2|pd)(w?)([a-z][a-z0-9]*)$/;
const GLUED_DIM = /^([23]d)([a-z][a-z0-9]*)$/;

function splitGlued(tok: string): string[] {
  const m = GLUED_PREFIX.exec(tok);
  if (m && m[3] !== 'w') return [tok, m[1] + m[2], m[3]];
  const d = GLUED_DIM.exec(tok);
  if (d) return [tok, d[1], ...splitGlued(d[2])];
  return [tok];
}

/** Replace symbol spellings that non-alphanumeric splitting would lose. */
function normaliseSymbols(text: string): string {
  return text.replace(/\bw\/o\b/gi, ' without ').replace(/\bw\/\s*/gi, ' with ');
}

/**
 * Tokens grouped by the word they came from: a glued word gives [whole, ...parts] ("t2flair" ->
 * [t2flair, t2, flair]); a phrase gives its own group ([darkfluid]). A reader that knows the whole
 * word ("t2s", "t1c", "pdfs") can ignore the parts.
 */
export function tokenGroups(text: string | undefined | null): string[][] {
  if (!text) return [];
  const spaced = normaliseSymbols(text)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const raw = spaced.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
  const out: string[][] = [];
  for (let i = 0; i < raw.length; i++) {
    out.push(splitGlued(raw[i]));
    for (const [a, b, joined] of PHRASES) {
      if (raw[i] === a && raw[i + 1] === b) out.push([joined]);
    }
  }
  return out;
}

/** Case-insensitive tokens of a series name; see the module comment for the rules. */
export function tokenize(text: string | undefined | null): string[] {
  return tokenGroups(text).flat();
}

export interface SymbolMarks {
  /** Contrast given, written with symbols: "+c", "c+", "+gd", "with contrast". */
  contrast: string[];
  /** "t2*" (T2-star gradient echo). */
  t2star: boolean;
}

/** Meaning carried by symbols, read from the raw text before tokenising. */
export function symbolMarks(text: string | undefined | null): SymbolMarks {
  const marks: SymbolMarks = { contrast: [], t2star: false };
  if (!text) return marks;
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(/\+\s*(c|gd|gad|gado|km|contrast)(?![a-z])/g)) marks.contrast.push(`+${m[1]}`);
  for (const m of lower.matchAll(/(?<![a-z0-9])(c|gd|km)\s*\+/g)) marks.contrast.push(`${m[1]}+`);
  for (const m of lower.matchAll(/\bw\/\s*(c|gd|gad|gado|contrast)(?![a-z])/g)) marks.contrast.push(`w/ ${m[1]}`);
  marks.t2star = /t2\s*\*/.test(lower);
  return marks;
}
