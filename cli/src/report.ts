/**
 * Reports of `mrseq classify`: the JSON document (a public, versioned interface: fields are added,
 * never renamed), a table for people and CSV for spreadsheets.
 */
import type { SeriesReport } from '@mrseq/extension/core/classifySeries';
import type { ReadFailure } from '@mrseq/extension/core/types';
import { factsToJson, studiesTable, studiesToJson, studyOfReport, type StudyReport } from './studies';

/** 2: adds `studies`, and per series `study`, `fused_probabilities`, `facts`, `metadata.contrast`, `metadata.evidence`. */
export const JSON_SCHEMA_VERSION = 2;

/** The flag on a series decided on its only slice (`mrseq classify` classifies those; see classifySeries' singleSlice). */
export const SINGLE_SLICE_WARNING = 'single-slice decision: the label rests on one slice, not on a series';

export interface RunInfo {
  toolVersion: string;
  modelName: string;
  modelSha256: string;
  preprocessing: string;
  labels: string[];
  metadata: boolean;
  slices: number | 'all';
  /** How the header was combined with the image model, and the fit it used. */
  fusion?: { method: 'fitted' | 'rules'; fittedForModel: string | null; headerExponent: number | null };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
/** Slices in all volumes of a series. */
const sliceCount = (s: SeriesReport['series']) => s.volumes.reduce((n, v) => n + v.slices.length, 0);
const roundMap = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]));

export function seriesToJson(r: SeriesReport) {
  const s = r.series;
  return {
    id: s.id,
    format: s.format,
    sources: s.sources,
    series_instance_uid: s.seriesInstanceUID ?? null,
    series_description: s.seriesDescription ?? null,
    series_number: s.seriesNumber ?? null,
    modality: s.header.modality ?? null,
    status: r.status,
    reason: r.reason ?? null,
    label: r.label,
    confidence: r.confidence === null ? null : round(r.confidence),
    probabilities: r.image ? roundMap(r.image.probabilities) : null,
    image: r.image && {
      label: r.image.label,
      confidence: round(r.image.confidence),
      unknown: r.image.unknown,
      reason: r.image.reason ?? null,
      slice_agreement: round(r.image.agreement),
      votes: r.image.votes,
    },
    metadata: r.metadata && {
      label: r.metadata.label,
      detail: r.metadata.detail ?? null,
      strength: r.metadata.strength,
      reasons: r.metadata.reasons,
      conflicts: r.metadata.conflicts,
      contrast: r.metadata.contrast ?? null,
      evidence: (r.metadata.evidence ?? []).map((v) => ({ kind: v.kind, labels: v.labels, strength: v.strength, class: v.cls, reason: v.reason })),
    },
    fused_probabilities: r.probabilities ? roundMap(r.probabilities) : null,
    facts: factsToJson(r.facts),
    agreement: r.fused?.agreement ?? (r.metadata ? 'no-image' : 'no-metadata'),
    decision_source: r.fused?.source ?? 'none',
    explanation: r.fused?.explanation ?? r.reason ?? null,
    num_slices: sliceCount(s),
    num_volumes: s.volumes.length,
    volume: r.volume && { index: r.volume.index, key: r.volume.key, b_value: r.volume.bValue ?? null, slices: r.volume.slices },
    slices: r.slices.map((sl) => ({
      index: sl.index,
      label: sl.label,
      probabilities: roundMap(sl.probabilities),
      source: sl.source ?? null,
      frame: sl.frame ?? null,
    })),
    warnings: r.singleSlice ? [...s.warnings, SINGLE_SLICE_WARNING] : s.warnings,
  };
}

export function summarise(reports: SeriesReport[], failures: ReadFailure[]) {
  const count = (st: string) => reports.filter((r) => r.status === st).length;
  return {
    series: reports.length,
    classified: count('classified'),
    unknown: count('unknown'),
    unclassified: count('unclassified'),
    skipped: count('skipped'),
    failures: failures.length,
  };
}

export function toJsonDocument(info: RunInfo, reports: SeriesReport[], failures: ReadFailure[], studies: StudyReport[] = []) {
  const studyOf = studyOfReport(studies, reports.length);
  return {
    schema_version: JSON_SCHEMA_VERSION,
    mrseq: {
      version: info.toolVersion,
      model: info.modelName,
      model_sha256: info.modelSha256,
      preprocessing: info.preprocessing,
      labels: info.labels,
      metadata_signal: info.metadata,
      slices_per_series: info.slices,
      fusion: info.fusion
        ? { method: info.fusion.method, fitted_for_model: info.fusion.fittedForModel, header_exponent: info.fusion.headerExponent }
        : null,
    },
    series: reports.map((r, i) => ({ ...seriesToJson(r), study: studyOf[i] })),
    studies: studiesToJson(studies, reports),
    failures: failures.map((f) => ({ source: f.source, reason: f.reason })),
    summary: summarise(reports, failures),
  };
}

