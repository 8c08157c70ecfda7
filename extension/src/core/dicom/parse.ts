/**
 * One DICOM file → ParsedFile: header, image pixel module, per-frame metadata (classic, enhanced
 * multi-frame, Siemens mosaic) and the encoded bytes of each frame. Pixels are not decoded here.
 */
import dcmjs from 'dcmjs';
import type { ImageInfo } from './codecs';
import { type RawDataset, num, nums, privateNum, str, strs } from './dataset';
import { enhancedFrames, groupLookup, hasFunctionalGroups } from './enhanced';
import { splitFrames } from './frames';
import { bValueOf, buildHeader } from './header';
import type { FrameMeta, ParsedFile, Vec3 } from './model';
import { mosaicFrames } from './mosaic';
import { toPart10 } from './part10';
import type { Rescale } from './pixels';
import { PRIVATE, TAG } from './tags';
import { transferSyntaxInfo } from './transferSyntax';

/** A file given to the reader: `source` names it in reports (path or URL), `bytes` are its contents. */
export interface DicomInput {
  source: string;
  bytes: Uint8Array;
}

let routed = false;
/** Where dcmjs's log lines about the file being read go (its warnings); null between reads. */
let dcmjsSink: string[] | null = null;

/**
 * dcmjs logs every tolerated oddity through loglevel, straight to the console (e.g. "Invalid length
 * for fixed length tag, vr AS, length 4 != 2"). Its warnings and errors become warnings of the file
 * being read (and so of its series); nothing reaches the console. Validation chatter stays silent.
 */
function routeDcmjsLog(): void {
  if (routed) return;
  routed = true;
  try {
    const log = dcmjs.log;
    log.methodFactory = (method) => (...args: unknown[]) => {
      if (dcmjsSink && (method === 'warn' || method === 'error')) dcmjsSink.push(`dcmjs: ${args.map(String).join(' ')}`);
    };
    log.setLevel('warn');
    log.rebuild?.();
    log.getLogger('validation.dcmjs').setLevel('silent');
  } catch {
    // logging is cosmetic
  }
}

/** Run a dcmjs read with its log lines collected into `warnings` (each distinct line once). */
function collectingDcmjsLog<T>(warnings: string[], read: () => T): T {
  const lines: string[] = [];
  dcmjsSink = lines;
  try {
    return read();
  } finally {
    dcmjsSink = null;
    for (const l of lines) if (!warnings.includes(l)) warnings.push(l);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface ReadResult {
  meta: RawDataset;
  dict: RawDataset;
  /** Set when only a lenient read succeeded: what the strict read choked on. */
  damage?: string;
}

/**
 * Parse with dcmjs: strictly, else leniently (then `damage` says why). `untilTag` stops before that
 * tag (e.g. the pixel data, to read a header only).
 */
export function readDataset(bytes: Uint8Array, untilTag?: string): ReadResult {
  routeDcmjsLog();
  const part10 = toPart10(bytes);
  if (!part10) throw new Error('not a DICOM file (no DICM marker at byte 128)');
  const buffer =
    part10.byteOffset === 0 && part10.byteLength === part10.buffer.byteLength
      ? (part10.buffer as ArrayBuffer)
      : (part10.slice().buffer as ArrayBuffer);
  try {
    return dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: false, noCopy: true, untilTag });
  } catch (strictErr) {
    const reason = `cannot parse DICOM (damaged or truncated file): ${message(strictErr)}`;
    let lenient: ReadResult;
    try {
      lenient = dcmjs.data.DicomMessage.readFile(buffer, { ignoreErrors: true, noCopy: true, untilTag });
    } catch {
      throw new Error(reason);
    }
    if (Object.keys(lenient.dict).length === 0) throw new Error(reason);
    return { meta: lenient.meta, dict: lenient.dict, damage: reason };
  }
}

function imageInfo(ds: RawDataset): ImageInfo | undefined {
  const rows = num(ds, TAG.Rows);
  const columns = num(ds, TAG.Columns);
  if (!rows || !columns) return undefined;
  const floatBits = ds[TAG.FloatPixelData] ? 32 : ds[TAG.DoubleFloatPixelData] ? 64 : undefined;
  const bitsAllocated = num(ds, TAG.BitsAllocated) ?? floatBits ?? 16;
  return {
    rows,
    columns,
    bitsAllocated,
    bitsStored: num(ds, TAG.BitsStored) ?? bitsAllocated,
    pixelRepresentation: num(ds, TAG.PixelRepresentation) ?? 0,
    samplesPerPixel: num(ds, TAG.SamplesPerPixel) ?? 1,
    planarConfiguration: num(ds, TAG.PlanarConfiguration) ?? 0,
    photometric: (str(ds, TAG.PhotometricInterpretation) ?? 'MONOCHROME2').toUpperCase(),
    floatBits,
  };
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length >= 3 ? [v[0], v[1], v[2]] : undefined;
}

