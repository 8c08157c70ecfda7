/**
 * The archive pipeline end to end (fixture model, real onnxruntime-node): DICOM grouped by
 * SeriesInstanceUID across the whole input (a series spread over several folders is one series), the
 * report identical whatever --jobs is (order included), and reports written as the run goes (a run
 * that dies keeps what it had finished), with the studies block of schema 2 at their end.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeNifti } from '@mrseq/extension/core/io/testing';
import { disc } from '@mrseq/extension/testing/badInputCorpus';
import { TS, makeMrSeries, makeMrSeriesAsync, newUid } from '@mrseq/extension/testing/dicomFixtures';
import { buildProgram } from './main';

const FIXTURE_MODEL = path.resolve(__dirname, '../../models/fixture-tiny');
const BIN = path.resolve(__dirname, '../bin/mrseq.js');

jest.setTimeout(180_000);

type Json = Record<string, any>;
let dir: string;
const spread = newUid();

function write(sub: string, files: Uint8Array[], name = (i: number) => `IM${String(i + 1).padStart(4, '0')}.dcm`) {
  mkdirSync(path.join(dir, sub), { recursive: true });
  files.forEach((f, i) => writeFileSync(path.join(dir, sub, name(i)), f));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrseq-pipeline-'));
  // One series written as a PACS export often is: its slices spread over three folders, each folder
  // also holding files of other series.
  const spreadFiles = makeMrSeries({ rows: 24, cols: 24, slices: 9, seriesInstanceUID: spread, seriesDescription: 'spread', pixelValue: disc(24) });
  for (const part of [0, 1, 2]) write(`export/part${part}`, spreadFiles.slice(part * 3, part * 3 + 3), (i) => `S${part * 3 + i}.dcm`);
  // Series of very different sizes, so that reader threads finish them out of order.
  for (let k = 0; k < 9; k++) {
    const slices = k % 3 === 0 ? 24 : 2;
    const files = makeMrSeries({ rows: k % 3 === 0 ? 64 : 16, cols: k % 3 === 0 ? 64 : 16, slices, seriesNumber: k + 2, seriesDescription: `series ${k}`, pixelValue: disc(k % 3 === 0 ? 64 : 16) });
    write(`export/part${k % 3}`, files, (i) => `K${k}-${i}.dcm`);
  }
  write('jls', await makeMrSeriesAsync({ rows: 16, cols: 16, slices: 3, transferSyntax: TS.jpegLs, bitsStored: 12, pixelValue: disc(16) }));
  writeFileSync(path.join(dir, 'export/part1/broken.dcm'), makeMrSeries({ rows: 16, cols: 16, slices: 1 })[0].slice(0, 300));
  const data = Float32Array.from({ length: 12 * 12 * 4 }, (_, i) => (i % 12) * 3 + Math.floor(i / 144));
  writeFileSync(path.join(dir, 'export/part2/volume.nii'), makeNifti({ dims: [12, 12, 4], data, datatype: 'float32' }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], out: (s: string) => void = () => undefined) {
  let text = '';
  let code = -1;
  const program = buildProgram({ out: (s) => ((text += s), out(s)), err: () => undefined, setCode: (c) => (code = c) });
  await program.parseAsync(['node', 'mrseq', 'classify', dir, '--model', FIXTURE_MODEL, '--no-progress', ...args]);
  return { text, code };
}

describe('series across folders, output order and --jobs', () => {
  let one: { text: string; code: number };
  let doc: Json;
  beforeAll(async () => {
    one = await run(['--format', 'json', '--jobs', '1']);
    doc = JSON.parse(one.text);
  });

  test('a series spread over three folders is one series of all its slices', () => {
    const spreadSeries = doc.series.filter((s: Json) => s.series_instance_uid === spread);
    expect(spreadSeries).toHaveLength(1);
    expect(spreadSeries[0].num_slices).toBe(9);
    expect(new Set(spreadSeries[0].sources.map((s: string) => path.basename(path.dirname(s))))).toEqual(new Set(['part0', 'part1', 'part2']));
  });

  test('every series and file is accounted for, in the order of each series\' first file', () => {
    expect(doc.series).toHaveLength(1 + 9 + 1 + 1);
    expect(doc.failures.map((f: Json) => path.basename(f.source))).toEqual(['broken.dcm']);
    const firsts = doc.series.map((s: Json) => [...s.sources].sort()[0]);
    expect(firsts).toEqual([...firsts].sort((a: string, b: string) => (path.dirname(a) === path.dirname(b) ? a.localeCompare(b) : path.dirname(a).localeCompare(path.dirname(b)))));
    expect(doc.series.find((s: Json) => s.sources[0].includes(`${path.sep}jls${path.sep}`)).num_slices).toBe(3);
  });

  test('the streamed document carries the studies block after the series, and each series\' study id is the study listing it', () => {
    expect(Object.keys(doc)).toEqual(['schema_version', 'mrseq', 'series', 'studies', 'failures', 'summary']);
    expect(doc.studies.length).toBeGreaterThan(0);
    const listed = doc.studies.flatMap((st: Json) => st.series.map((s: Json) => [s.id, st.id]));
    expect(listed).toHaveLength(doc.series.length);
    const studyOf = new Map(listed);
    for (const s of doc.series) expect(s.study).toBe(studyOf.get(s.id));
  });

  test('--jobs 3 and --jobs 2 give the same report, byte for byte, as --jobs 1', async () => {
    for (const jobs of ['3', '2']) {
      const other = await run(['--format', 'json', '--jobs', jobs]);
      expect(other.code).toBe(one.code);
      expect(other.text).toBe(one.text);
    }
  });

  test('the mrseq command with reader threads decodes compressed DICOM too (JPEG-LS)', async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [BIN, 'classify', path.join(dir, 'jls'), '--model', FIXTURE_MODEL, '--format', 'json', '--jobs', '2'], (error, out) =>
        error && error.code !== 1 ? reject(error) : resolve(out),
      ),
    );
    const jls = JSON.parse(stdout);
    expect(jls.failures).toEqual([]);
    expect(jls.series).toHaveLength(1);
    expect(jls.series[0].num_slices).toBe(3);
  });
});

describe('reports written as the run goes', () => {
  /** Run until the `n`-th write, then "crash" (the sink throws, as a process killed there would stop writing). */
  async function crashAfter(format: string, n: number): Promise<string> {
    let pieces = 0;
    let text = '';
    await expect(
      run(['--format', format, '--jobs', '2'], (s) => {
        if (++pieces > n) throw new Error('crash');
        text += s;
      }),
    ).rejects.toThrow('crash');
    return text;
  }

  test('JSON: a run that dies after four series keeps those four, complete', async () => {
    const partial = await crashAfter('json', 5); // head + 4 series
    expect(() => JSON.parse(partial)).toThrow();
    const repaired = JSON.parse(`${partial}]}`);
    expect(repaired.series).toHaveLength(4);
    for (const s of repaired.series) expect(s).toHaveProperty('status');
  });

  test('JSON Lines: every line of a cut-off report is a complete record; no summary line', async () => {
    const partial = await crashAfter('jsonl', 6);
    const records = partial.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(6);
    expect(records[0]).toMatchObject({ record: 'run', schema_version: expect.any(Number) });
    expect(records.slice(1).every((r) => r.record === 'series' || r.record === 'failure')).toBe(true);
    expect(records.some((r) => r.record === 'summary')).toBe(false);
  });

  test('JSON Lines, finished: the same series and failures as the JSON document, then the summary', async () => {
    const doc = JSON.parse((await run(['--format', 'json', '--jobs', '1'])).text);
    const out = path.join(dir, 'report.jsonl');
    await run(['--format', 'jsonl', '--jobs', '2', '-o', out]);
    const records = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records[0]).toEqual({ record: 'run', schema_version: doc.schema_version, mrseq: doc.mrseq });
    expect(records.filter((r) => r.record === 'series').map(({ record, ...s }) => s)).toEqual(doc.series);
    expect(records.filter((r) => r.record === 'failure').map(({ record, ...f }) => f)).toEqual(doc.failures);
    // The studies block (schema 2) after the last series, once, just before the summary.
    expect(records.filter((r) => r.record === 'studies')).toEqual([{ record: 'studies', studies: doc.studies }]);
    expect(records[records.length - 2].record).toBe('studies');
    expect(records[records.length - 1]).toEqual({ record: 'summary', ...doc.summary });
  });
});
