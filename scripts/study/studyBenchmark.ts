/**
 * The study-level benchmark: every multi-series study of ../shared/data, before and after issue 10.
 * - Studies: DICOM series by StudyInstanceUID; NIfTI/MGZ by folder and inventory subject (a folder
 *   such as brainlesion/ holds several subjects). Only labelled series, 2D images (PNG/JPEG/TIFF)
 *   left out; a study needs two or more series.
 * - Slots are right when the hung series' truth fits the slot (T1, T1c, T2 — or FLAIR when the study
 *   has no T2 —, DWI) or when the slot is empty and the study has no such series. A series hung in a
 *   slot its truth does not fit is "wrongly hung" (the goal is none).
 * - Before: fusion v1 (rules) per series and the greedy layout as shipped before (label, then
 *   confidence, then series number; any classified series is hung).
 * - After: fusion v2 with the fit made without the study's source, then decideStudy with the pair
 *   weights fitted without the study's subject.
 */
import { fuseFitted } from '../../extension/src/core/metadata/fuseFitted';
import { fuse } from '../../extension/src/core/metadata/fusion';
import type { FusionFit } from '../../extension/src/core/metadata/posterior';
import { decideStudy } from '../../extension/src/core/study/decideStudy';
import { SLOTS, type SlotId } from '../../extension/src/core/study/slots';
import type { StudyParams } from '../../extension/src/core/study/types';
import { imageOf, metadataOf, studyInputOf, type LabelledSeries } from './data';

export interface BenchStudy {
  id: string;
  source: string;
  subject: string;
  series: LabelledSeries[];
}

export function benchStudies(labelled: readonly LabelledSeries[]): BenchStudy[] {
  const groups = new Map<string, BenchStudy>();
  for (const s of labelled) {
    if (s.json.format === 'image') continue;
    const uid = s.json.format === 'dicom' ? s.json.facts?.study_instance_uid : null;
    const folder = s.row.file.split('/').slice(0, -1).join('/');
    const id = uid ? `DICOM study ${uid.slice(-12)} (${folder.split('/')[0]})` : `${folder} / ${s.row.subject}`;
    const g = groups.get(id) ?? { id, source: s.source, subject: s.row.subject, series: [] };
    g.series.push(s);
    groups.set(id, g);
  }
  return [...groups.values()].filter((g) => g.series.length >= 2).sort((a, b) => a.id.localeCompare(b.id));
}

/** The greedy layout as shipped before issue 10 (hangingProtocols/planLayout.ts at that time). */
export function greedyLayout(series: ReadonlyArray<{ id: string; label: string | null; confidence: number; seriesNumber: number | null }>): Record<SlotId, string | null> {
  const out = {} as Record<SlotId, string | null>;
  const used = new Set<string>();
  for (const slot of SLOTS) {
    let best: (typeof series)[number] | null = null;
    let bestRank = Infinity;
    for (const c of series) {
      if (!c.label || used.has(c.id)) continue;
      const rank = (slot.labels as readonly string[]).indexOf(c.label);
      if (rank < 0) continue;
      if (rank < bestRank || (rank === bestRank && best && (c.confidence > best.confidence || (c.confidence === best.confidence && (c.seriesNumber ?? Infinity) < (best.seriesNumber ?? Infinity))))) {
        best = c;
        bestRank = rank;
      }
    }
    out[slot.id] = best?.id ?? null;
    if (best) used.add(best.id);
  }
  return out;
}

export interface SlotScore {
  right: number;
  wrong: number;
  /** Empty although the study holds a series for it. */
  missed: number;
  allRight: boolean;
  wrongly: string[];
}

