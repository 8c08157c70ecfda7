/**
 * The study level of `mrseq classify`: series grouped into studies (core/study/groupStudies.ts),
 * each decided together (core/study/decideStudy.ts), and how that is reported: the JSON `studies`
 * block (schema_version 2), per-series facts in the JSON, and a "Studies" section in the table.
 */
import type { SeriesReport } from '@mrseq/extension/core/classifySeries';
import { decideStudy, groupStudies, studyInput, SLOTS, type StudyDecision, type StudyGroup } from '@mrseq/extension/core/study';
import type { SeriesFacts } from '@mrseq/extension/core/study/facts';

export interface StudyReport {
  group: StudyGroup;
  decision: StudyDecision;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const roundMap = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]));

/** Group the reports into studies and decide each one. */
export function decideStudies(reports: readonly SeriesReport[]): StudyReport[] {
  const groups = groupStudies(reports.map((r) => r.series));
  return groups.map((group) => ({
    group,
    decision: decideStudy(
      group.members.map((i) => {
        const r = reports[i];
        return studyInput(r.series.id, { seriesNumber: r.series.seriesNumber, description: r.series.seriesDescription }, r);
      }),
    ),
  }));
}

/** The study id of each report (by index). */
export function studyOfReport(studies: readonly StudyReport[], count: number): Array<string | null> {
  const out = new Array<string | null>(count).fill(null);
  for (const s of studies) for (const i of s.group.members) out[i] = s.group.id;
  return out;
}

export function factsToJson(f: SeriesFacts | undefined) {
  if (!f) return null;
  return {
    study_instance_uid: f.studyInstanceUID,
    plane: f.plane,
    normal: f.normal,
    derived: f.derived,
    trace: f.trace,
    volumes: f.volumes,
    slices: f.slices,
    coverage_mm: f.coverageMm,
    time_s: f.time,
    date: f.date,
    sequence_key: f.sequenceKey,
    protocol_name: f.protocolName,
    study_text: f.studyText,
    enhancement: f.enhancement ? f.enhancement.slices.map((s) => ({ position: s.position, rel: s.rel, f: s.f })) : null,
  };
}

export function studiesToJson(studies: readonly StudyReport[], reports: readonly SeriesReport[]) {
  const numbers = new Map(reports.map((r) => [r.series.id, r.series.seriesNumber ?? null]));
  const number = (id: string | null) => (id === null ? null : (numbers.get(id) ?? null));
  return studies.map(({ group, decision }) => {
    return {
      id: group.id,
      grouped_by: group.groupedBy,
      study_instance_uid: group.studyInstanceUID,
      folder: group.folder,
      contrast_context: { contrast: decision.context.contrast, reason: decision.context.reason },
      preferred_plane: decision.preferredPlane,
      slots: Object.fromEntries(
        SLOTS.map(({ id }) => {
          const s = decision.slots[id];
          return [
            id,
            {
              series: s.seriesId,
              series_number: number(s.seriesId),
              label: s.label,
              probability: s.probability === null ? null : round(s.probability),
              reasons: s.reasons,
              message: s.message,
              candidate: s.candidate && { series: s.candidate.id, series_number: number(s.candidate.id), label: s.candidate.label, probability: round(s.candidate.probability) },
            },
          ];
        }),
      ),
      series: decision.series.map((s) => ({
        id: s.id,
        series_number: number(s.id),
        label: s.label,
        probability: s.probability === null ? null : round(s.probability),
        probabilities: s.probabilities && roundMap(s.probabilities),
        slot: s.slot,
        reasons: s.reasons,
      })),
    };
  });
}

/** "Studies" lines for the table: one line per slot of every study with two or more series. */
export function studiesTable(studies: readonly StudyReport[], reports: readonly SeriesReport[], rowOf: (id: string) => number): string[] {
  const multi = studies.filter((s) => s.group.members.length > 1);
  if (multi.length === 0) return [];
  const out = ['', `Studies (${multi.length} with two or more series; slot: series # in the table above)`];
  for (const { group, decision } of multi) {
    const what = group.groupedBy === 'StudyInstanceUID' ? `study ${group.id}` : group.groupedBy === 'folder' ? `folder ${group.id}` : group.id;
    const desc = reports[group.members[0]]?.facts?.studyText[0];
    out.push(`  ${what}${desc ? ` "${desc}"` : ''}${decision.context.reason ? ` (${decision.context.reason})` : ''}`);
    for (const { id } of SLOTS) {
      const s = decision.slots[id];
      const text = s.seriesId ? `row ${rowOf(s.seriesId)}: ${s.label} ${(s.probability ?? 0).toFixed(2)}` : (s.message ?? 'empty');
      out.push(`    ${id.padEnd(4)} ${text}`);
    }
  }
  return out;
}
