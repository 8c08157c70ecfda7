/**
 * One fuzz case: a seed, a mutation drawn from the case's own seed, the reader run on the result, and
 * the outcome judged. Acceptable outcomes: a valid result (series with finite pixels of the stated
 * size, or a `skip` reason) or a refusal a person can read (a ReadFailure, a skip reason, or the
 * documented "not a … file" error). Anything else is a failure: an exception escaping the reader, a
 * reason that is a bare JavaScript engine message, an invalid result, or a file silently dropped.
 */
import { readDicom } from '../../core/dicom';
import { readImage2d } from '../../core/io/image2d';
import { readMgh } from '../../core/io/mgz';
import { readNifti } from '../../core/io/nifti';
import type { LoadedSeries, ReadFailure } from '../../core/types';
import { registerNodeCodecs } from '../../node/codecs';
import { dicomMutation } from './dicomMutators';
import { formatMutation } from './formatMutators';
import { type Mutation, genericMutation } from './mutators';
import { Rng, caseSeed } from './rng';
import { GUARD_MARK } from './guard';
import type { Seed } from './seeds';

export interface FuzzCase {
  index: number;
  seed: string;
  /** Which file of the seed was mutated. */
  fileIndex: number;
  what: string;
  fileName: string;
  reader: Seed['reader'];
  files: Uint8Array[];
}

/** result/refused are fine; the rest are failures ('hang' is judged by the fuzz script's per-case timeout). */
export type OutcomeKind = 'result' | 'refused' | 'crash' | 'invalid' | 'memory' | 'hang';

export interface Outcome {
  kind: OutcomeKind;
  /** For failures: what went wrong (stable enough to group distinct failures). */
  detail: string;
}

export const isFailure = (o: Outcome) => o.kind !== 'result' && o.kind !== 'refused';

/** Messages of JavaScript engine errors: a reason that starts with one of these exposes a bug. */
const ENGINE_MESSAGE =
  /^(cannot read propert|cannot set propert|[\w$.]+ is not a function|[\w$.]+ is not iterable|[\w$.]+ is not defined|undefined is not|null is not|invalid typed array length|invalid array length|array buffer allocation failed|maximum call stack|offset is outside the bounds|start offset|invalid dataview|unexpected end of json|out of memory)/i;

function mutate(seed: Seed, fileIndex: number, rng: Rng): Mutation {
  const bytes = seed.files[fileIndex];
  const structural = rng.chance(0.6);
  let m: Mutation | null = null;
  if (structural && seed.dicom) m = dicomMutation(bytes, seed.dicom, rng);
  else if (structural && seed.format) m = formatMutation(seed.format, bytes, !!seed.gzipped, rng);
  if (!m) return genericMutation(bytes, rng);
  if (rng.chance(0.15)) {
    const g = genericMutation(m.bytes, rng);
    return { bytes: g.bytes, what: `${m.what}; ${g.what}` };
  }
  return m;
}

/** Case `index` of a run seeded `runSeed` over `seeds` (deterministic). */
export function makeCase(seeds: readonly Seed[], runSeed: number, index: number): FuzzCase {
  const rng = new Rng(caseSeed(runSeed, index));
  const seed = seeds[index % seeds.length];
  const fileIndex = rng.int(seed.files.length);
  const m = mutate(seed, fileIndex, rng);
  const files = seed.files.map((f, i) => (i === fileIndex ? m.bytes : f));
  return { index, seed: seed.name, fileIndex, what: m.what, fileName: seed.fileName, reader: seed.reader, files };
}

function sourceName(c: FuzzCase, i: number): string {
  return c.files.length > 1 ? `${i}-${c.fileName}` : c.fileName;
}

/** Problems with a reason text (a skip reason, a failure reason); empty when readable. */
function reasonProblem(reason: unknown, what: string): string | undefined {
  if (typeof reason !== 'string' || reason.trim() === '') return `${what} is empty`;
  if (reason.includes(GUARD_MARK)) return `${what}: allocation over the bound: ${reason}`;
  if (ENGINE_MESSAGE.test(reason)) return `${what} is a bare engine message: ${reason}`;
  if (/cannot read series:/.test(reason)) return `${what} came from the last line of defence: ${reason}`;
  return undefined;
}

