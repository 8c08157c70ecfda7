/**
 * Table rows for the studies opened in the viewer (studyBench.ts, realStudyBench.ts): the timeline
 * from navigation (first image, model ready, provisional 2x2, final layout) cold and warm, with the
 * targets of issue 11 beside them. Formatting only.
 */
import type { FolderStudyResult, Skipped } from './realStudyBench';
import { round } from './stats';
import type { StudyResult } from './studyBench';
import type { ViewerTiming } from './viewerTrace';

export type Row = [string, string, string?];

const s = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : `${round(x / 1000, 1)} s`);

/** "first image / model ready / provisional / final" in seconds since navigation. */
function timeline(t: ViewerTiming): string {
  return `${s(t.firstImageMs)} / ${s(t.modelReadyMs)} / ${s(t.provisionalMs)} / ${s(t.finalMs)}`;
}

function afterFirstImage(t: ViewerTiming, target: number): string {
  if (t.finalAfterFirstImageMs === null) return t.note ?? 'no final layout';
  const moves = t.slotMoves ? `; ${t.slotMoves} viewport${t.slotMoves > 1 ? 's' : ''} changed after shown` : '; no viewport changed once shown';
  return `final ${s(t.finalAfterFirstImageMs)} after first image (target <= ${target} s)${moves}`;
}

/** Rows for one study: cold timeline, warm timeline, where the time went. */
export function studyRows(name: string, r: { cold: ViewerTiming; warm: ViewerTiming }, target: number, correct?: number | null): Row[] {
  const { cold, warm } = r;
  const ratio = cold.finalMs && warm.finalMs ? round(warm.finalMs / cold.finalMs, 2) : NaN;
  return [
    [`${name}, cold: first image / model ready / provisional / final`, timeline(cold), afterFirstImage(cold, target) + (correct !== undefined && correct !== null ? `; ${correct}/4 viewports right` : '')],
    ['  warm (reload, same profile)', timeline(warm), `final = ${Number.isFinite(ratio) ? ratio : '-'} x cold (target <= 0.5)`],
    ['  arranged (last layout change) after first image, cold / warm', `${s(cold.arrangedAfterFirstImageMs)} / ${s(warm.arrangedAfterFirstImageMs)}`, 'the run then confirms it on the full sample'],
    ['  model load cold / warm (worker start to ready)', `${s(cold.modelLoadMs)} / ${s(warm.modelLoadMs)}`, `backend ${cold.backend ?? '-'}; the worker starts at navigation (mrseq-early.mjs)`],
    ['  pixel fetch / inference (sums over series, cold)', `${s(cold.pixelFetchMs)} / ${s(cold.inferenceMs)}`],
  ];
}

export function syntheticRows(r: StudyResult | { error: string } | null): Row[] {
  if (!r) return [];
  if ('error' in r) return [['10-series synthetic study in the viewer', '-', r.error]];
  return [
    ...studyRows(`10-series synthetic study (${r.images} images, Orthanc)`, r, 2.5),
    ['  page JS heap peak / Chromium RSS peak (cold)', `${round(r.cold.pageHeapPeakMB ?? NaN, 0)} MB / ${round(r.chromiumRssPeakMB ?? NaN, 0)} MB`],
  ];
}

export function folderRows(r: FolderStudyResult | Skipped | { error: string; name?: string } | null, target: number): Row[] {
  if (!r) return [];
  if ('skipped' in r) return [[r.name, '-', r.skipped]];
  if ('error' in r) return [[r.name ?? 'study in the viewer', '-', r.error]];
  return studyRows(`${r.name}: ${r.series} series, ${r.images} images`, r, target, r.correct);
}
