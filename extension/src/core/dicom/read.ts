/**
 * readDicom: DICOM files → series ready for classification, plus the files that could not be read.
 * Never throws for bad input: every problem becomes a ReadFailure, a series `skip` reason or a warning.
 */
import type { LoadedSeries, ReadFailure } from '../types';
import { type DicomInput, parseHeader } from './parse';
import { type ParsedInput, buildSeries } from './series';
import { seriesKeyOf } from './seriesIndex';
import { NON_IMAGE_SOP, SOP } from './tags';

export interface ReadDicomOptions {
  /** Largest frame (rows × columns) decoded; bigger series are skipped. Default 4096 × 4096. */
  maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 4096 * 4096;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function notImageReason(f: ParsedInput): string {
  if (f.damage) return f.damage;
  const sop = f.sopClassUID;
  if (sop && NON_IMAGE_SOP[sop]) return `not an image: ${NON_IMAGE_SOP[sop]}`;
  if (f.modality === 'MR' || sop?.startsWith(SOP.MRImage)) return 'missing pixel data (no Rows/Columns: truncated file?)';
  return `not an image (SOP class ${sop ?? 'unknown'}${f.modality ? `, modality ${f.modality}` : ''})`;
}

/**
 * Read DICOM files into series. Files are grouped by SeriesInstanceUID; series come back in the order
 * their first file was given.
 */
export async function readDicom(
  inputs: DicomInput[],
  opts: ReadDicomOptions = {},
): Promise<{ series: LoadedSeries[]; failures: ReadFailure[] }> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const failures: ReadFailure[] = [];
  const groups = new Map<string, ParsedInput[]>();
  const order = new Map<ParsedInput, number>();
  inputs.forEach((input, i) => {
    let parsed: ParsedInput;
    try {
      parsed = parseHeader(input);
    } catch (err) {
      failures.push({ source: input.source, reason: message(err) });
      return;
    }
    if (!parsed.image) {
      failures.push({ source: input.source, reason: notImageReason(parsed) });
      return;
    }
    order.set(parsed, i);
    const key = seriesKeyOf(parsed);
    const list = groups.get(key);
    if (list) list.push(parsed);
    else groups.set(key, [parsed]);
  });

  const series: LoadedSeries[] = [];
  for (const [key, files] of groups) {
    try {
      const s = await buildSeries(key, files, order, maxPixels, failures);
      if (s) series.push(s);
    } catch (err) {
      // Last line of defence: a bug or an unforeseen file must not take the whole read down.
      for (const f of files) failures.push({ source: f.source, reason: `cannot read series: ${message(err)}` });
    }
  }
  return { series, failures };
}
