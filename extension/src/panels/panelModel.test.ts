import { planLayout } from '../hangingProtocols/planLayout';
import type { ClassifierState, SeriesEntry } from '../services/types';
import type { SeriesResult } from '../core/results';
import { chartModel, seriesRows, statusText, visibleLines } from './panelModel';

const LABELS = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];
const info = { name: 'm', labels: LABELS, inputSize: 64, backend: 'wasm' as const, fallbacks: [], sha256: 'x', bytes: 1, fromCache: false };

function result(label: string | null, over: Partial<SeriesResult> = {}): SeriesResult {
  return {
    seriesId: 's',
    status: label ? 'classified' : 'unknown',
    reason: label ? undefined : 'unknown: weak evidence: best T1 0.30 < threshold 0.43',
    label,
    confidence: label ? 0.873 : null,
    image: null,
    metadata: { label: 'T2', strength: 'strong', reasons: ['SeriesDescription token "t2"'], conflicts: [] },
    fused: { label: label ?? 'unknown', source: 'image', agreement: label === 'T2' ? 'agree' : 'disagree', confidence: 0.8, explanation: '' },
    volume: null,
    slices: [],
    cams: [],
    ...over,
  };
}

const entry = (uid: string, n: number, over: Partial<SeriesEntry>): SeriesEntry => ({
  displaySetInstanceUID: uid,
  seriesNumber: n,
  description: `series ${n}`,
  modality: 'MR',
  imageCount: 20,
  status: 'done',
  slices: [],
  ...over,
});

const base: ClassifierState = { model: { state: 'idle' }, run: { state: 'idle', done: 0, total: 0 }, series: [] };

describe('statusText', () => {
  it('says what is happening in plain words', () => {
    expect(statusText(base)).toEqual({ text: 'No study open', tone: 'idle' });
    expect(statusText({ ...base, model: { state: 'loading', detail: 'downloading mrseq-v1' } })).toEqual({ text: 'Loading the model: downloading mrseq-v1', tone: 'busy' });
    expect(statusText({ ...base, model: { state: 'ready', info }, run: { state: 'running', done: 2, total: 5 } }).text).toBe('Classifying series 3 of 5');
    const done: ClassifierState = {
      ...base,
      model: { state: 'ready', info },
      run: { state: 'done', done: 3, total: 3, message: '1 series could not be classified' },
      series: [entry('a', 1, { result: result('T2') }), entry('b', 2, { result: result(null) }), entry('c', 3, { status: 'failed' }), entry('ct', 4, { status: 'skipped', modality: 'CT' })],
    };
    expect(statusText(done)).toEqual({ text: 'Done: 1 of 3 MR series recognised (model ran on WASM); 1 series could not be classified', tone: 'done' });
    expect(statusText({ ...base, model: { state: 'failed', message: 'the model could not be loaded: HTTP 404' } })).toEqual({
      text: 'the model could not be loaded: HTTP 404',
      tone: 'error',
    });
  });

  it('says why WebGPU was not kept when it was timed slower at load', () => {
    const timed = { ...info, fallbacks: ['webgpu: slower here (35 ms per slice against 7.5 ms on WASM)'], timings: { webgpu: 35, wasm: 7.5 } };
    const done: ClassifierState = { ...base, model: { state: 'ready', info: timed }, run: { state: 'done', done: 1, total: 1 }, series: [entry('a', 1, { result: result('T2') })] };
    expect(statusText(done).text).toBe('Done: 1 of 1 MR series recognised (model ran on WASM; WebGPU not used: slower here (35 ms per slice against 7.5 ms on WASM))');
  });
});

