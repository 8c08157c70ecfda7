import { renderToStaticMarkup } from 'react-dom/server';
import type { ClassifierState } from '../services/types';
import { PanelView } from './PanelView';

const noop = { classify() {}, arrange() {}, toggleOverlay() {}, setOpacity() {}, showSeries() {} };
const overlay = { enabled: true, opacity: 0.45 };
const labels = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];

function state(over: Partial<ClassifierState>): ClassifierState {
  return { model: { state: 'idle' }, run: { state: 'idle', done: 0, total: 0 }, series: [], ...over };
}

describe('PanelView', () => {
  it('shows loading, then the series table, chart and overlay controls', () => {
    const loading = renderToStaticMarkup(<PanelView state={state({ model: { state: 'loading', detail: 'checking the model file (2.8 MB)' } })} active={null} overlay={overlay} actions={noop} />);
    expect(loading).toContain('Loading the model: checking the model file (2.8 MB)');
    expect(loading).toContain('No series yet.');

    const done = state({
      model: { state: 'ready', info: { name: 'm', labels, inputSize: 64, backend: 'webgpu', fallbacks: [], sha256: '', bytes: 0, fromCache: true } },
      run: { state: 'done', done: 1, total: 1 },
      series: [
        {
          displaySetInstanceUID: 'a',
          seriesNumber: 3,
          description: 'AX T1 SE',
          modality: 'MR',
          imageCount: 20,
          status: 'done',
          result: {
            seriesId: 'a',
            status: 'classified',
            label: 'T2',
            confidence: 0.81,
            image: null,
            metadata: { label: 'T1', strength: 'moderate', reasons: [], conflicts: [] },
            fused: { label: 'T2', source: 'image', agreement: 'disagree', confidence: 0.7, explanation: '' },
            volume: null,
            slices: [],
            cams: [],
          },
          slices: [
            { imageIndex: 4, label: 'T2', probabilities: { T2: 0.8, T1: 0.2 }, sampled: true },
            { imageIndex: 12, label: 'T2', probabilities: { T2: 0.85, T1: 0.15 }, sampled: true },
          ],
        },
      ],
    });
    const html = renderToStaticMarkup(
      <PanelView state={done} active={{ viewportId: 'v', displaySetInstanceUID: 'a', imageIndex: 12, imageCount: 20 }} overlay={overlay} actions={noop} />,
    );
    expect(html).toContain('Done: 1 of 1 MR series recognised (model ran on WEBGPU)');
    expect(html).toContain('#3 AX T1 SE');
    expect(html).toContain('disagrees with the pixels');
    expect(html).toContain('Slice 13: T2 85%');
    expect(html).toContain('data-image-index="12"');
    expect(html).toMatch(/type="checkbox"[^>]*checked=""/);
    expect(html).toContain('45%');
  });

  it('says why the active series has no chart', () => {
    const s = state({
      series: [{ displaySetInstanceUID: 'ct', description: 'loc', modality: 'CT', imageCount: 3, status: 'skipped', message: 'skipped: CT (not MR)', slices: [] }],
    });
    const html = renderToStaticMarkup(<PanelView state={s} active={{ viewportId: 'v', displaySetInstanceUID: 'ct', imageIndex: 0, imageCount: 3 }} overlay={overlay} actions={noop} />);
    expect(html).toContain('skipped: CT (not MR)');
    expect(html).not.toContain('mrseq-slice-chart');
  });
});
