/**
 * The default model is named once, in models/DEFAULT_MODEL, and read by the command line, the viewer
 * build, study calibration and the training scripts. The header-fusion fit and the recipe's input
 * size must follow it: a viewer on one model with a CLI on another, or a fusion fitted for an older
 * model, would make what the command line measures differ from what a radiologist gets.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultModelName } from '../../cli/src/defaultModel';
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

test('models/DEFAULT_MODEL names the shipped folder; the scripts read it instead of naming a model', () => {
  expect(defaultModelName()).toBe(shippedName);
  const readers: Array<[string, RegExp]> = [
    ['scripts/study/calibrate.sh', /^model="models\/\$\(tr -d '\[:space:\]' < models\/DEFAULT_MODEL\)"/m],
    ['scripts/study/calibrate.ts', /arg\('--model', DEFAULT_MODEL_DIR\)/],
    ['models/training/reproduce.sh', /^SHIPPED=\$\(tr -d '\[:space:\]' < models\/DEFAULT_MODEL\)/m],
    ['models/training/train.py', /"--name", default=default_model_name\(\)/],
    ['models/training/card.py', /"--model", default=default_model_dir\(\)/],
    ['models/training/quantize.py', /"--model", default=f"models\/\{default_model_name\(\)\}"/],
  ];
  for (const [rel, re] of readers) {
    const text = read(rel);
    expect([rel, re.test(text)]).toEqual([rel, true]);
    // no model folder written out as a default or an assignment (comments and usage lines may cite older models)
    const code = text
      .split('\n')
      .filter((l) => !/^\s*(#|\/\/|\*)/.test(l) && /=|default/.test(l))
      .join('\n');
    expect([rel, code.match(/models\/mrseq-v\d+|'mrseq-v\d+'|"mrseq-v\d+"/g)]).toEqual([rel, null]);
  }
});

test('a damaged models/DEFAULT_MODEL is refused with the file named', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrseq-default-'));
  try {
    writeFileSync(path.join(dir, 'DEFAULT_MODEL'), '../etc\n');
    expect(() => defaultModelName(dir)).toThrow(/DEFAULT_MODEL: expected one model folder name, found "\.\.\/etc"/);
    writeFileSync(path.join(dir, 'DEFAULT_MODEL'), '  mrseq-v9 \n');
    expect(defaultModelName(dir)).toBe('mrseq-v9');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the training recipe's default input size is the shipped model's", () => {
  const size = Number(capture('models/training/mrseq_train/recipe.py', /"--size", type=int, default=(\d+)/));
  expect(size).toBe(shippedMeta().input.size);
});

test('every model card is titled with its own folder and model.json name', () => {
  const modelsDir = path.join(REPO_ROOT, 'models');
  const folders = readdirSync(modelsDir).filter((d) => existsSync(path.join(modelsDir, d, 'MODEL_CARD.md')));
  expect(folders).toContain(shippedName);
  for (const d of folders) {
    const title = read(`models/${d}/MODEL_CARD.md`).split('\n')[0];
    const name = JSON.parse(read(`models/${d}/model.json`)).name;
    expect([d, title, name]).toEqual([d, `# ${d} model card`, d]);
  }
});
