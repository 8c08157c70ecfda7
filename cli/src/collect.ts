/**
 * Files and folders on disk -> LoadedSeries, using the core readers. DICOM files are grouped into
 * series one folder at a time (so an archive is never held in memory whole); NIfTI, MGZ and 2D
 * images are one series per file. A file that cannot be read becomes a ReadFailure; nothing throws.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDicom, readDicom, type DicomInput } from '@mrseq/extension/core/dicom';
import { readImage2d } from '@mrseq/extension/core/io/image2d';
import { readMgh } from '@mrseq/extension/core/io/mgz';
import { isNifti, readNifti, type SliceAxis } from '@mrseq/extension/core/io/nifti';
import { parseBval } from '@mrseq/extension/core/io/bval';
import type { LoadedSeries, ReadFailure } from '@mrseq/extension/core/types';
import { registerNodeCodecs } from '@mrseq/extension/node/codecs';

export interface CollectOptions {
  axis?: SliceAxis;
}

export interface FileGroup {
  dir: string;
  files: string[];
}

const IGNORED = new Set(['.bval', '.bvec', '.json', '.tsv', '.txt', '.md', '.csv', '.html', '.xml', '.py', '.sh']);
const IMAGE_2D = /\.(png|jpe?g|tiff?)$/i;
const NIFTI = /\.nii(\.gz)?$/i;
const MGH = /\.(mgz|mgh)$/i;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Expand the given paths (files or folders, recursively) into files grouped by folder, sorted. */
export async function listInputs(paths: string[]): Promise<{ groups: FileGroup[]; failures: ReadFailure[] }> {
  const byDir = new Map<string, string[]>();
  const failures: ReadFailure[] = [];
  const add = (file: string) => {
    const dir = path.dirname(file);
    if (!byDir.has(dir)) byDir.set(dir, []);
    byDir.get(dir)!.push(file);
  };
  const walk = async (p: string): Promise<void> => {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      failures.push({ source: p, reason: `cannot open: ${(err as NodeJS.ErrnoException).code ?? errorText(err)}` });
      return;
    }
    if (stat.isDirectory()) {
      const entries = (await fs.readdir(p)).filter((e) => !e.startsWith('.')).sort();
      for (const e of entries) await walk(path.join(p, e));
    } else if (stat.isFile()) {
      const ext = path.extname(p).toLowerCase();
      if (!IGNORED.has(ext)) add(p);
    }
  };
  for (const p of paths) await walk(p);
  const groups = [...byDir.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dir, files]) => ({ dir, files: files.sort() }));
  return { groups, failures };
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

async function readSingle(file: string, bytes: Uint8Array, opts: CollectOptions): Promise<LoadedSeries | null> {
  if (NIFTI.test(file) || isNifti(bytes)) {
    return readNifti(file, bytes, { axis: opts.axis, bValues: await readSidecarBvals(file) });
  }
  if (MGH.test(file)) return readMgh(file, bytes, { axis: opts.axis });
  if (IMAGE_2D.test(file)) return readImage2d(file, bytes);
  return null;
}

/**
 * Read one folder's files. Calls `onFile` once per file for progress reporting.
 */
export async function readGroup(
  group: FileGroup,
  opts: CollectOptions,
  onFile: () => void = () => {},
): Promise<{ series: LoadedSeries[]; failures: ReadFailure[] }> {
  registerNodeCodecs();
  const series: LoadedSeries[] = [];
  const failures: ReadFailure[] = [];
  const dicom: DicomInput[] = [];
  for (const file of group.files) {
    try {
      const bytes = new Uint8Array(await fs.readFile(file));
      if (isDicom(bytes)) {
        dicom.push({ source: file, bytes });
      } else {
        const s = await readSingle(file, bytes, opts);
        if (s) series.push(s);
        else failures.push({ source: file, reason: 'not a recognised image format (DICOM, NIfTI, MGZ, PNG, JPEG, TIFF)' });
      }
    } catch (err) {
      failures.push({ source: file, reason: errorText(err) });
    }
    onFile();
  }
  if (dicom.length > 0) {
    const read = await readDicom(dicom);
    series.push(...read.series);
    failures.push(...read.failures);
  }
  return { series, failures };
}