describe('seriesRows', () => {
  it('shows label, confidence, the header signal, disagreement and the viewport, by series number', () => {
    const state: ClassifierState = {
      ...base,
      series: [
        entry('b', 2, { result: result('T1'), description: '' }),
        entry('a', 1, { result: result('T2') }),
        entry('q', 3, { status: 'classifying', message: 'classifying' }),
        entry('u', 4, { result: result(null) }),
      ],
    };
    const plan = planLayout([
      { displaySetInstanceUID: 'a', label: 'T2', confidence: 0.9 },
      { displaySetInstanceUID: 'b', label: 'T1', confidence: 0.9 },
    ]);
    const rows = seriesRows(state, plan);
    expect(rows.map((r) => [r.title, r.label, r.confidence, r.metadata, r.disagreement, r.slot])).toEqual([
      ['#1 series 1', 'T2', '87%', 'T2 (strong)', false, 'T2'],
      ['#2 (no description)', 'T1', '87%', 'T2 (strong)', true, 'T1'],
      ['#3 series 3', 'classifying', '', '—', false, undefined],
      ['#4 series 4', 'unknown', '', 'T2 (strong)', true, undefined],
    ]);
    expect(rows[0].metadataWhy).toBe('SeriesDescription token "t2"');
  });

  it('shows the study-level label when the study moved it, with what the series alone said and why', () => {
    const probabilities = { T1: 0.3, T1c: 0.6, T2: 0.02, FLAIR: 0.02, DWI: 0.02, ADC: 0.02, OTHER: 0.02 };
    const state: ClassifierState = { ...base, series: [entry('m', 5, { result: result('T1c', { confidence: 0.6, probabilities }) })] };
    const facts = { studyInstanceUID: null, seriesNumber: 5, plane: null, normal: null, derived: null, trace: false, volumes: 1, slices: 20, coverageMm: null, time: null, date: null, sequenceKey: null, protocolName: null, studyText: ['MR Brain w/o contrast'], enhancement: null };
    const plan = planLayout([{ displaySetInstanceUID: 'm', seriesNumber: 5, status: 'classified', probabilities, facts }]);
    const [row] = seriesRows(state, plan);
    expect([row.label, row.confidence, row.slot]).toEqual(['T1', '84%', 'T1']);
    expect(row.study?.alone).toBe('T1c 60%');
    expect(row.study?.why).toContain('no contrast agent in this study: T1c 60% -> 6%');
  });
});

describe('chartModel', () => {
  const slices = [
    { imageIndex: 2, label: 'T2', probabilities: { T1: 0.05, T2: 0.9, FLAIR: 0.05 }, sampled: true },
    { imageIndex: 10, label: 'T2', probabilities: { T1: 0.2, T2: 0.7, FLAIR: 0.1 }, sampled: true },
  ];
  it('draws one line per label over the image indices and marks the slice on screen', () => {
    const m = chartModel(entry('a', 1, { slices }), LABELS, 10, 24);
    expect(m.count).toBe(24);
    expect(m.lines.find((l) => l.label === 'T2')?.points).toEqual([
      [2, 0.9],
      [10, 0.7],
    ]);
    expect(m.current.view).toBe(slices[1]);
    expect(m.bars.map((b) => b.label).slice(0, 3)).toEqual(['T2', 'T1', 'FLAIR']);
    expect(visibleLines(m).map((l) => l.label)).toEqual(['T1', 'T2', 'FLAIR']);
  });

  it('has no bars for a slice not classified yet', () => {
    const m = chartModel(entry('a', 1, { slices }), LABELS, 5, 24);
    expect(m.current).toEqual({ imageIndex: 5, view: undefined });
    expect(m.bars).toEqual([]);
  });
});

describe('statusText for a study with no MR series', () => {
  it('says that nothing here is MR instead of waiting to classify, even while the model loads', () => {
    const ctOnly: ClassifierState = {
      ...base,
      series: [entry('ct', 1, { status: 'skipped', modality: 'CT' }), entry('sr', 2, { status: 'skipped', modality: 'SR' })],
    };
    const expected = { text: 'Nothing here is MR: 2 series skipped (CT, SR); mrseq classifies MR series only', tone: 'idle' };
    expect(statusText(ctOnly)).toEqual(expected);
    expect(statusText({ ...ctOnly, model: { state: 'loading', detail: 'loading mrseq-v1' } })).toEqual(expected);
  });
});
