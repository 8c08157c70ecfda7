/**
 * What the study-level decision may know about a display set before any pixel is loaded: the
 * header's own probabilities (fusion v2's header-only scoring: posterior.ts with no image) and the
 * series facts the header gives (plane, derived, trace, images, coverage from the positions, time,
 * recipe, the study's words). Pure: OHIF's naturalized instance metadata in, core shapes out.
 */
import { DEFAULT_LABELS } from '../core/metadata/classes';
import type { MetadataGuess } from '../core/metadata/metadataSignal';
import { posterior } from '../core/metadata/posterior';
import { normalOfOrientation, planeOfNormal } from '../core/plane';
import { seriesFacts, type SeriesFacts } from '../core/study/facts';
import type { LoadedSeries } from '../core/types';
import { headerFromInstance } from '../services/seriesFromImages';
import type { DisplaySetLike } from '../services/types';

type Instance = Record<string, unknown>;

const numbers = (v: unknown): number[] | undefined => {
  const a = Array.isArray(v) ? v.map(Number) : typeof v === 'string' ? v.split('\\').map(Number) : undefined;
  return a && a.every(Number.isFinite) ? a : undefined;
};

/** The display set's instances with the series-level fields OHIF keeps on the display set. */
function firstInstance(ds: DisplaySetLike): Instance {
  return { Modality: ds.Modality, SeriesDescription: ds.SeriesDescription, SeriesNumber: ds.SeriesNumber, ...((ds.instances ?? [])[0] ?? {}) } as Instance;
}

/** Diffusion b-values of the display set's instances. */
export function bValuesOf(ds: DisplaySetLike): number[] {
  return (ds.instances ?? []).map((i) => Number(Array.isArray(i.DiffusionBValue) ? i.DiffusionBValue[0] : i.DiffusionBValue)).filter((b) => Number.isFinite(b));
}

/** Series facts from the header alone (no enhancement signature: that needs pixels). */
export function headerFacts(ds: DisplaySetLike): SeriesFacts {
  const first = firstInstance(ds);
  const header = headerFromInstance(first, bValuesOf(ds));
  const normal = normalOfOrientation(numbers(first.ImageOrientationPatient));
  const positions = normal
    ? (ds.instances ?? [])
        .map((i) => numbers((i as Instance).ImagePositionPatient))
        .filter((p): p is number[] => !!p && p.length >= 3)
        .map((p) => normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2])
    : [];
  const images = ds.numImageFrames ?? ds.instances?.length ?? 0;
  const series: LoadedSeries = {
    id: ds.displaySetInstanceUID,
    format: 'dicom',
    sources: [],
    studyInstanceUID: typeof first.StudyInstanceUID === 'string' ? first.StudyInstanceUID : undefined,
    seriesDescription: ds.SeriesDescription,
    seriesNumber: Number.isFinite(Number(ds.SeriesNumber)) ? Number(ds.SeriesNumber) : undefined,
    header,
    slicePlane: normal ? planeOfNormal(normal) : undefined,
    sliceNormal: normal,
    volumes: [],
    warnings: [],
  };
  const volume = { slices: positions.map((position) => ({ position })) } as unknown as Parameters<typeof seriesFacts>[1];
  return { ...seriesFacts(series, positions.length ? volume : undefined, null), volumes: 1, slices: images };
}

/**
 * The header's probabilities over the labels (its votes alone under a uniform prior), or null when
 * no vote applies.
 */
export function headerProbabilities(guess: MetadataGuess, labels: readonly string[]): Record<string, number> | null {
  const post = posterior(null, guess.evidence ?? [], labels.length ? labels : DEFAULT_LABELS);
  return post?.probabilities ?? null;
}