const MAX_SLICE_PIXELS = 4096 * 4096;

/** Problems with a series; empty when it is valid. */
export function seriesProblems(s: LoadedSeries): string[] {
  const out: string[] = [];
  if (typeof s.id !== 'string' || !Array.isArray(s.sources) || !Array.isArray(s.warnings) || !s.header) out.push('series shape');
  if (s.skip !== undefined) {
    const p = reasonProblem(s.skip, 'skip reason');
    if (p) out.push(p);
    return out;
  }
  if (s.volumes.length === 0) out.push('series without skip reason has no volume');
  for (const v of s.volumes) {
    if (v.slices.length === 0) out.push(`volume "${v.key}" has no slice`);
    for (const sl of v.slices) {
      if (!(Number.isInteger(sl.width) && Number.isInteger(sl.height) && sl.width > 0 && sl.height > 0)) {
        out.push(`slice size ${sl.width}x${sl.height}`);
        continue;
      }
      if (sl.width * sl.height > MAX_SLICE_PIXELS) out.push(`slice of ${sl.width}x${sl.height} pixels is over the limit`);
      if (!(sl.pixels instanceof Float32Array) || sl.pixels.length !== sl.width * sl.height) {
        out.push(`slice pixels: ${sl.pixels?.length} values for ${sl.width}x${sl.height}`);
        continue;
      }
      if (!sl.pixels.every(Number.isFinite)) out.push('non-finite pixel values');
    }
  }
  return [...new Set(out)];
}

function failureProblems(failures: ReadFailure[]): string[] {
  return failures.map((f) => reasonProblem(f.reason, 'failure reason')).filter((p): p is string => !!p);
}

function judge(series: LoadedSeries[], failures: ReadFailure[], sources: string[]): Outcome {
  const problems = [...series.flatMap(seriesProblems), ...failureProblems(failures)];
  const seen = new Set([...series.flatMap((s) => s.sources), ...failures.map((f) => f.source)]);
  const dropped = sources.filter((s) => !seen.has(s));
  if (dropped.length) problems.push(`${dropped.length} file(s) neither in a series nor in the failures`);
  if (problems.length) return { kind: problems.some((p) => p.includes(GUARD_MARK)) ? 'memory' : 'invalid', detail: problems.join('; ') };
  const refused = failures.length > 0 || series.some((s) => s.skip);
  return { kind: refused ? 'refused' : 'result', detail: refused ? [...failures.map((f) => f.reason), ...series.map((s) => s.skip ?? '')].filter(Boolean)[0] ?? '' : '' };
}

const NOT_FORMAT: Record<Seed['reader'], RegExp> = {
  dicom: /^$/,
  nifti: /^not a NIfTI file: /,
  mgh: /^not an MGH file: /,
  image2d: /^not a PNG, JPEG or TIFF image: /,
};

function crash(err: unknown): Outcome {
  const name = err instanceof Error ? err.constructor.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  return { kind: message.includes(GUARD_MARK) ? 'memory' : 'crash', detail: `${name}: ${message}` };
}

/** Run the reader of the case's seed and judge what it did. Never throws. */
export async function runCase(c: FuzzCase): Promise<Outcome> {
  registerNodeCodecs();
  const sources = c.files.map((_, i) => sourceName(c, i));
  try {
    if (c.reader === 'dicom') {
      const { series, failures } = await readDicom(c.files.map((bytes, i) => ({ source: sources[i], bytes })));
      return judge(series, failures, sources);
    }
    const bytes = c.files[0];
    const series =
      c.reader === 'nifti' ? readNifti(sources[0], bytes) : c.reader === 'mgh' ? readMgh(sources[0], bytes) : await readImage2d(sources[0], bytes);
    return judge([series], [], sources);
  } catch (err) {
    if (err instanceof Error && err.constructor === Error && NOT_FORMAT[c.reader].test(err.message)) {
      return { kind: 'refused', detail: err.message };
    }
    return crash(err);
  }
}

/** A short, stable signature of a failure, for grouping distinct failures. */
export function failureSignature(c: Pick<FuzzCase, 'seed' | 'reader'>, o: Outcome): string {
  const detail = o.detail.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 160);
  return `${c.reader} ${o.kind}: ${detail}`;
}