function classicFrames(ds: RawDataset, nFrames: number, rescale: Rescale, warnings: string[]): FrameMeta[] {
  const spacing = nums(ds, TAG.PixelSpacing);
  const base: Omit<FrameMeta, 'frame'> = {
    position: vec3(nums(ds, TAG.ImagePositionPatient)),
    orientation: nums(ds, TAG.ImageOrientationPatient),
    pixelSpacing: spacing && spacing.length >= 2 && spacing[0] > 0 && spacing[1] > 0 ? [spacing[0], spacing[1]] : undefined,
    rescale,
    bValue: bValueOf(ds),
    echoTime: num(ds, TAG.EchoTime),
    echoNumber: num(ds, TAG.EchoNumbers),
    temporalIndex: num(ds, TAG.TemporalPositionIdentifier),
    triggerTime: num(ds, TAG.TriggerTime),
    acquisitionNumber: num(ds, TAG.AcquisitionNumber),
    instanceNumber: num(ds, TAG.InstanceNumber),
    gradient: nums(ds, TAG.DiffusionGradientOrientation),
  };
  if (nFrames === 1) return [{ frame: 0, ...base }];
  warnings.push(`multi-frame file without per-frame geometry: its ${nFrames} frames are ordered by frame number`);
  const first = base.instanceNumber ?? 0;
  return Array.from({ length: nFrames }, (_, i) => ({ ...base, frame: i, position: undefined, instanceNumber: first * 100000 + i }));
}

/**
 * Parse one file's header and locate its frames. Throws an Error with a readable reason when the
 * bytes are not DICOM or cannot be parsed. Pixel-data problems (missing, truncated, unsplittable)
 * do not throw: they are returned in `pixelError` so that series skipped anyway (CT, RGB…) still report
 * their skip reason.
 */
export function parseHeader(input: DicomInput): ParsedFile & { pixelError?: string; damage?: string } {
  routeDcmjsLog();
  const warnings: string[] = [];
  const { meta, dict: ds, damage } = collectingDcmjsLog(warnings, () => readDataset(input.bytes));
  if (damage) warnings.push(`${damage}; read what was there`);
  const transferSyntax = transferSyntaxInfo(str(meta, TAG.TransferSyntaxUID));
  const image = imageInfo(ds);
  const nFrames = Math.max(1, Math.floor(num(ds, TAG.NumberOfFrames) ?? 1));
  const rescale: Rescale = { slope: num(ds, TAG.RescaleSlope) ?? 1, intercept: num(ds, TAG.RescaleIntercept) ?? 0 };
  if (rescale.slope === 0) rescale.slope = 1;
  const enhanced = hasFunctionalGroups(ds);

  // Locate the frames before any per-frame work: a NumberOfFrames (or a frame size) that the pixel
  // data cannot hold is refused here, without allocating or looping over the declared count.
  let frameBytes: Uint8Array[] = [];
  let pixelError: string | undefined;
  if (image) {
    try {
      frameBytes = splitFrames(ds, transferSyntax, image, nFrames);
    } catch (err) {
      pixelError = message(err);
    }
  }

  let frames: FrameMeta[] = [];
  if (image && !pixelError) {
    if (enhanced) {
      frames = enhancedFrames(ds, nFrames, rescale);
      const fileB = bValueOf(ds);
      const fileTe = num(ds, TAG.EchoTime);
      for (const f of frames) {
        if (f.bValue === undefined && fileB !== undefined) f.bValue = fileB;
        if (f.echoTime === undefined && fileTe !== undefined) f.echoTime = fileTe;
        f.acquisitionNumber ??= num(ds, TAG.AcquisitionNumber);
      }
    } else {
      frames = classicFrames(ds, nFrames, rescale, warnings);
    }
    const mosaicCount = privateNum(ds, PRIVATE.siemensMosaicCount);
    const isMosaic = (strs(ds, TAG.ImageType) ?? []).some((t) => t.toUpperCase() === 'MOSAIC');
    if (isMosaic && mosaicCount && mosaicCount > 1 && frames.length === 1) {
      const spacing = num(ds, TAG.SpacingBetweenSlices) ?? num(ds, TAG.SliceThickness);
      frames = mosaicFrames(frames[0], image, mosaicCount, spacing, warnings);
    }
  }

  return {
    source: input.source,
    transferSyntax,
    sopClassUID: str(ds, TAG.SOPClassUID) ?? str(meta, TAG.MediaStorageSOPClassUID),
    modality: str(ds, TAG.Modality)?.toUpperCase(),
    seriesInstanceUID: str(ds, TAG.SeriesInstanceUID),
    studyInstanceUID: str(ds, TAG.StudyInstanceUID),
    seriesNumber: num(ds, TAG.SeriesNumber),
    seriesDescription: str(ds, TAG.SeriesDescription),
    image,
    header: buildHeader(ds, enhanced ? groupLookup(ds, 0) : undefined),
    frames,
    frameBytes,
    warnings,
    pixelError,
    damage,
  };
}
