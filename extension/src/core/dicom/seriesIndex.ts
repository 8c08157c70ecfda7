/**
 * The series a DICOM file belongs to, from its header alone (parsed up to the pixel data), so that a
 * caller can group a whole archive by series while holding only one key per file, then read and decode
 * one series at a time (readDicom). Files that cannot be parsed get a key of their own: readDicom then
 * reports them with their reason.
 */
import { str, num } from './dataset';
import type { DicomInput } from './parse';
import { readDataset } from './parse';
import { TAG } from './tags';

/** SeriesInstanceUID, else study + series number + description (files without one still group). */
export function seriesKeyOf(f: { seriesInstanceUID?: string; studyInstanceUID?: string; seriesNumber?: number; seriesDescription?: string }): string {
  if (f.seriesInstanceUID) return f.seriesInstanceUID;
  return `${f.studyInstanceUID ?? 'unknown study'} / series ${f.seriesNumber ?? '?'} ${f.seriesDescription ?? ''}`.trim();
}

/** The grouping key of one DICOM file (see seriesKeyOf); `unreadable: <source>` when it cannot be parsed. */
export function dicomSeriesKey(input: DicomInput): string {
  try {
    const { dict } = readDataset(input.bytes, TAG.PixelData);
    return seriesKeyOf({
      seriesInstanceUID: str(dict, TAG.SeriesInstanceUID),
      studyInstanceUID: str(dict, TAG.StudyInstanceUID),
      seriesNumber: num(dict, TAG.SeriesNumber),
      seriesDescription: str(dict, TAG.SeriesDescription),
    });
  } catch {
    return `unreadable: ${input.source}`;
  }
}
