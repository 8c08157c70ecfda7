/**
 * The default model is named once, in models/DEFAULT_MODEL (one line: a folder under models/).
 * The command line, the viewer build and study calibration read it here; the Python training
 * scripts (mrseq_train/shipped.py) and the shell scripts read the same file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const MODELS_DIR = path.resolve(__dirname, '../../models');

/** The folder name in models/DEFAULT_MODEL, checked to be a plain name. */
export function defaultModelName(modelsDir: string = MODELS_DIR): string {
  const file = path.join(modelsDir, 'DEFAULT_MODEL');
  const name = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
    throw new Error(`${file}: expected one model folder name, found ${JSON.stringify(name)}`);
  }
  return name;
}

/** The model shipped in the repository, used when no --model is given. */
export const DEFAULT_MODEL_DIR = path.join(MODELS_DIR, defaultModelName());