export function scoreLayout(study: BenchStudy, layout: Record<SlotId, string | null>): SlotScore {
  const truths = new Set(study.series.map((s) => s.truth));
  const fits: Record<SlotId, string> = { T1: 'T1', T1c: 'T1c', T2: truths.has('T2') ? 'T2' : 'FLAIR', DW: 'DWI' };
  const out: SlotScore = { right: 0, wrong: 0, missed: 0, allRight: true, wrongly: [] };
  for (const slot of SLOTS) {
    const id = layout[slot.id];
    const want = fits[slot.id];
    if (id === null) {
      if (truths.has(want)) {
        out.missed++;
        out.allRight = false;
      } else out.right++;
      continue;
    }
    const s = study.series.find((x) => x.json.id === id)!;
    if (s.truth === want) out.right++;
    else {
      out.wrong++;
      out.allRight = false;
      out.wrongly.push(`${slot.id} <- ${s.row.file.split('/').pop()} (${s.truth})`);
    }
  }
  return out;
}

export function before(study: BenchStudy): Record<SlotId, string | null> {
  return greedyLayout(
    study.series.map((s) => {
      const img = imageOf(s.json);
      const f = img ? fuse(img, metadataOf(s.json)) : null;
      const label = f && f.source !== 'none' ? f.label : null;
      return { id: s.json.id, label, confidence: f?.confidence ?? 0, seriesNumber: s.json.series_number ?? null };
    }),
  );
}

export function after(study: BenchStudy, fit: FusionFit, params: StudyParams, labels: string[], unknownThreshold: number): Record<SlotId, string | null> {
  const inputs = study.series.map((s) => {
    const img = imageOf(s.json);
    if (!img) return studyInputOf(s.json, null, s.json.status);
    const f = fuseFitted(img, metadataOf(s.json), labels, { fit, unknownThreshold });
    return studyInputOf(s.json, f.probabilities ?? img.probabilities, f.source === 'none' ? 'unknown' : 'classified');
  });
  const d = decideStudy(inputs, params);
  return Object.fromEntries(SLOTS.map((s) => [s.id, d.slots[s.id].seriesId])) as Record<SlotId, string | null>;
}

export interface BenchTotals {
  studies: number;
  allRight: number;
  wrong: number;
  missed: number;
}

export function benchmarkMarkdown(
  studies: readonly BenchStudy[],
  layouts: { before: (s: BenchStudy) => Record<SlotId, string | null>; after: (s: BenchStudy) => Record<SlotId, string | null> },
): { markdown: string; before: BenchTotals; after: BenchTotals } {
  const rows: string[] = [];
  const tb: BenchTotals = { studies: studies.length, allRight: 0, wrong: 0, missed: 0 };
  const ta: BenchTotals = { studies: studies.length, allRight: 0, wrong: 0, missed: 0 };
  for (const st of studies) {
    const b = scoreLayout(st, layouts.before(st));
    const a = scoreLayout(st, layouts.after(st));
    for (const [t, s] of [
      [tb, b],
      [ta, a],
    ] as const) {
      t.allRight += s.allRight ? 1 : 0;
      t.wrong += s.wrong;
      t.missed += s.missed;
    }
    const cell = (s: SlotScore) => `${s.allRight ? 'all right' : `${s.wrong} wrong, ${s.missed} missed`}${s.wrongly.length ? ` (${s.wrongly.join('; ')})` : ''}`;
    rows.push(`| ${st.id} | ${st.series.map((s) => s.truth).sort().join(' ')} | ${cell(b)} | ${cell(a)} |`);
  }
  const pct = (t: BenchTotals) => `${t.allRight}/${t.studies} (${Math.round((100 * t.allRight) / Math.max(1, t.studies))}%)`;
  const markdown = [
    '| study | series (truth) | before | after |',
    '|---|---|---|---|',
    ...rows,
    '',
    '| | before (fusion v1, greedy layout) | after (fusion v2, study level) |',
    '|---|---|---|',
    `| studies with all four slots right or rightly empty | ${pct(tb)} | ${pct(ta)} |`,
    `| wrongly hung series (goal 0) | ${tb.wrong} | ${ta.wrong} |`,
    `| slots left empty although the study has the series | ${tb.missed} | ${ta.missed} |`,
  ].join('\n');
  return { markdown, before: tb, after: ta };
}
