import type { ClassifierState } from '../services/types';
import { decideArrangement } from './arrangement';
import { planLayout } from './planLayout';

const state = (over: Partial<ClassifierState>): ClassifierState => ({
  model: { state: 'idle' },
  run: { state: 'done', done: 2, total: 2 },
  series: [{ displaySetInstanceUID: 'a', description: '', modality: 'MR', imageCount: 5, status: 'done', slices: [] }],
  ...over,
});

describe('decideArrangement', () => {
  it('hangs by sequence when at least one viewport can be filled', () => {
    expect(decideArrangement(state({}), planLayout([{ displaySetInstanceUID: 'a', label: 'T2' }]))).toEqual({ action: 'hang', filled: 1 });
  });

  it('keeps the stock layout, saying why, when classification failed or found nothing to hang', () => {
    const none = planLayout([{ displaySetInstanceUID: 'a', label: 'OTHER' }]);
    expect(decideArrangement(state({}), none)).toEqual({
      action: 'keep',
      message: 'Kept the current layout: no T1, T1c, T2, FLAIR or DW series was recognised.',
      severity: 'warning',
    });
    expect(decideArrangement(state({ model: { state: 'failed', message: 'x' }, run: { state: 'failed', done: 0, total: 2 } }), none)).toMatchObject({
      action: 'keep',
      message: 'Kept the current layout: classification failed.',
      severity: 'error',
    });
  });

  it('waits while classification runs', () => {
    expect(decideArrangement(state({ run: { state: 'running', done: 1, total: 2 } }), planLayout([])).action).toBe('wait');
  });
});
