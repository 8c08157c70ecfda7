/** Build the runtime plugin (extension + mode + worker + ort wasm + model) with webpack's Node API. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import webpack from 'webpack';
import { DEFAULT_MODEL_DIR } from '../../cli/src/defaultModel';
import type { HostModuleMap } from '../../extension/src/ohif/hostModules';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The released model: the folder named in models/DEFAULT_MODEL. */
export const SHIPPED_MODEL = DEFAULT_MODEL_DIR;
export const FIXTURE_MODEL = path.join(REPO_ROOT, 'models', 'fixture-tiny');

/** The model folder to ship: MRSEQ_MODEL_DIR, else the released model, else the random-weights fixture. */
export function resolveModelDir(explicit?: string): { dir: string; fixture: boolean } {
  const chosen = explicit ?? process.env.MRSEQ_MODEL_DIR;
  if (chosen) return { dir: path.resolve(chosen), fixture: path.resolve(chosen) === FIXTURE_MODEL };
  if (existsSync(path.join(SHIPPED_MODEL, 'model.json'))) return { dir: SHIPPED_MODEL, fixture: false };
  return { dir: FIXTURE_MODEL, fixture: true };
}

export interface BuildOptions {
  outDir: string;
  modelDir: string;
  hostMap: HostModuleMap | null;
  mode?: 'production' | 'development';
}

export function buildPlugin(opts: BuildOptions): Promise<void> {
  const makeConfig = require(path.join(REPO_ROOT, 'extension', 'webpack.config.js'));
  return new Promise((resolve, reject) => {
    webpack(makeConfig(opts), (err, stats) => {
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) {
        return reject(new Error(stats?.toString({ all: false, errors: true, errorDetails: true }) ?? 'webpack failed'));
      }
      if (stats.hasWarnings()) console.warn(stats.toString({ all: false, warnings: true }));
      resolve();
    });
  });
}
