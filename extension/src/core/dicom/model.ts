/** Internal shapes of the DICOM reader: one parsed file and the metadata of each of its frames. */
import type { SeriesHeader } from '../types';
import type { ImageInfo } from './codecs';
import type { Rescale, Tile } from './pixels';
import type { TransferSyntaxInfo } from './transferSyntax';

export type Vec3 = [number, number, number];

/** What is known about one 2D frame (a slice of a classic file, a frame of an enhanced file, a mosaic tile). */
export interface FrameMeta {
  /** 0-based frame number inside its file. */
  frame: number;
  /** ImagePositionPatient of the frame's first pixel. */
  position?: Vec3;
  /** ImageOrientationPatient (row direction cosines, then column direction cosines). */
  orientation?: number[];
  /** [row spacing, column spacing] in mm. */
  pixelSpacing?: [number, number];
  rescale: Rescale;
  bValue?: number;
  echoTime?: number;
  echoNumber?: number;
  /** Time-point discriminators, most specific first (TemporalPositionIndex, TemporalPositionIdentifier…). */
  temporalIndex?: number;
  triggerTime?: number;
  acquisitionNumber?: number;
  instanceNumber?: number;
  /** Diffusion gradient direction when stated. */
  gradient?: number[];
  /** Set for the tiles of a Siemens mosaic. */
  tile?: Tile;
}

/** One DICOM file after header parsing: metadata plus the still-encoded bytes of each frame. */
export interface ParsedFile {
  source: string;
  transferSyntax: TransferSyntaxInfo;
  sopClassUID?: string;
  modality?: string;
  seriesInstanceUID?: string;
  studyInstanceUID?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  /** Image Pixel module; absent for non-image objects. */
  image?: ImageInfo;
  header: SeriesHeader;
  frames: FrameMeta[];
  /** Encoded (or native) bytes of each frame of the file, indexed by FrameMeta.frame. */
  frameBytes: Uint8Array[];
  warnings: string[];
}
