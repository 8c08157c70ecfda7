/**
 * The viewer's images -> the core's LoadedSeries. Pure: the cornerstone-specific reading is in
 * ohif/cornerstoneSeriesSource.ts, which hands over plain ViewerImages.
 */
import { normalOfOrientation, planeOfNormal } from '../core/plane';
import type { LoadedSeries, SeriesHeader, SliceImage, Volume } from '../core/types';
import type { DisplaySetLike, SampledSeries } from './types';

/** One image as the viewer holds it. */
export interface ViewerImage {
  imageIndex: number;
  width: number;
  height: number;
  pixels: ArrayLike<number>;
  /** True when the pixels already are modality values (cornerstone's pre-scaling). */
  preScaled?: boolean;
  slope?: number;
  intercept?: number;
  color?: boolean;
  /** MONOCHROME1: displayed inverted; the core wants it inverted back. */
  invert?: boolean;
  /** [row spacing, column spacing] in mm. */
  pixelSpacing?: [number, number];
  imagePositionPatient?: number[];
  /** ImageOrientationPatient: row cosines then column cosines. */
  imageOrientationPatient?: number[];
  bValue?: number;
  source?: string;
}

/** `count` indices spread evenly over 0..n-1 (all of them when n <= count), ends included. */
export function sampleImageIndices(n: number, count: number): number[] {
  if (n <= 0 || count <= 0) return [];
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count === 1) return [Math.floor(n / 2)];
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out].sort((a, b) => a - b);
}

/** `count` indices spread evenly over the middle half of 0..n-1 (where the anatomy is), for a first look. */
export function centralImageIndices(n: number, count: number): number[] {
  if (n <= count) return sampleImageIndices(n, count);
  const lo = Math.floor(n / 4);
  const hi = Math.max(lo, Math.ceil((3 * n) / 4) - 1);
  return sampleImageIndices(hi - lo + 1, count).map((i) => i + lo);
}

const arr = (v: unknown): string[] | undefined =>
  v === undefined || v === null || v === '' ? undefined : (Array.isArray(v) ? v : String(v).split('\\')).map((x) => String(x).trim()).filter(Boolean);
const num = (v: unknown): number | undefined => {
  const n = Array.isArray(v) ? Number(v[0]) : typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  const s = (Array.isArray(v) ? v.join('\\') : String(v)).trim();
  return s || undefined;
};

/** The header fields of OHIF's naturalized instance metadata, in the core's vocabulary. */
export function headerFromInstance(instance: Record<string, unknown> = {}, bValues: number[] = []): SeriesHeader {
  const header: SeriesHeader = {
    modality: text(instance.Modality),
    seriesDescription: text(instance.SeriesDescription),
    protocolName: text(instance.ProtocolName),
    sequenceName: text(instance.SequenceName),
    scanningSequence: arr(instance.ScanningSequence),
    sequenceVariant: arr(instance.SequenceVariant),
    scanOptions: arr(instance.ScanOptions),
    imageType: arr(instance.ImageType),
    repetitionTime: num(instance.RepetitionTime),
    echoTime: num(instance.EchoTime),
    inversionTime: num(instance.InversionTime),
    flipAngle: num(instance.FlipAngle),
    contrastBolusAgent: text(instance.ContrastBolusAgent),
    manufacturer: text(instance.Manufacturer),
    mrAcquisitionType: text(instance.MRAcquisitionType),
    photometricInterpretation: text(instance.PhotometricInterpretation),
    samplesPerPixel: num(instance.SamplesPerPixel),
    bodyPartExamined: text(instance.BodyPartExamined),
    studyDescription: text(instance.StudyDescription),
    requestedProcedureDescription: text(instance.RequestedProcedureDescription),
    performedProcedureStepDescription: text(instance.PerformedProcedureStepDescription),
    seriesDate: text(instance.SeriesDate),
    seriesTime: text(instance.SeriesTime),
    acquisitionTime: text(instance.AcquisitionTime),
  };
  const bs = [...new Set(bValues.filter((b) => Number.isFinite(b)))].sort((a, b) => a - b);
  if (bs.length) header.bValues = bs;
  for (const k of Object.keys(header) as Array<keyof SeriesHeader>) if (header[k] === undefined) delete header[k];
  return header;
}

