/**
 * The bad-input corpus through `mrseq classify --format json` (one run over a folder per case, real
 * onnxruntime-node session on the fixture model): every case ends as a label or a stated reason, files
 * that cannot be read are listed, and the run never stops on them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BAD_INPUT_CASES } from '@mrseq/extension/testing/badInputCorpus';
import { buildProgram, EXIT } from './main';

const FIXTURE_MODEL = path.resolve(__dirname, '../../models/fixture-tiny');

jest.setTimeout(120_000);

type Json = Record<string, any>;

let dir: string;
let doc: Json;
let code = -1;
let stderr = '';

const inCase = (id: string) => (source: string) => path.relative(dir, source).split(path.sep)[0] === id;
const seriesOf = (id: string): Json[] => doc.series.filter((s: Json) => s.sources.some(inCase(id)));
const failuresOf = (id: string): Json[] => doc.failures.filter((f: Json) => inCase(id)(f.source));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrseq-bad-'));
  for (const c of BAD_INPUT_CASES) {
    mkdirSync(path.join(dir, c.id));
    for (const f of await c.build()) writeFileSync(path.join(dir, c.id, f.name), f.bytes);
  }
  let out = '';
  const program = buildProgram({ out: (s) => (out += s), err: (s) => (stderr += s), setCode: (c) => (code = c) });
  await program.parseAsync(['node', 'mrseq', 'classify', dir, '--model', FIXTURE_MODEL, '--format', 'json', '--no-progress']);
  doc = JSON.parse(out);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the run finishes over the whole corpus: exit 1 (some files unreadable), every case accounted for', () => {
  expect(code).toBe(EXIT.unreadable);
  const expectedFailures = BAD_INPUT_CASES.reduce((n, c) => n + c.cli.failures, 0);
  expect(doc.failures).toHaveLength(expectedFailures);
  expect(doc.summary.failures).toBe(expectedFailures);
  expect(doc.series).toHaveLength(BAD_INPUT_CASES.filter((c) => !c.cli.noSeries).length);
  for (const f of doc.failures) expect(f.reason).toMatch(/\S/);
});

describe.each(BAD_INPUT_CASES.map((c) => [c.id, c] as const))('mrseq classify, bad input: %s', (id, c) => {
  test(`${c.what}: ${c.cli.noSeries ? 'no series' : c.cli.status?.join(' or ')}${c.cli.failures ? `, ${c.cli.failures} unreadable file(s)` : ''}`, () => {
    const failures = failuresOf(id);
    expect(failures).toHaveLength(c.cli.failures);
    if (c.cli.failureReason) for (const f of failures) expect(f.reason).toMatch(c.cli.failureReason);
    const series = seriesOf(id);
    if (c.cli.noSeries) {
      expect(series).toEqual([]);
      return;
    }
    expect(series).toHaveLength(1);
    const [s] = series;
    expect(c.cli.status).toContain(s.status);
    if (s.status === 'classified') {
      expect(c.cli.status).toContain('classified');
      expect(s.label).toEqual(expect.any(String));
      expect(s.reason).toBeNull();
    } else {
      expect(s.label).toBeNull();
      expect(s.reason).toMatch(new RegExp(`^${s.status}: `));
    }
    if (c.cli.reason !== undefined) expect(s.reason).toBe(c.cli.reason);
    if (c.cli.label !== undefined) expect(s.label).toBe(c.cli.label);
    if (c.cli.numSlices !== undefined) expect(s.num_slices).toBe(c.cli.numSlices);
    if (c.cli.numVolumes !== undefined) expect(s.num_volumes).toBe(c.cli.numVolumes);
    if (c.cli.bValue !== undefined) expect(s.volume.b_value).toBe(c.cli.bValue);
    if (c.cli.warning) expect(s.warnings.join('\n')).toMatch(c.cli.warning);
  });

  if (c.samePixelsAs) {
    test(`the same probabilities as "${c.samePixelsAs}" (same modality values)`, () => {
      const [mine] = seriesOf(id);
      const [ref] = seriesOf(c.samePixelsAs!);
      expect(mine.slices.map((s: Json) => s.index)).toEqual(ref.slices.map((s: Json) => s.index));
      for (const [label, p] of Object.entries(ref.probabilities as Record<string, number>)) expect(mine.probabilities[label]).toBeCloseTo(p, 4);
    });
  }
});

test('nothing but the unreadable files is reported on stderr, and no stack trace', () => {
  expect(stderr).not.toMatch(/\n\s+at /);
});
