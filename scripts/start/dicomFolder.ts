/**
 * A folder of DICOM files as a read-only DICOMweb service, just enough for OHIF's dicomweb data
 * source: QIDO-RS (studies, series, instances), WADO-RS metadata and WADO-URI for whole files
 * (the viewer is configured with imageRendering 'wadouri', so no frame transcoding is needed).
 *
 * Why a facade rather than Orthanc for `npm start -- <folder>`: it needs nothing installed, listens
 * only where our server listens, and serves the files byte for byte.
 */
import dcmjs from 'dcmjs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** DICOM JSON (PS3.18 F.2): tag -> { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string }>;

export interface IndexedInstance {
  file: string;
  json: DicomJson;
  studyUID: string;
  seriesUID: string;
  sopUID: string;
}

export interface DicomIndex {
  instances: IndexedInstance[];
  /** Files that are not DICOM or lack the three UIDs, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
}

const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);

function str(json: DicomJson, tag: string): string | undefined {
  const v = json[tag]?.Value?.[0];
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** Parse the header of one Part 10 file (pixel data is not read) into DICOM JSON without bulk data. */
export function headerJson(bytes: Uint8Array): DicomJson {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const message = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: '7FE00010', includeUntilTagValue: false });
  const out: DicomJson = {};
  for (const [tag, element] of Object.entries(message.dict as Record<string, { vr: string; Value?: unknown[] }>)) {
    if (tag.startsWith('7FE0') || BINARY_VRS.has(element.vr)) continue;
    out[tag] = element.Value === undefined ? { vr: element.vr } : { vr: element.vr, Value: element.Value };
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (e.isFile()) files.push(full);
  }
  return files.sort();
}

/** Read every file under `dir`; DICOM files are indexed, the others listed with a reason. */
export async function indexFolder(dir: string): Promise<DicomIndex> {
  const index: DicomIndex = { instances: [], skipped: [] };
  for (const file of await walk(dir)) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch (err) {
      index.skipped.push({ file, reason: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') {
      index.skipped.push({ file, reason: 'not a DICOM Part 10 file' });
      continue;
    }
    try {
      const json = headerJson(bytes);
      const studyUID = str(json, '0020000D');
      const seriesUID = str(json, '0020000E');
      const sopUID = str(json, '00080018');
      if (!studyUID || !seriesUID || !sopUID) {
        index.skipped.push({ file, reason: 'missing Study/Series/SOP Instance UID' });
        continue;
      }
      index.instances.push({ file, json, studyUID, seriesUID, sopUID });
    } catch (err) {
      index.skipped.push({ file, reason: `unreadable DICOM: ${(err as Error).message}` });
    }
  }
  return index;
}

const STUDY_TAGS = ['00080020', '00080030', '00080050', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010'];
const SERIES_TAGS = ['00080021', '00080031', '00080060', '0008103E', '00181030', '0020000D', '0020000E', '00200011'];
const INSTANCE_TAGS = ['00080016', '00080018', '0020000D', '0020000E', '00200013', '00280010', '00280011', '00280008'];

function pick(json: DicomJson, tags: readonly string[]): DicomJson {
  const out: DicomJson = {};
  for (const t of tags) if (json[t]) out[t] = json[t];
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function matches(value: string | undefined, wanted: string | null): boolean {
  if (wanted === null || wanted === '') return true;
  if (value === undefined) return false;
  if (wanted.includes('*')) {
    const re = new RegExp(`^${wanted.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return re.test(value);
  }
  return wanted.split(/[\\,]/).includes(value);
}

/** QIDO-RS /studies: one entry per study, filtered by StudyInstanceUID / PatientID / PatientName when given. */
export function qidoStudies(index: DicomIndex, query: URLSearchParams): DicomJson[] {
  const out: DicomJson[] = [];
  for (const [uid, list] of groupBy(index.instances, (i) => i.studyUID)) {
    const first = list[0].json;
    if (!matches(uid, query.get('StudyInstanceUID') ?? query.get('0020000D'))) continue;
    if (!matches(str(first, '00100020'), query.get('PatientID'))) continue;
    const name = first['00100010']?.Value?.[0] as { Alphabetic?: string } | undefined;
    if (!matches(name?.Alphabetic, query.get('PatientName'))) continue;
    const modalities = [...new Set(list.map((i) => str(i.json, '00080060')).filter((m): m is string => !!m))].sort();
    out.push({
      ...pick(first, STUDY_TAGS),
      '00080061': { vr: 'CS', Value: modalities },
      '00201206': { vr: 'IS', Value: [new Set(list.map((i) => i.seriesUID)).size] },
      '00201208': { vr: 'IS', Value: [list.length] },
    });
  }
  return out;
}

/** QIDO-RS /studies/{study}/series. */
export function qidoSeries(index: DicomIndex, studyUID: string): DicomJson[] {
  const inStudy = index.instances.filter((i) => i.studyUID === studyUID);
  return [...groupBy(inStudy, (i) => i.seriesUID).values()].map((list) => ({
    ...pick(list[0].json, SERIES_TAGS),
    '00201209': { vr: 'IS', Value: [list.length] },
  }));
}

/** QIDO-RS /studies/{study}/series/{series}/instances. */
export function qidoInstances(index: DicomIndex, studyUID: string, seriesUID: string): DicomJson[] {
  return index.instances.filter((i) => i.studyUID === studyUID && i.seriesUID === seriesUID).map((i) => pick(i.json, INSTANCE_TAGS));
}

/** WADO-RS metadata of a study, or of one series of it. */
export function wadoMetadata(index: DicomIndex, studyUID: string, seriesUID?: string): DicomJson[] {
  return index.instances
    .filter((i) => i.studyUID === studyUID && (seriesUID === undefined || i.seriesUID === seriesUID))
    .map((i) => i.json);
}

/** The file behind a WADO-URI request (objectUID), or undefined. */
export function wadoUriFile(index: DicomIndex, query: URLSearchParams): string | undefined {
  const sop = query.get('objectUID');
  return sop ? index.instances.find((i) => i.sopUID === sop)?.file : undefined;
}
