import { jsonDocumentStream, jsonLinesStream } from './jsonStream';

const head = { schema_version: 1, mrseq: { version: '0.1.0', labels: ['T1', 'T2'] }, series: [], studies: [], failures: [], summary: { series: 0 } };
const s1 = { id: 'a', sources: ['x', 'y'], probabilities: { T1: 0.5 }, image: null };
const s2 = { id: 'b', sources: [], slices: [{ index: 1 }], warnings: ['w'] };
const failure = { source: 'f.dcm', reason: 'damaged' };

function collect(make: typeof jsonDocumentStream, series: object[], extra: object = {}) {
  const pieces: string[] = [];
  const stream = make(head, (t) => pieces.push(t));
  series.forEach((s) => stream.series(s as Record<string, unknown>));
  stream.failure(failure);
  const doc = { ...head, series, studies: [], failures: [failure], ...extra, summary: { series: series.length } };
  stream.end(doc);
  return { pieces, doc };
}

describe('the JSON document written in pieces', () => {
  test.each([[[]], [[s1]], [[s1, s2]]])('is byte for byte the document JSON.stringify writes (%#)', (series) => {
    const { pieces, doc } = collect(jsonDocumentStream, series);
    expect(pieces.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  test('blocks added after "series" (a studies block, say) come out in place', () => {
    const { pieces, doc } = collect(jsonDocumentStream, [s1], { studies: [{ uid: 's' }] });
    expect(pieces.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  test('each series is written when it is given: a cut-off document still holds the finished ones', () => {
    const pieces: string[] = [];
    const stream = jsonDocumentStream(head, (t) => pieces.push(t));
    stream.series(s1);
    stream.series(s2);
    const partial = pieces.join('');
    expect(partial).toContain('"id": "a"');
    expect(partial).toContain('"id": "b"');
    expect(() => JSON.parse(partial)).toThrow();
    // Closing the open array and object repairs it.
    expect(JSON.parse(`${partial}]}`).series).toEqual([s1, s2]);
  });
});

describe('JSON Lines', () => {
  test('one record per line: run (the blocks before the series only), series and failures as they come, later blocks, summary last', () => {
    const { pieces } = collect(jsonLinesStream, [s1, s2], { studies: [{ uid: 's' }] });
    const lines = pieces.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.record)).toEqual(['run', 'series', 'series', 'failure', 'studies', 'summary']);
    expect(lines[0]).toEqual({ record: 'run', schema_version: 1, mrseq: head.mrseq });
    expect(lines[1]).toEqual({ record: 'series', ...s1 });
    expect(lines[3]).toEqual({ record: 'failure', ...failure });
    expect(lines[4]).toEqual({ record: 'studies', studies: [{ uid: 's' }] });
    expect(lines[5]).toEqual({ record: 'summary', series: 2 });
  });
});
