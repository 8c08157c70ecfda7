/** Small builders for the LoadedSeries that the file readers return. */
import type { LoadedSeries, SourceFormat, Volume } from '../types';

/** A series read from one file, with an empty header. */
export function fileSeries(source: string, format: SourceFormat, volumes: Volume[], warnings: string[]): LoadedSeries {
  return { id: source, format, sources: [source], header: {}, volumes, warnings };
}

/** A series that must not be classified, e.g. "unclassified: RGB image" or "unreadable: truncated NIfTI". */
export function skippedSeries(source: string, format: SourceFormat, reason: string, warnings: string[] = []): LoadedSeries {
  return { ...fileSeries(source, format, [], warnings), skip: reason };
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