/** Modality values of one image as a core SliceImage. */
export function toSliceImage(img: ViewerImage): SliceImage {
  const n = img.width * img.height;
  const pixels = new Float32Array(n);
  const slope = img.preScaled ? 1 : img.slope ?? 1;
  const intercept = img.preScaled ? 0 : img.intercept ?? 0;
  for (let i = 0; i < n; i++) pixels[i] = img.pixels[i] * slope + intercept;
  if (img.invert) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, pixels[i]);
      hi = Math.max(hi, pixels[i]);
    }
    for (let i = 0; i < n; i++) pixels[i] = lo + hi - pixels[i];
  }
  const normal = normalOfOrientation(img.imageOrientationPatient);
  const ipp = img.imagePositionPatient;
  const position = normal && ipp && ipp.length >= 3 ? normal[0] * ipp[0] + normal[1] * ipp[1] + normal[2] * ipp[2] : undefined;
  return { width: img.width, height: img.height, pixels, pixelSpacing: img.pixelSpacing, position, source: img.source };
}

/** Group the sampled images into volumes (one per b-value), each ordered along the slice normal. */
export function toSampledSeries(ds: DisplaySetLike, images: readonly ViewerImage[]): SampledSeries {
  const first = ds.instances?.[0] ?? {};
  const bValues = images.map((i) => i.bValue).filter((b): b is number => b !== undefined);
  const series: LoadedSeries = {
    id: ds.SeriesInstanceUID ?? ds.displaySetInstanceUID,
    format: 'dicom',
    sources: images.map((i) => i.source ?? `image ${i.imageIndex + 1}`),
    seriesInstanceUID: ds.SeriesInstanceUID,
    seriesDescription: ds.SeriesDescription,
    seriesNumber: num(ds.SeriesNumber),
    header: headerFromInstance({ Modality: ds.Modality, SeriesDescription: ds.SeriesDescription, ...first }, bValues),
    volumes: [],
    warnings: [],
  };
  const normal = images.map((i) => normalOfOrientation(i.imageOrientationPatient)).find((n) => n);
  if (normal) {
    series.sliceNormal = normal;
    series.slicePlane = planeOfNormal(normal);
  }
  const studyUid = text(first.StudyInstanceUID);
  if (studyUid) series.studyInstanceUID = studyUid;
  if (images.length === 0) return { series: { ...series, skip: 'unclassified: no images could be loaded' }, imageIndices: [] };
  if (images.some((i) => i.color)) return { series: { ...series, skip: 'unclassified: RGB image' }, imageIndices: [] };
  if (images.some((i) => !i.pixelSpacing)) series.warnings.push('missing PixelSpacing: assumed 1 mm');
  const groups = new Map<string, { bValue?: number; items: Array<{ slice: SliceImage; index: number }> }>();
  const multiB = new Set(bValues).size > 1;
  for (const img of images) {
    const key = multiB && img.bValue !== undefined ? `b=${img.bValue}` : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { bValue: multiB ? img.bValue : bValues.length ? img.bValue : undefined, items: [] }));
    g.items.push({ slice: toSliceImage(img), index: img.imageIndex });
  }
  const volumes: Volume[] = [];
  const imageIndices: number[][] = [];
  for (const [key, g] of [...groups.entries()].sort((a, b) => (a[1].bValue ?? 0) - (b[1].bValue ?? 0))) {
    const ordered = [...g.items].sort((a, b) =>
      a.slice.position !== undefined && b.slice.position !== undefined ? a.slice.position - b.slice.position : a.index - b.index,
    );
    volumes.push({ key, bValue: g.bValue, slices: ordered.map((o) => o.slice) });
    imageIndices.push(ordered.map((o) => o.index));
  }
  return { series: { ...series, volumes }, imageIndices };
}
