/**
 * The core must run unchanged in node and in a browser Web Worker: no React, no OHIF, no DOM, no node
 * built-ins. This scans every non-test source file of the core for imports and globals that break that.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !/testing/.test(name) ? [p] : [];
  });
}

const FORBIDDEN_IMPORT = /^(react|react-dom|@ohif\/|@cornerstonejs\/core|@cornerstonejs\/tools|node:|fs$|path$|os$|child_process$|crypto$|zlib$|stream$|buffer$|pngjs$|onnxruntime-node$|onnxruntime-web$)/;
const FORBIDDEN_GLOBAL = /\b(document|window|localStorage|process\.|Buffer\.|require\()/;

const files = sources(__dirname);

test('the core has source files to check', () => {
  expect(files.length).toBeGreaterThan(20);
});

test.each(files.map((f) => [path.relative(__dirname, f), f]))('%s imports nothing outside the portable core', (_rel, file) => {
  const text = readFileSync(file, 'utf8');
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const imports = [...code.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  expect(imports.filter((i) => FORBIDDEN_IMPORT.test(i))).toEqual([]);
  expect(code.match(FORBIDDEN_GLOBAL)).toBeNull();
});
