/**
 * What the study's own words say about contrast. Read from StudyDescription,
 * RequestedProcedureDescription, PerformedProcedureStepDescription, and a ProtocolName shared by
 * most series of the study (an exam protocol such as "MR BRAIN W/WO", not a series' own "t1_nativ").
 *
 *   both: "w & w/o", "w/wo", "with and without", "pre and post", "+/-", "mit und ohne", "nativ + KM"
 *   none: "w/o", "without (contrast)", "non-contrast", "plain", "nativ", "ohne KM", "no contrast",
 *         "unenhanced", "sans injection"
 *   post: "+C", "C+", "w/ contrast", "with contrast", "post contrast", "mit KM", "Gd", "KM"
 * "both" is looked for first (it contains "w/o"), then "none", then "post". The first text that
 * says something decides; when two texts disagree the study is read as saying nothing.
 */

export type StudyContrast = 'none' | 'both' | 'post';

export interface StudyContext {
  contrast: StudyContrast | null;
  /** e.g. 'study description "MR Brain w/o Contrast": no contrast agent in this study'. */
  reason: string | null;
  /** Where it was said, e.g. 'study description "MR Brain w/o Contrast"'. */
  said: string | null;
}

const BOTH: readonly RegExp[] = [
  /\bw\s*(?:\/|&|and|\+)\s*w\s*\/?\s*o\b/,
  /\bw\s*\/\s*wo\b/,
  /\bwwo\b/,
  /\bw\s+(?:and\s+)?wo\b/,
  /\bwith\s*(?:and|&|\/|\+)\s*without\b/,
  /\bpre\s*(?:and|&|\/|\+|-)\s*post\b/,
  /\+\s*\/\s*-/,
  /\bmit\s+(?:und|\/)\s*ohne\b/,
  /\bnativ\s*(?:und|\+|&|\/)\s*(?:km|kontrast\w*|gd)\b/,
];
const NONE: readonly RegExp[] = [
  /\bw\s*\/\s*o\b/,
  /\bwo\s+(?:contrast|con|gad\w*|gd|iv)\b/,
  /\bwithout\b/,
  /\bnon[\s-]?(?:contrast|con|enhanced|gad\w*)\b/,
  /\bplain\b/,
  /\bnativ(?:e)?\b/,
  /\bohne\s+(?:km|kontrast\w*|gd)\b/,
  /\bno\s+(?:contrast|gad\w*|gd|km|iv)\b/,
  /\bunenhanced\b/,
  /\bsans\s+(?:injection|contraste|gado\w*)\b/,
  /\bsin\s+contraste\b/,
];
const POST: readonly RegExp[] = [
  /(?:^|[^a-z0-9])\+\s*(?:c|gd|km|contrast)\b/,
  /\bc\s*\+/,
  /\bw(?:ith)?\s*\/?\s*(?:contrast|con|gad\w*|gd|km|iv contrast)\b/,
  /\bpost[\s-]?(?:contrast|gad\w*|gd|km)\b/,
  /\bmit\s+(?:km|kontrast\w*|gd)\b/,
  /\bcontrast[\s-]enhanced\b/,
  /\b(?:gd|gad|gado|gadolinium|km)\b/,
];

const WORDS: Record<StudyContrast, string> = {
  both: 'pre- and post-contrast series expected',
  none: 'no contrast agent in this study',
  post: 'a post-contrast series expected',
};

/** What one text says, or null. */
export function readContrastPhrase(text: string): StudyContrast | null {
  const t = ` ${text.toLowerCase().replace(/_/g, ' ')} `;
  if (BOTH.some((re) => re.test(t))) return 'both';
  if (NONE.some((re) => re.test(t))) return 'none';
  if (POST.some((re) => re.test(t))) return 'post';
  return null;
}

export interface StudyText {
  field: string;
  text: string;
}

export function readStudyContext(texts: readonly StudyText[]): StudyContext {
  const said = texts.map((t) => ({ ...t, contrast: readContrastPhrase(t.text) })).filter((t) => t.contrast !== null);
  if (said.length === 0) return { contrast: null, reason: null, said: null };
  const kinds = new Set(said.map((t) => t.contrast));
  if (kinds.size > 1) {
    return { contrast: null, reason: `study texts disagree about contrast (${said.map((t) => `${t.field} "${t.text}"`).join(', ')})`, said: null };
  }
  const first = said[0];
  const contrast = first.contrast as StudyContrast;
  const where = `${first.field} "${first.text}"`;
  return { contrast, reason: `${where}: ${WORDS[contrast]}`, said: where };
}

/** The study texts of a study's series: their study-level words and a ProtocolName most of them share. */
export function studyTexts(series: ReadonlyArray<{ studyText: readonly string[]; protocolName: string | null }>): StudyText[] {
  const out = new Map<string, StudyText>();
  for (const s of series) for (const text of s.studyText) out.set(text, { field: 'study description', text });
  const counts = new Map<string, number>();
  for (const s of series) if (s.protocolName) counts.set(s.protocolName, (counts.get(s.protocolName) ?? 0) + 1);
  for (const [text, n] of counts) {
    if (series.length >= 3 && n > series.length / 2 && !out.has(text)) out.set(text, { field: 'ProtocolName shared by the study', text });
  }
  return [...out.values()];
}
