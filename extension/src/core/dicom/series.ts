/**
 * One series (files sharing a SeriesInstanceUID) → LoadedSeries: skip rules, per-file failures,
 * volume planning (group.ts) and pixel decoding.
 */
import type { LoadedSeries, ReadFailure, SliceImage, Volume } from '../types';
import { type Samples, decodePixelData } from './codecs';
import { type PlannedSlice, type SliceRef, planVolumes } from './group';
import { planeOfNormal } from '../plane';
import { sliceNormal } from './geometry';
import { mergeHeaders } from './header';
import type { ParsedFile } from './model';
import { accumulate, divide, toModality } from './pixels';
import { SOP } from './tags';
import { unsupportedMessage } from './transferSyntax';

export type ParsedInput = ParsedFile & { pixelError?: string; damage?: string };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Series-level reason not to classify, or undefined. */
function skipReason(files: ParsedInput[], maxPixels: number): string | undefined {
  const modality = files.map((f) => f.modality).find((m) => m);
  if (modality && modality !== 'MR') return `skipped: ${modality}`;
  const image = files[0].image!;
  const photometric = image.photometric;
  if (image.samplesPerPixel > 1 || photometric.startsWith('RGB') || photometric.startsWith('YBR')) return 'unclassified: RGB image';
  if (photometric === 'PALETTE COLOR') return 'unclassified: palette color image';
  const big = files.find((f) => f.image!.rows * f.image!.columns > maxPixels);
  if (big) {
    return `skipped: image too large (${big.image!.columns}x${big.image!.rows} pixels per frame, limit ${maxPixels})`;
  }
  return undefined;
}

/** Why a file cannot be decoded before trying (unsupported syntax, pixel data problems). */
function fileProblem(f: ParsedInput): string | undefined {
  if (f.pixelError) return f.damage && f.pixelError.startsWith('missing pixel data') ? f.damage : f.pixelError;
  const ts = f.transferSyntax;
  if (ts.kind === 'unsupported') return unsupportedMessage(ts);
  if (ts.kind === 'jpeg-baseline' && (f.image?.bitsStored ?? 8) > 8) {
    return `${unsupportedMessage(ts)}: ${f.image!.bitsStored}-bit JPEG needs a 12-bit decoder`;
  }
  return undefined;
}

/** A decoding error blamed on one file. */
class FileError extends Error {
  constructor(
    readonly file: ParsedFile,
    reason: string,
  ) {
    super(reason);
  }
}

class FrameDecoder {
  private lastKey?: string;
  private last?: Samples;
  async samples(ref: SliceRef): Promise<Samples> {
    const key = `${ref.fileOrder}:${ref.meta.frame}`;
    if (key !== this.lastKey || !this.last) {
      const bytes = ref.file.frameBytes[ref.meta.frame];
      if (!bytes) throw new Error(`frame ${ref.meta.frame + 1} has no pixel data`);
      this.last = await decodePixelData(ref.file.transferSyntax.uid, bytes, ref.file.image!);
      this.lastKey = key;
    }
    return this.last;
  }
}

async function decodeSlice(plan: PlannedSlice, decoder: FrameDecoder): Promise<SliceImage> {
  const first = plan.refs[0];
  let sum: Float32Array | undefined;
  for (const ref of plan.refs) {
    let samples: Samples;
    try {
      samples = await decoder.samples(ref);
    } catch (err) {
      throw new FileError(ref.file, message(err));
    }
    const values = toModality(samples, ref.file.image!, ref.meta.rescale, ref.meta.tile);
    if (!sum) sum = values;
    else accumulate(sum, values);
  }
  divide(sum!, plan.refs.length);
  const tile = first.meta.tile;
  const image = first.file.image!;
  const slice: SliceImage = {
    width: tile ? tile.tileColumns : image.columns,
    height: tile ? tile.tileRows : image.rows,
    pixels: sum!,
    source: first.file.source,
  };
  if (first.meta.pixelSpacing) slice.pixelSpacing = first.meta.pixelSpacing;
  if (plan.position !== undefined) slice.position = plan.position;
  if (tile) slice.frame = tile.index + 1;
  else if (first.file.frameBytes.length > 1) slice.frame = first.meta.frame + 1;
  return slice;
}

