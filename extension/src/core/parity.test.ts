/**
 * Parity with the Python training pipeline: every model directory that ships golden vectors is run
 * through the TypeScript preprocessing and onnxruntime-node, and must match what Python computed.
 */
import * as path from 'node:path';
import { loadModel } from './model/testing';
import { modelsWithGolden, readGolden } from '../testing/golden';
import { preprocessSlice } from './preprocess';

const dirs = modelsWithGolden();

test('the fixture model ships golden vectors (and any trained model is checked too)', () => {
  expect(dirs.map((d) => path.basename(d))).toContain('fixture-tiny');
});

describe.each(dirs.map((d) => [path.basename(d), d]))('golden vectors of %s', (_name, dir) => {
  const samples = readGolden(dir);

  test('there are samples, including an empty slice', () => {
    expect(samples.length).toBeGreaterThanOrEqual(3);
  });

  test.each(samples.map((s) => [s.name, s]))('preprocessing of %s matches Python to 1e-4', async (_n, s) => {
    const { config } = await loadModel(dir);
    const out = preprocessSlice(s.input, s.height, s.width, s.pixelSpacing, {
      size: config.inputSize,
      percentiles: config.percentiles,
      mean: config.mean,
      std: config.std,
      version: config.preprocessingVersion,
    });
    expect(out.tensor.length).toBe(s.tensor.length);
    let maxDiff = 0;
    for (let i = 0; i < s.tensor.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out.tensor[i] - s.tensor[i]));
    expect(maxDiff).toBeLessThan(1e-4);
  });

  test('TypeScript preprocessing + onnxruntime-node give Python\'s logits and CAMs', async () => {
    const { classifier, config } = await loadModel(dir);
    const preds = await classifier.classify(
      samples.map((s) => ({ width: s.width, height: s.height, pixels: s.input, pixelSpacing: s.pixelSpacing })),
    );
    preds.forEach((p, k) => {
      const s = samples[k];
      expect(p.logits.length).toBe(config.labels.length);
      p.logits.forEach((v, c) => expect(v).toBeCloseTo(s.logits[c], 3));
      expect(p.camDims).toEqual(s.camDims);
      let maxDiff = 0;
      p.cam!.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - s.cam[i]))));
      expect(maxDiff).toBeLessThan(1e-3);
      // GAP + linear head: the mean of each class map is that class's logit (CAM == Grad-CAM).
      const [C, gh, gw] = p.camDims!;
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let i = 0; i < gh * gw; i++) sum += p.cam![c * gh * gw + i];
        expect(sum / (gh * gw)).toBeCloseTo(p.logits[c], 3);
      }
    });
  });
});
