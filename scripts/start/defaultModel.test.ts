/**
 * The default model is named in several places (command line, viewer build, study calibration,
 * training scripts, the header-fusion fit). Switching the default must move all of them together:
 * a viewer on one model with a CLI on another, or a fusion fitted for an older model, would make
 * what the command line measures differ from what a radiologist gets.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../../cli/src/loadModel';
import { REPO_ROOT, SHIPPED_MODEL } from './build';

const read = (rel: string) => readFileSync(path.join(REPO_ROOT, rel), 'utf8');
const shippedName = path.basename(SHIPPED_MODEL);
const shippedMeta = () => JSON.parse(readFileSync(path.join(SHIPPED_MODEL, 'model.json'), 'utf8'));

function capture(rel: string, re: RegExp): string {
  const m = read(rel).match(re);
  if (!m) throw new Error(`${rel}: no match for ${re}`);
  return m[1];
}

test('the command line and the viewer build default to the same model folder, which is committed', () => {
  expect(path.resolve(DEFAULT_MODEL_DIR)).toBe(path.resolve(SHIPPED_MODEL));
  expect(existsSync(path.join(SHIPPED_MODEL, 'model.json'))).toBe(true);
  expect(existsSync(path.join(SHIPPED_MODEL, 'MODEL_CARD.md'))).toBe(true);
});

test('the model folder, its model.json name and the header fusion fit name the same model', () => {
  expect(shippedMeta().name).toBe(shippedName);
  const fit = JSON.parse(read('extension/src/core/metadata/fusionFit.json'));
  expect(fit.fitted_for_model).toBe(shippedName);
});

test('study calibration, the training scripts and the card default to the shipped model', () => {
  expect(capture('scripts/study/calibrate.sh', /^model="models\/([^"]+)"/m)).toBe(shippedName);
  expect(capture('scripts/study/calibrate.ts', /'models', '([^']+)'/)).toBe(shippedName);
  expect(capture('models/training/reproduce.sh', /^OUT=\$\{1:-models\/([^}]+)\}/m)).toBe(shippedName);
  expect(capture('models/training/reproduce.sh', /^NAME=\$\{NAME:-([^}]+)\}/m)).toBe(shippedName);
  expect(capture('models/training/train.py', /"--name", default="([^"]+)"/)).toBe(shippedName);
  expect(capture('models/training/card.py', /"models", "([^"]+)"\)/)).toBe(shippedName);
});

test("the training recipe's default input size is the shipped model's", () => {
  const size = Number(capture('models/training/mrseq_train/recipe.py', /"--size", type=int, default=(\d+)/));
  expect(size).toBe(shippedMeta().input.size);
});
