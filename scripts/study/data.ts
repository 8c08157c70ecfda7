/**
 * Inputs of the study calibration: a `mrseq classify --format json` document (schema_version >= 2)
 * over ../shared/data, joined with INVENTORY.tsv (the truth) and the training package's label
 * mapping (models/training/mrseq_train/labels.json: data label -> model label, out-of-domain sources).
 * Also turns the JSON back into the core's shapes, so that the scripts run the very functions the
 * command line and the viewer run.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EvidenceKind, KindVote, VoteStrength } from '../../extension/src/core/metadata/evidenceKinds';
import type { ImageProbabilities } from '../../extension/src/core/metadata/fuseFitted';
import type { MetadataGuess } from '../../extension/src/core/metadata/metadataSignal';
import type { SeriesFacts } from '../../extension/src/core/study/facts';
import type { StudySeriesInput } from '../../extension/src/core/study/types';

/* eslint-disable @typescript-eslint/no-explicit-any -- the JSON document is read as data */
export type SeriesJson = Record<string, any>;

export interface InventoryRow {
  file: string;
  dataLabel: string;
  /** The model label the truth maps to, or null when the row is not used. */
  truth: string | null;
  subject: string;
  source: string;
  format: string;
}

export interface LabelledSeries {
  json: SeriesJson;
  row: InventoryRow;
  truth: string;
  /** The held-out unit: the inventory's source. */
  source: string;
}

export interface CalibrationData {
  doc: Record<string, any>;
  labels: string[];
  dataDir: string;
  labelled: LabelledSeries[];
}

export function readInventory(dataDir: string, labelsJson: string): InventoryRow[] {
  const cfg = JSON.parse(readFileSync(labelsJson, 'utf8')) as { data_to_model: Record<string, string>; out_of_domain_sources?: string[] };
  const lines = readFileSync(path.join(dataDir, 'INVENTORY.tsv'), 'utf8').split('\n').filter((l) => l.trim());
  const head = lines[0].split('\t');
  const col = (name: string) => head.indexOf(name);
  return lines.slice(1).map((line) => {
    const f = line.split('\t');
    const source = f[col('source')] ?? '';
    const dataLabel = f[col('label')] ?? '';
    const ood = (cfg.out_of_domain_sources ?? []).some((s) => source.includes(s));
    return {
      file: f[col('file')],
      dataLabel,
      truth: ood ? 'OTHER' : (cfg.data_to_model[dataLabel] ?? null),
      subject: f[col('subject')] ?? '',
      source,
      format: f[col('format')] ?? '',
    };
  });
}

/** The inventory row of a series: its file, or the DICOM series folder holding its first file. */
export function rowOf(series: SeriesJson, rows: readonly InventoryRow[], dataDir: string): InventoryRow | null {
  const first = path.resolve(series.sources?.[0] ?? series.id);
  const rel = path.relative(path.resolve(dataDir), first).split(path.sep).join('/');
  return rows.find((r) => r.file === rel) ?? rows.find((r) => rel.startsWith(`${r.file}/`)) ?? null;
}

export function loadCalibrationData(jsonFile: string, dataDir: string, labelsJson: string): CalibrationData {
  const doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
  if (!(doc.schema_version >= 2)) throw new Error(`${jsonFile}: schema_version ${doc.schema_version}; re-run mrseq classify (needs 2 or later)`);
  const rows = readInventory(dataDir, labelsJson);
  const labelled: LabelledSeries[] = [];
  for (const json of doc.series as SeriesJson[]) {
    const row = rowOf(json, rows, dataDir);
    if (row?.truth) labelled.push({ json, row, truth: row.truth, source: row.source });
  }
  return { doc, labels: doc.mrseq.labels, dataDir, labelled };
}

/** The image model's decision as fusion v2 takes it; null when the series was not classified. */
export function imageOf(s: SeriesJson): ImageProbabilities | null {
  if (!s.image || !s.probabilities) return null;
  return { label: s.image.label, confidence: s.image.confidence, unknown: s.image.unknown, reason: s.image.reason ?? undefined, probabilities: s.probabilities };
}

export function votesOf(s: SeriesJson): KindVote[] {
  return (s.metadata?.evidence ?? []).map((v: any) => ({
    kind: v.kind as EvidenceKind,
    labels: v.labels,
    strength: v.strength as VoteStrength,
    cls: v.class,
    reason: v.reason,
  }));
}

export function metadataOf(s: SeriesJson): MetadataGuess | null {
  const m = s.metadata;
  if (!m) return null;
  return { label: m.label, detail: m.detail ?? undefined, strength: m.strength, reasons: m.reasons, conflicts: m.conflicts, contrast: m.contrast ?? undefined, evidence: votesOf(s) };
}

export function factsOf(s: SeriesJson): SeriesFacts | null {
  const f = s.facts;
  if (!f) return null;
  return {
    studyInstanceUID: f.study_instance_uid,
    seriesNumber: s.series_number,
    plane: f.plane,
    normal: f.normal,
    derived: f.derived,
    trace: f.trace,
    volumes: f.volumes,
    slices: f.slices,
    coverageMm: f.coverage_mm,
    time: f.time_s,
    date: f.date,
    sequenceKey: f.sequence_key,
    protocolName: f.protocol_name,
    studyText: f.study_text ?? [],
    enhancement: f.enhancement ? { slices: f.enhancement } : null,
  };
}

/** A series as decideStudy's input, with the probabilities given (after whichever fusion is scored). */
export function studyInputOf(s: SeriesJson, probabilities: Record<string, number> | null, status: string): StudySeriesInput {
  return {
    id: s.id,
    seriesNumber: s.series_number,
    description: s.series_description,
    status,
    probabilities,
    facts: factsOf(s),
    contrastTag: s.metadata?.contrast === 'tag',
  };
}

export function fmtPct(right: number, n: number): string {
  return n === 0 ? '-' : `${right}/${n} (${Math.round((100 * right) / n)}%)`;
}
