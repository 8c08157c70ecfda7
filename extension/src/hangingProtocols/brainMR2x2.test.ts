import type { ClassifierState, SeriesEntry } from '../services/types';
import { brainMR2x2, SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE } from './brainMR2x2';
import { registerCustomAttributes } from './customAttributes';

type Rule = { attribute: string; constraint: Record<string, { value: unknown }>; required?: boolean; weight?: number };
type DisplaySet = { displaySetInstanceUID: string; numImageFrames: number };

/**
 * OHIF's HPMatcher for the constraints this protocol uses (equals / greaterThan on a value, required
 * rules zero the score, the highest score wins, the first on ties): enough to check the protocol's
 * data against the attributes it is matched with.
 */
function bestMatch(rules: Rule[], displaySets: DisplaySet[], attributes: Map<string, (ds: DisplaySet) => unknown>): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const ds of displaySets) {
    let score = 0;
    let failed = false;
    for (const rule of rules) {
      const value = attributes.has(rule.attribute) ? attributes.get(rule.attribute)?.(ds) : (ds as Record<string, unknown>)[rule.attribute];
      const [op, { value: wanted }] = Object.entries(rule.constraint)[0];
      const ok = op === 'equals' ? value === wanted : op === 'greaterThan' ? Number(value) > Number(wanted) : false;
      if (ok) score += rule.weight ?? 1;
      else if (rule.required) failed = true;
    }
    if (!failed && score > bestScore) {
      best = ds.displaySetInstanceUID;
      bestScore = score;
    }
  }
  return best;
}

function stateWith(predictions: Array<[string, string | null, number]>): { state: ClassifierState; labels: Map<string, string> } {
  const labels = new Map<string, string>();
  const series = predictions.map(([uid, label, confidence], i) => {
    if (label) labels.set(uid, label);
    return { displaySetInstanceUID: uid, seriesNumber: i + 1, status: 'done', result: { confidence }, slices: [] } as unknown as SeriesEntry;
  });
  return {
    state: { model: { state: 'idle' }, run: { state: 'done', done: series.length, total: series.length }, series },
    labels,
  };
}

function hang(predictions: Array<[string, string | null, number]>): Record<string, string | null> {
  const { state, labels } = stateWith(predictions);
  const attributes = new Map<string, (ds: DisplaySet) => unknown>();
  registerCustomAttributes(
    { addCustomAttribute: (id, _name, cb) => attributes.set(id, cb as (ds: DisplaySet) => unknown) },
    { getState: () => state, getLabel: (uid) => labels.get(uid) },
  );
  const displaySets = predictions.map(([uid]) => ({ displaySetInstanceUID: uid, numImageFrames: 20 }));
  const stage = brainMR2x2.stages[0];
  return Object.fromEntries(
    stage.viewports.map((vp) => {
      const selector = (brainMR2x2.displaySetSelectors as unknown as Record<string, { seriesMatchingRules: Rule[] }>)[vp.displaySets[0].id];
      return [vp.viewportOptions.viewportId, bestMatch(selector.seriesMatchingRules, displaySets, attributes)];
    }),
  );
}

describe('brainMR2x2 protocol', () => {
  it('registers both custom attributes and hangs T1 / T1c / T2 / DW in a 2x2 grid', () => {
    expect(brainMR2x2.stages[0].viewportStructure.properties).toEqual({ rows: 2, columns: 2 });
    expect(hang([['s1', 'T2', 0.9], ['s2', 'DWI', 0.8], ['s3', 'T1', 0.9], ['s4', 'T1c', 0.7], ['s5', 'ADC', 0.9]])).toEqual({
      'mrseq-T1': 's3',
      'mrseq-T1c': 's4',
      'mrseq-T2': 's1',
      'mrseq-DW': 's2',
    });
  });

  it('falls back to FLAIR for T2 and leaves viewports without their sequence empty', () => {
    expect(hang([['a', 'FLAIR', 0.9], ['b', 'T1', 0.9], ['c', null, 0]])).toEqual({
      'mrseq-T1': 'b',
      'mrseq-T1c': null,
      'mrseq-T2': 'a',
      'mrseq-DW': null,
    });
  });

  it('has a one-viewport waiting stage, always enabled, used while no viewport of the 2x2 matches', () => {
    const [grid, waiting] = brainMR2x2.stages;
    // OHIF's first hanging asks for stage 0 and throws when it is disabled: the 2x2 is passive with no
    // viewport matched (the layout controller then runs the protocol without a stage), enabled with one
    expect(grid.stageActivation).toEqual({ passive: { minViewportsMatched: 0 }, enabled: { minViewportsMatched: 1 } });
    expect(waiting.stageActivation).toEqual({ enabled: { minViewportsMatched: 0 } });
    expect(waiting.viewportStructure.properties).toEqual({ rows: 1, columns: 1 });
    // OHIF's stage choice (HangingProtocolService._updateStageStatus / _findStageIndex): passive needs
    // the passive minimum (default 0), enabled the enabled minimum (default 1); the first enabled stage
    // wins, else the first that is not disabled
    type Activation = { passive?: { minViewportsMatched?: number }; enabled?: { minViewportsMatched?: number } };
    const status = (a: Activation, matched: number) =>
      matched >= (a.passive?.minViewportsMatched ?? 0) ? (matched >= (a.enabled?.minViewportsMatched ?? 1) ? 'enabled' : 'passive') : 'disabled';
    const chosen = (matched: number[]) => {
      const st = brainMR2x2.stages.map((stage, i) => status(stage.stageActivation as Activation, matched[i]));
      const enabled = st.indexOf('enabled');
      return brainMR2x2.stages[enabled >= 0 ? enabled : st.findIndex((x) => x !== 'disabled')].id;
    };
    expect(chosen([0, 1])).toBe('mrseq-waiting');
    expect(chosen([1, 1])).toBe('mrseq-2x2');
    // OHIF's first hanging (stageIndex 0 given): stage 0 must not be disabled even with nothing matched
    expect(status(grid.stageActivation as Activation, 0)).not.toBe('disabled');
    const selector = (brainMR2x2.displaySetSelectors as unknown as Record<string, { seriesMatchingRules: Rule[] }>)[waiting.viewports[0].displaySets[0].id];
    const sets = [
      { displaySetInstanceUID: 'ct', numImageFrames: 3, Modality: 'CT' },
      { displaySetInstanceUID: 'mr', numImageFrames: 20, Modality: 'MR' },
    ];
    expect(bestMatch(selector.seriesMatchingRules, sets, new Map())).toBe('mr');
  });

  it('exposes the predicted label itself as mrseqSequence', () => {
    const { state, labels } = stateWith([['a', 'FLAIR', 0.9]]);
    const attributes = new Map<string, (ds: { displaySetInstanceUID: string }) => unknown>();
    registerCustomAttributes({ addCustomAttribute: (id, _n, cb) => attributes.set(id, cb) }, { getState: () => state, getLabel: (u) => labels.get(u) });
    expect([...attributes.keys()]).toEqual([SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE]);
    expect(attributes.get(SEQUENCE_ATTRIBUTE)?.({ displaySetInstanceUID: 'a' })).toBe('FLAIR');
    expect(attributes.get(VIEWPORT_ATTRIBUTE)?.({ displaySetInstanceUID: 'a' })).toBe('T2');
  });
});
