/**
 * Shared data shapes of the mrseq core. Pure TypeScript: no React, no OHIF, no DOM, no node built-ins,
 * so that the same code runs in node (tests, command line) and in a browser Web Worker.
 */

/** One 2D image in modality units (RescaleSlope/Intercept applied, MONOCHROME1 inverted). */
export interface SliceImage {
  /** Number of columns. */
  width: number;
  /** Number of rows. */
  height: number;
  /** Row-major pixel values, length width * height. */
  pixels: Float32Array;
  /** Physical spacing [row spacing, column spacing] in mm; absent when the source does not say. */
  pixelSpacing?: [number, number];
  /** Position along the slice normal in mm (used for ordering); absent when unknown. */
  position?: number;
  /** Where the slice came from, for reports: a file path, plus a frame number for multi-frame files. */
  source?: string;
  frame?: number;
}

/** A 3D stack of slices that share one contrast (one b-value / one time point of a 4D series). */
export interface Volume {
  /** Human-readable key, e.g. "b=1000" or "t=3"; "" for an ordinary 3D series. */
  key: string;
  /** Diffusion b-value of this volume when known. */
  bValue?: number;
  /** Ordered along the slice normal (InstanceNumber order as fallback). */
  slices: SliceImage[];
}

/** What the header says, normalised across vendors. Every field is optional: headers are often empty. */
export interface SeriesHeader {
  modality?: string;
  seriesDescription?: string;
  protocolName?: string;
  sequenceName?: string;
  scanningSequence?: string[];
  sequenceVariant?: string[];
  scanOptions?: string[];
  imageType?: string[];
  /** Milliseconds. */
  repetitionTime?: number;
  echoTime?: number;
  inversionTime?: number;
  flipAngle?: number;
  /** Diffusion b-values found in the series (standard and private tags), sorted ascending, unique. */
  bValues?: number[];
  contrastBolusAgent?: string;
  manufacturer?: string;
  mrAcquisitionType?: string;
  photometricInterpretation?: string;
  samplesPerPixel?: number;
  bodyPartExamined?: string;
  /** Study-level words (StudyDescription, RequestedProcedureDescription, PerformedProcedureStepDescription). */
  studyDescription?: string;
  requestedProcedureDescription?: string;
  performedProcedureStepDescription?: string;
  /** SeriesDate (YYYYMMDD), SeriesTime and AcquisitionTime (HHMMSS.frac), as written. */
  seriesDate?: string;
  seriesTime?: string;
  acquisitionTime?: string;
}

/** Orientation of the slices, from ImageOrientationPatient or the NIfTI/MGH axes. */
export type SlicePlane = 'axial' | 'coronal' | 'sagittal' | 'oblique';

export type SourceFormat = 'dicom' | 'nifti' | 'image';

/** A series as read from disk or from the viewer, before classification. */
export interface LoadedSeries {
  /** SeriesInstanceUID for DICOM, the file path for NIfTI and 2D images. */
  id: string;
  format: SourceFormat;
  /** Files the series was read from. */
  sources: string[];
  seriesInstanceUID?: string;
  studyInstanceUID?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  header: SeriesHeader;
  /** Plane of the slices when the reader knows it; absent for 2D images and headers without orientation. */
  slicePlane?: SlicePlane;
  /** Unit slice normal in patient coordinates (DICOM LPS) when known; used to match series of the same geometry. */
  sliceNormal?: [number, number, number];
  /** One entry for a 3D series, several for 4D (diffusion b-values, time points). */
  volumes: Volume[];
  /**
   * Set when the series must not be classified, with a reason a person can read, e.g.
   * "skipped: CT" or "unclassified: RGB image". Volumes may then be empty.
   */
  skip?: string;
  /** Non-fatal observations, e.g. "missing PixelSpacing: assumed 1 mm". */
  warnings: string[];
}

/** A file that could not be read at all. */
export interface ReadFailure {
  source: string;
  reason: string;
}

/** Minimal tensor shape the core needs from an ONNX runtime (onnxruntime-node and -web both fit). */
export interface TensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}
