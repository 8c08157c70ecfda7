/**
 * What the study-level decision needs to know about one series besides its label probabilities:
 * plane, whether it is derived or reformatted, coverage, diffusion trace or 4D, acquisition time and
 * recipe, the study's own words, and the enhancement signature for T1 vs T1c comparison. Small,
 * plain data: it travels from the worker to the viewer and into `mrseq classify --format json`.
 */
import type { LoadedSeries, SeriesHeader, SlicePlane, Volume } from '../types';
import type { EnhancementSignature } from './enhancement';

export interface SeriesFacts {
  /** StudyInstanceUID when the series has one. */
  studyInstanceUID: string | null;
  seriesNumber: number | null;
  plane: SlicePlane | null;
  normal: [number, number, number] | null;
  /** Why the series counts as derived or reformatted (MPR, MIP, subtraction, ...); null for an original. */
  derived: string | null;
  /** A diffusion trace image (ImageType TRACEW/TRACE or "trace" in its name). */
  trace: boolean;
  volumes: number;
  /** Slices in the classified volume. */
  slices: number;
  /** Extent of the classified volume along its slice normal, in mm (null when positions are unknown). */
  coverageMm: number | null;
  /** Seconds since midnight (AcquisitionTime, else SeriesTime), and SeriesDate. */
  time: number | null;
  date: string | null;
  /** The acquisition recipe: sequence name, TR, TE, TI, flip angle (equal keys = the same sequence). */
  sequenceKey: string | null;
  protocolName: string | null;
  /** StudyDescription, RequestedProcedureDescription, PerformedProcedureStepDescription (the distinct ones). */
  studyText: string[];
  enhancement: EnhancementSignature | null;
}

/** ImageType values that make a series a reformat, projection or computed image (not a diffusion map). */
const DERIVED_TYPES = ['MPR', 'REFORMATTED', 'MIP', 'MINIP', 'MNIP', 'PROJECTION IMAGE', 'SUBTRACTION', 'CPR', 'MOCO'];
/** Diffusion maps are derived by nature and still the series a reader wants. */
const DIFFUSION_MAPS = ['ADC', 'EADC', 'TRACEW', 'TRACE', 'FA', 'COLFA', 'TENSOR_B0', 'DIFFUSION'];

export function derivedReason(h: SeriesHeader, description?: string): string | null {
  const types = (h.imageType ?? []).map((t) => t.trim().toUpperCase());
  const special = types.find((t) => DERIVED_TYPES.includes(t));
  if (special) return `ImageType ${special}`;
  if (/\b(reformat(ted)?|mpr collection|mip|minip)\b/i.test(description ?? '')) return `name "${description}"`;
  if (types[0] === 'DERIVED' && !types.some((t) => DIFFUSION_MAPS.includes(t))) return 'ImageType DERIVED';
  return null;
}

/** HHMMSS(.frac) -> seconds since midnight; null when unreadable. */
export function parseDicomTime(t: string | undefined): number | null {
  const m = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?/.exec((t ?? '').trim().replace(/:/g, ''));
  if (!m) return null;
  const s = Number(m[1]) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0);
  return Number.isFinite(s) && s < 86400 ? s : null;
}

function sequenceKey(h: SeriesHeader): string | null {
  const r = (x: number | undefined, step: number) => (x !== undefined && Number.isFinite(x) ? String(Math.round(x / step) * step) : '');
  const parts = [
    (h.sequenceName ?? '').trim().replace(/^\*+/, '').toLowerCase(),
    (h.scanningSequence ?? []).join('\\'),
    r(h.repetitionTime, 10),
    r(h.echoTime, 1),
    r(h.inversionTime, 10),
    r(h.flipAngle, 1),
  ];
  return parts.some((p) => p !== '') ? parts.join('|') : null;
}

function coverage(volume: Volume | undefined): number | null {
  const pos = (volume?.slices ?? []).map((s) => s.position).filter((p): p is number => p !== undefined && Number.isFinite(p));
  if (pos.length < 2) return null;
  return Math.round((Math.max(...pos) - Math.min(...pos)) * 10) / 10;
}

export function seriesFacts(series: LoadedSeries, volume: Volume | undefined, enhancement: EnhancementSignature | null): SeriesFacts {
  const h = series.header;
  const types = (h.imageType ?? []).map((t) => t.trim().toUpperCase());
  const studyText = [h.studyDescription, h.requestedProcedureDescription, h.performedProcedureStepDescription]
    .map((t) => t?.trim())
    .filter((t): t is string => !!t);
  return {
    studyInstanceUID: series.studyInstanceUID ?? null,
    seriesNumber: series.seriesNumber ?? null,
    plane: series.slicePlane ?? null,
    normal: series.sliceNormal ?? null,
    derived: derivedReason(h, series.seriesDescription),
    trace: types.includes('TRACEW') || types.includes('TRACE') || /trace/i.test(series.seriesDescription ?? ''),
    volumes: series.volumes.length,
    slices: volume?.slices.length ?? 0,
    coverageMm: coverage(volume),
    time: parseDicomTime(h.acquisitionTime) ?? parseDicomTime(h.seriesTime),
    date: h.seriesDate?.trim() || null,
    sequenceKey: sequenceKey(h),
    protocolName: h.protocolName?.trim() || null,
    studyText: [...new Set(studyText)],
    enhancement,
  };
}