/** The folder all paths share (ending in '/'), so the table can show shorter paths. */
export function commonFolder(paths: string[]): string {
  if (paths.length === 0) return '';
  let prefix = paths[0].slice(0, paths[0].lastIndexOf('/') + 1);
  for (const p of paths) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return prefix;
}

function shortSource(r: SeriesReport, base: string): string {
  const sources = r.series.sources.map((p) => p.slice(base.length));
  if (sources.length <= 1) return sources[0] ?? r.series.id;
  const folder = commonFolder(sources);
  return folder ? `${folder} (${sources.length} files)` : `${sources[0]} (+${sources.length - 1})`;
}

function resultText(r: SeriesReport): string {
  if (r.status === 'classified') return `${r.label} ${(r.confidence ?? 0).toFixed(2)}${r.singleSlice ? ' (single slice)' : ''}`;
  return r.reason ?? r.status;
}

function metaText(r: SeriesReport): string {
  if (!r.metadata) return '-';
  if (!r.metadata.label) return 'none';
  const mark = r.fused?.agreement === 'disagree' ? ' (!)' : '';
  return `${r.metadata.label}${r.metadata.detail ? `/${r.metadata.detail}` : ''} ${r.metadata.strength}${mark}`;
}

/** A fixed-width table; long cells are cut so that a row fits a terminal. */
export function toTable(reports: SeriesReport[], failures: ReadFailure[], studies: StudyReport[] = []): string {
  const base = commonFolder(reports.map((r) => r.series.sources[0] ?? r.series.id));
  const header = ['#', `source${base ? ` (in ${base})` : ''}`, 'description', 'slices', 'result', 'image model', 'header says'];
  const rows = reports.map((r, i) => [
    String(i + 1),
    shortSource(r, base),
    r.series.seriesDescription ?? '',
    String(sliceCount(r.series)),
    resultText(r),
    r.image ? `${r.image.label} ${r.image.confidence.toFixed(2)}${r.image.unknown ? ' ?' : ''}` : '-',
    metaText(r),
  ]);
  const limits = [4, 72, 28, 6, 52, 16, 24];
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, Math.max(0, n - 1))}…` : s);
  const all = [header, ...rows].map((row) => row.map((c, j) => cut(c, limits[j])));
  const widths = header.map((_, j) => Math.max(...all.map((row) => row[j].length)));
  const line = (row: string[]) => row.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  const out = [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
  const rowOf = new Map(reports.map((r, i) => [r.series.id, i + 1]));
  out.push(...studiesTable(studies, reports, (id) => rowOf.get(id) ?? 0));
  if (failures.length) {
    out.push('', `${failures.length} file(s) could not be read:`);
    for (const f of failures) out.push(`  ${f.source}: ${f.reason}`);
  }
  const s = summarise(reports, failures);
  out.push('', `${s.series} series: ${s.classified} classified, ${s.unknown} unknown, ${s.unclassified} unclassified, ${s.skipped} skipped; ${s.failures} unreadable file(s)`);
  return out.join('\n');
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(reports: SeriesReport[], labels: string[], studies: StudyReport[] = []): string {
  const header = ['source', 'series_instance_uid', 'series_description', 'num_slices', 'status', 'label', 'confidence', 'reason', 'image_label', 'metadata_label', 'agreement', ...labels.map((l) => `p_${l}`), 'study', 'study_label', 'slot'];
  const studyOf = studyOfReport(studies, reports.length);
  const decided = new Map(studies.flatMap((s) => s.decision.series.map((d) => [d.id, d] as const)));
  const lines = [header.join(',')];
  for (const [i, r] of reports.entries()) {
    const j = seriesToJson(r);
    const d = decided.get(r.series.id);
    lines.push(
      [j.sources[0] ?? j.id, j.series_instance_uid, j.series_description, j.num_slices, j.status, j.label, j.confidence, j.reason, j.image?.label, j.metadata?.label, j.agreement, ...labels.map((l) => j.probabilities?.[l]), studyOf[i], d?.label, d?.slot]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n');
}
