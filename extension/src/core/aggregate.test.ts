import { decideSeries } from './aggregate';

const labels = ['T1', 'T1c', 'T2', 'DWI'];
const settings = { unknownThreshold: 0.5, minSliceAgreement: 0.6 };

test('a clear majority gives the label with its mean probability', () => {
  const d = decideSeries([[0.8, 0.1, 0.05, 0.05], [0.7, 0.2, 0.05, 0.05], [0.6, 0.3, 0.05, 0.05]], labels, settings);
  expect(d.label).toBe('T1');
  expect(d.unknown).toBe(false);
  expect(d.confidence).toBeCloseTo(0.7, 6);
  expect(d.votes).toEqual({ T1: 3, T1c: 0, T2: 0, DWI: 0 });
  expect(d.agreement).toBe(1);
  expect(d.probabilities.T1c).toBeCloseTo(0.2, 6);
});

test('weak evidence is unknown, naming the best and the runner-up', () => {
  const d = decideSeries([[0.4, 0.35, 0.15, 0.1], [0.45, 0.35, 0.1, 0.1]], labels, settings);
  expect(d.unknown).toBe(true);
  expect(d.label).toBe('T1');
  expect(d.reason).toMatch(/weak evidence: best T1 0\.43 < threshold 0\.50, next T1c 0\.35/);
});

test('split slices are unknown even when the mean is high enough', () => {
  const d = decideSeries(
    [[0.9, 0.1, 0, 0], [0.9, 0.1, 0, 0], [0.3, 0.7, 0, 0], [0.3, 0.7, 0, 0], [0.35, 0.65, 0, 0]],
    labels,
    settings,
  );
  expect(d.label).toBe('T1');
  expect(d.unknown).toBe(true);
  expect(d.reason).toBe('slices split: T1c 3/5, T1 2/5 (need 60% agreement)');
});

test('the thresholds come from the settings, not the code', () => {
  const probs = [[0.45, 0.3, 0.15, 0.1]];
  expect(decideSeries(probs, labels, { unknownThreshold: 0.4, minSliceAgreement: 0.5 }).unknown).toBe(false);
  expect(decideSeries(probs, labels, { unknownThreshold: 0.5, minSliceAgreement: 0.5 }).unknown).toBe(true);
});

test('no slices is a programming error, not a silent label', () => {
  expect(() => decideSeries([], labels, settings)).toThrow(/at least one slice/);
});
