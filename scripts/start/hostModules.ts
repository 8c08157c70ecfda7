/**
 * Read, from the pinned OHIF dist, what the plugin needs to share the viewer's React (see
 * extension/src/ohif/hostModules.ts): the name of the rspack chunk array and the module ids of the
 * shared packages, taken from the `EXTERNAL MODULE: <path>` comments of the unminified app bundle.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { HostModuleMap, HostModuleName } from '../../extension/src/ohif/hostModules';

const WANTED: Record<HostModuleName, string> = {
  react: 'node_modules/react/index.js',
  'react/jsx-runtime': 'node_modules/react/jsx-runtime.js',
  'react-dom': 'node_modules/react-dom/index.js',
  'react-dom/client': 'node_modules/react-dom/client.js',
};

/** Parse the app bundle's text; throws with a readable message when the bundle is not what we expect. */
export function parseHostModuleMap(bundle: string, ohifVersion: string): HostModuleMap {
  const global = /globalThis\["([A-Za-z0-9_$]+)"\]\s*=\s*globalThis\["\1"\]\s*\|\|\s*\[\]/.exec(bundle);
  if (!global) throw new Error('the OHIF app bundle has no globalThis chunk array; is it a rspack/webpack build?');
  const modules: HostModuleMap['modules'] = {};
  const re = /EXTERNAL MODULE: ([^\n]+?)(?: \+ \d+ modules)?\n[^\n]*?__webpack_require__\((\d+)\)/g;
  for (let m = re.exec(bundle); m; m = re.exec(bundle)) {
    for (const [name, suffix] of Object.entries(WANTED) as Array<[HostModuleName, string]>) {
      if (m[1].endsWith(suffix) && modules[name] === undefined) modules[name] = Number(m[2]);
    }
  }
  for (const name of ['react', 'react/jsx-runtime'] as const) {
    if (modules[name] === undefined) throw new Error(`the OHIF app bundle does not name ${name}; cannot share the viewer's React`);
  }
  return { chunkGlobal: global[1], modules, ohifVersion };
}

export async function readHostModuleMap(distDir: string, ohifVersion: string): Promise<HostModuleMap> {
  const app = (await fs.readdir(distDir)).find((f) => /^app\.bundle\.[0-9a-f]+\.js$/.test(f) || f === 'app.bundle.js');
  if (!app) throw new Error(`no app.bundle.*.js in ${distDir}`);
  return parseHostModuleMap(await fs.readFile(path.join(distDir, app), 'utf8'), ohifVersion);
}
