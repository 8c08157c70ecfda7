import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseModelConfig } from './labels';

const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../../../models/fixture-tiny/model.json'), 'utf8'));

test('the fixture model.json parses into typed settings', () => {
  const c = parseModelConfig(fixture);
  expect(c.labels).toEqual(fixture.labels);
  expect(c.inputSize).toBe(fixture.input.size);
  expect(c.temperature).toBe(fixture.calibration.temperature);
  expect(c.decision.unknownThreshold).toBe(fixture.decision.unknown_threshold);
  expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test.each([
  [{ labels: ['T1'] }, 'labels must list at least two'],
  [{ labels: ['T1', 'T1'] }, 'labels must be unique'],
  [{ preprocessing: { version: 'mrseq-prep-9' } }, 'preprocessing version "mrseq-prep-9" is not implemented'],
  [{ input: { name: 'input', size: 3 } }, 'input.size must be an integer'],
  [{ normalization: { mean: 0, std: 0 } }, 'normalization.std must be positive'],
  [{ onnx: { file: 'model.onnx' } }, 'onnx.sha256 must be a non-empty string'],
  [{ calibration: { temperature: -1 } }, 'calibration.temperature must be positive'],
])('a broken model.json is refused with the field at fault (%j)', (patch, message) => {
  expect(() => parseModelConfig({ ...fixture, ...patch })).toThrow(message);
});
