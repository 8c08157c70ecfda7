/** The fixture spec (see dicomFixtures.ts) and the values it implies: stored pixels, positions, expected output. */
import { TS, newUid } from './dicomWriter';

export interface MrSeriesSpec {
  /** Matrix (default 8 x 8) and slices per volume (default 4). */
  rows?: number;
  cols?: number;
  slices?: number;
  /** Volumes at the same positions (default: bValues.length, else 1). */
  volumes?: number;
  /** b-value of each volume (repeat a value for several diffusion directions). */
  bValues?: number[];
  /** Where b-values are written: DiffusionBValue (default), or a vendor private tag. */
  bValueTag?: 'standard' | 'siemens' | 'ge' | 'philips';
  /** Echo time of each volume (multi-echo series); default `echoTime` for all. */
  echoTimes?: number[];
  modality?: string;
  sopClassUID?: string;
  bitsAllocated?: 8 | 16 | 32;
  bitsStored?: number;
  pixelRepresentation?: 0 | 1;
  photometric?: string;
  samplesPerPixel?: number;
  rescale?: { slope: number; intercept: number };
  /** Write FloatPixelData (7FE0,0008) instead of PixelData; values are not rounded. */
  floatPixels?: boolean;
  /** ImageOrientationPatient (default axial [1,0,0,0,1,0]); null leaves it out. */
  orientation?: number[] | null;
  /** ImagePositionPatient per slice (default along the normal, `sliceSpacing` apart); null leaves it out. */
  positions?: number[][] | null;
  pixelSpacing?: [number, number] | null;
  sliceSpacing?: number;
  /** InstanceNumber per file (default 1, 2, …). */
  instanceNumbers?: number[];
  seriesDescription?: string;
  protocolName?: string;
  sequenceName?: string;
  scanningSequence?: string[];
  sequenceVariant?: string[];
  scanOptions?: string[];
  imageType?: string[];
  repetitionTime?: number;
  echoTime?: number;
  inversionTime?: number;
  flipAngle?: number;
  contrastBolusAgent?: string;
  manufacturer?: string;
  mrAcquisitionType?: string;
  bodyPartExamined?: string;
  /** One Enhanced MR multi-frame file (functional groups) instead of one file per slice. */
  enhanced?: boolean;
  /** Enhanced only: put PixelValueTransformation in each frame's group instead of the shared group. */
  rescalePerFrame?: boolean;
  /** One Siemens mosaic file per volume (ImageType MOSAIC, (0019,100A)). */
  mosaic?: boolean;
  transferSyntax?: string;
  /** Stored value at (volume, slice, row, col); must fit BitsStored (signed when PixelRepresentation 1). */
  pixelValue?: (volume: number, slice: number, row: number, col: number) => number;
  seriesInstanceUID?: string;
  studyInstanceUID?: string;
  seriesNumber?: number;
  omitPixelData?: boolean;
  /** Raw dcmjs elements added to (or replacing those of) every file, e.g. { '00180015': el('CS', 'HEAD') }. */
  extraTags?: Record<string, { vr: string; Value: unknown[] }>;
}

/** Spec with defaults filled in (what the file builders use). */
export type ResolvedSpec = Required<Pick<MrSeriesSpec, 'rows' | 'cols' | 'slices' | 'volumes' | 'bitsAllocated' | 'bitsStored' | 'pixelRepresentation' | 'photometric' | 'samplesPerPixel' | 'sliceSpacing' | 'transferSyntax' | 'seriesInstanceUID' | 'studyInstanceUID' | 'modality'>> &
  MrSeriesSpec;

export function resolveSpec(spec: MrSeriesSpec): ResolvedSpec {
  const bitsAllocated = spec.floatPixels ? 32 : (spec.bitsAllocated ?? 16);
  return {
    ...spec,
    rows: spec.rows ?? 8,
    cols: spec.cols ?? 8,
    slices: spec.slices ?? 4,
    volumes: spec.volumes ?? spec.bValues?.length ?? spec.echoTimes?.length ?? 1,
    bitsAllocated,
    bitsStored: spec.bitsStored ?? bitsAllocated,
    pixelRepresentation: spec.pixelRepresentation ?? 0,
    photometric: spec.photometric ?? 'MONOCHROME2',
    samplesPerPixel: spec.samplesPerPixel ?? 1,
    sliceSpacing: spec.sliceSpacing ?? 2,
    transferSyntax: spec.transferSyntax ?? TS.explicitLE,
    seriesInstanceUID: spec.seriesInstanceUID ?? newUid(),
    studyInstanceUID: spec.studyInstanceUID ?? '2.25.7799',
    modality: spec.modality ?? 'MR',
  };
}

/** Stored value written at (volume, slice, row, col). */
export function storedValue(spec: MrSeriesSpec, volume: number, slice: number, row: number, col: number): number {
  if (spec.pixelValue) return spec.pixelValue(volume, slice, row, col);
  const s = resolveSpec(spec);
  const max = s.bitsStored >= 16 ? 4000 : 2 ** s.bitsStored - 1;
  const v = (37 * volume + 11 * slice + 3 * row + 2 * col + 5) % (max + 1);
  return s.pixelRepresentation === 1 ? v - Math.floor(max / 2) : v;
}

/** Modality values the reader should return for one slice: rescale applied, MONOCHROME1 inverted. */
export function expectedSlice(spec: MrSeriesSpec, volume: number, slice: number): Float32Array {
  const s = resolveSpec(spec);
  const out = new Float32Array(s.rows * s.cols);
  const { slope, intercept } = spec.rescale ?? { slope: 1, intercept: 0 };
  for (let r = 0; r < s.rows; r++) {
    for (let c = 0; c < s.cols; c++) {
      let v = storedValue(spec, volume, slice, r, c);
      if (s.photometric === 'MONOCHROME1' && !spec.floatPixels) {
        v = s.pixelRepresentation === 1 ? -1 - v : 2 ** s.bitsStored - 1 - v;
      }
      out[r * s.cols + c] = v * slope + intercept;
    }
  }
  return out;
}

/** Unit slice normal of the spec's orientation. */
export function specNormal(spec: MrSeriesSpec): [number, number, number] {
  const o = spec.orientation ?? [1, 0, 0, 0, 1, 0];
  const n: [number, number, number] = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const len = Math.hypot(...n);
  return [n[0] / len, n[1] / len, n[2] / len];
}

/** ImagePositionPatient of a slice (null when the spec leaves positions out). */
export function slicePosition(spec: MrSeriesSpec, slice: number): number[] | null {
  if (spec.positions === null) return null;
  if (spec.positions) return spec.positions[slice];
  const n = specNormal(spec);
  const d = (spec.sliceSpacing ?? 2) * slice;
  return [-100 + n[0] * d, -120 + n[1] * d, -40 + n[2] * d];
}

/** ImagePositionPatient of a mosaic whose first tile is at `first` (inverse of the reader's tile shift). */
export function mosaicPosition(spec: ResolvedSpec, first: number[], mosaicRows: number, mosaicCols: number): number[] {
  const o = spec.orientation ?? [1, 0, 0, 0, 1, 0];
  const [rowSpacing, colSpacing] = spec.pixelSpacing ?? [1, 1];
  const dc = ((mosaicCols - spec.cols) / 2) * colSpacing;
  const dr = ((mosaicRows - spec.rows) / 2) * rowSpacing;
  return [0, 1, 2].map((k) => first[k] - o[k] * dc - o[3 + k] * dr);
}
