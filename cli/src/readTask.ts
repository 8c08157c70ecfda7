/**
 * The two kinds of work the command line does on files, in a form that runs the same in-process and in
 * a worker thread (readPool.ts): index a chunk of files (which series each DICOM file belongs to, read
 * up to its pixel data; other files are one series each) and read one series (all files of one DICOM
 * series, or one NIfTI / MGZ / 2D image file) into a LoadedSeries. Nothing throws: a file that cannot
 * be read becomes a ReadFailure.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dicomSeriesKey, isDicom, readDicom } from '@mrseq/extension/core/dicom';
import { parseBval } from '@mrseq/extension/core/io/bval';
import { readImage2d } from '@mrseq/extension/core/io/image2d';
import { readMgh } from '@mrseq/extension/core/io/mgz';
import { isNifti, readNifti, type SliceAxis } from '@mrseq/extension/core/io/nifti';
import type { LoadedSeries, ReadFailure } from '@mrseq/extension/core/types';
import { registerNodeCodecs } from '@mrseq/extension/node/codecs';

export interface ReadOptions {
  axis?: SliceAxis;
}

/** What indexing found out about one file. */
export type IndexEntry = { file: string; dicom: string } | { file: string; single: true } | { file: string; failure: string };

/** One series to read: the files of one DICOM series (in input order), or one other file. */
export type SeriesTask = { kind: 'dicom'; files: string[] } | { kind: 'single'; file: string };

export interface TaskResult {
  series: LoadedSeries[];
  failures: ReadFailure[];
}

const IMAGE_2D = /\.(png|jpe?g|tiff?)$/i;
const NIFTI = /\.nii(\.gz)?$/i;
const MGH = /\.(mgz|mgh)$/i;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A whole file. Synchronous on purpose: each reader (this thread with --jobs 1, or a reader thread) reads
 * one file after another anyway, and a promise-based read costs several thread-pool round trips per file.
 */
async function readBytes(file: string): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(file));
}

/** Index files: a DICOM file's series key, or "single" (any other file), or why it cannot be opened. */
export async function indexFiles(files: string[]): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  for (const file of files) {
    try {
      const bytes = await readBytes(file);
      out.push(isDicom(bytes) ? { file, dicom: dicomSeriesKey({ source: file, bytes }) } : { file, single: true });
    } catch (err) {
      out.push({ file, failure: errorText(err) });
    }
  }
  return out;
}

/** The FSL sidecar of a NIfTI file: x.nii.gz -> x.bval, when present. */
async function readSidecarBvals(file: string): Promise<number[] | undefined> {
  const bval = file.replace(NIFTI, '.bval');
  if (bval === file) return undefined;
  try {
    return parseBval(await fs.readFile(bval, 'utf8'));
  } catch {
    return undefined;
  }
}

async function readSingle(file: string, opts: ReadOptions): Promise<TaskResult> {
  try {
    const bytes = await readBytes(file);
    let series: LoadedSeries | null = null;
    if (NIFTI.test(file) || isNifti(bytes)) series = readNifti(file, bytes, { axis: opts.axis, bValues: await readSidecarBvals(file) });
    else if (MGH.test(file)) series = readMgh(file, bytes, { axis: opts.axis });
    else if (IMAGE_2D.test(file)) series = await readImage2d(file, bytes);
    if (series) return { series: [series], failures: [] };
    return { series: [], failures: [{ source: file, reason: 'not a recognised image format (DICOM, NIfTI, MGZ, PNG, JPEG, TIFF)' }] };
  } catch (err) {
    return { series: [], failures: [{ source: file, reason: errorText(err) }] };
  }
}

/** Read one series task. */
export async function readSeriesTask(task: SeriesTask, opts: ReadOptions): Promise<TaskResult> {
  registerNodeCodecs();
  if (task.kind === 'single') return readSingle(task.file, opts);
  const failures: ReadFailure[] = [];
  const inputs: Array<{ source: string; bytes: Uint8Array }> = [];
  for (const file of task.files) {
    try {
      inputs.push({ source: file, bytes: await readBytes(file) });
    } catch (err) {
      failures.push({ source: file, reason: errorText(err) });
    }
  }
  const read = await readDicom(inputs);
  return { series: read.series, failures: [...failures, ...read.failures] };
}

/**
 * Group indexed files into series tasks, in the order each series' first file appears; a file that
 * could not be opened keeps its place as a failure.
 */
export function planTasks(entries: IndexEntry[]): Array<SeriesTask | { kind: 'failure'; failure: ReadFailure }> {
  const tasks: Array<SeriesTask | { kind: 'failure'; failure: ReadFailure }> = [];
  const byKey = new Map<string, string[]>();
  for (const e of entries) {
    if ('failure' in e) tasks.push({ kind: 'failure', failure: { source: e.file, reason: e.failure } });
    else if ('single' in e) tasks.push({ kind: 'single', file: e.file });
    else {
      const files = byKey.get(e.dicom);
      if (files) files.push(e.file);
      else {
        const list = [e.file];
        byKey.set(e.dicom, list);
        tasks.push({ kind: 'dicom', files: list });
      }
    }
  }
  return tasks;
}

/** Short label of a task for progress output. */
export function taskLabel(task: SeriesTask): string {
  return task.kind === 'single' ? task.file : path.dirname(task.files[0]);
}