/**
 * Build one LoadedSeries. Files that cannot be used are added to `failures`; returns undefined when no
 * file of the series is usable (all of them are then in `failures`).
 */
export async function buildSeries(
  id: string,
  files: ParsedInput[],
  fileOrder: Map<ParsedInput, number>,
  maxPixels: number,
  failures: ReadFailure[],
): Promise<LoadedSeries | undefined> {
  const first = files[0];
  const warnings = unique(files.flatMap((f) => f.warnings));
  const frameB = files.flatMap((f) => f.frames.map((m) => m.bValue)).filter((b): b is number => b !== undefined);
  const series: LoadedSeries = {
    id,
    format: 'dicom',
    sources: files.map((f) => f.source),
    header: mergeHeaders(files.map((f) => f.header), frameB),
    volumes: [],
    warnings,
  };
  if (first.seriesInstanceUID) series.seriesInstanceUID = first.seriesInstanceUID;
  if (first.studyInstanceUID) series.studyInstanceUID = first.studyInstanceUID;
  if (first.seriesDescription) series.seriesDescription = first.seriesDescription;
  if (first.seriesNumber !== undefined) series.seriesNumber = first.seriesNumber;
  const normal = files.flatMap((f) => f.frames).map((m) => sliceNormal(m.orientation)).find((n) => n);
  if (normal) {
    series.sliceNormal = normal;
    series.slicePlane = planeOfNormal(normal);
  }
  if (!first.seriesInstanceUID) warnings.push('no SeriesInstanceUID: files grouped by study, series number and description');

  const skip = skipReason(files, maxPixels);
  if (skip) {
    series.skip = skip;
    return series;
  }
  if (!files.some((f) => f.modality) && !files.some((f) => f.sopClassUID?.startsWith(SOP.MRImage))) {
    warnings.push('no Modality: read as MR');
  }

  const usable: ParsedInput[] = [];
  for (const f of files) {
    const problem = fileProblem(f);
    if (problem) failures.push({ source: f.source, reason: problem });
    else usable.push(f);
  }
  if (usable.length === 0) return undefined;
  series.sources = usable.map((f) => f.source);

  const refs: SliceRef[] = usable.flatMap((f) => f.frames.map((meta) => ({ file: f, meta, fileOrder: fileOrder.get(f) ?? 0 })));
  const planned = planVolumes(refs, warnings);
  const decoder = new FrameDecoder();
  const failed = new Set<ParsedFile>();
  for (const pv of planned) {
    const volume: Volume = { key: pv.key, slices: [] };
    if (pv.bValue !== undefined) volume.bValue = pv.bValue;
    for (const ps of pv.slices) {
      // Retry without the failing file until the slice decodes or has no file left.
      for (;;) {
        const refsOk = ps.refs.filter((r) => !failed.has(r.file));
        if (refsOk.length === 0) break;
        try {
          volume.slices.push(await decodeSlice({ ...ps, refs: refsOk }, decoder));
          break;
        } catch (err) {
          const bad = err instanceof FileError ? err.file : refsOk[0].file;
          failed.add(bad);
          failures.push({ source: bad.source, reason: message(err) });
        }
      }
    }
    if (volume.slices.length) series.volumes.push(volume);
  }
  if (failed.size) {
    series.sources = series.sources.filter((s) => ![...failed].some((f) => f.source === s));
    warnings.push(`${failed.size} file(s) could not be decoded`);
  }
  if (series.volumes.length === 0) return undefined;
  series.warnings = unique(warnings);
  return series;
}
