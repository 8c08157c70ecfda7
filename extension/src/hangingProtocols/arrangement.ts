/**
 * Whether to re-hang the study by sequence now, and what to tell the reader when not: the stock
 * layout stays while classification runs, when it failed, and when none of the four sequences was
 * recognised (a 2x2 of empty viewports would help nobody).
 */
import type { ClassifierState } from '../services/types';
import type { LayoutPlan } from './planLayout';

export type Arrangement =
  | { action: 'hang'; filled: number }
  | { action: 'wait'; message: string }
  | { action: 'keep'; message: string; severity: 'warning' | 'error' };

export function decideArrangement(state: ClassifierState, plan: LayoutPlan): Arrangement {
  if (state.run.state === 'running' || state.model.state === 'loading') {
    return { action: 'wait', message: 'Classification is still running; the study will be arranged when it is done.' };
  }
  if (plan.filled > 0) return { action: 'hang', filled: plan.filled };
  if (state.model.state === 'failed' || state.run.state === 'failed') {
    return { action: 'keep', message: 'Kept the current layout: classification failed.', severity: 'error' };
  }
  if (state.series.length === 0 || state.run.state === 'idle') {
    return { action: 'keep', message: 'Kept the current layout: the study has not been classified yet.', severity: 'warning' };
  }
  return { action: 'keep', message: 'Kept the current layout: no T1, T1c, T2, FLAIR or DW series was recognised.', severity: 'warning' };
}
