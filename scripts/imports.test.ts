/**
 * The import graph of every TypeScript file (extension, mode, cli, scripts): layers point one way
 * (panels/ and overlays/ never import the OHIF adapters in ohif/, and ohif/ never imports them), the
 * mode uses only the extension's public entry, and nothing imports in a cycle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DIRS = ['extension/src', 'mode/src', 'cli/src', 'cli/bin', 'scripts'];
const PACKAGES: Record<string, string> = { '@mrseq/extension': 'extension/src/index.ts' };

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? (n === 'node_modules' ? [] : files(p)) : /\.(tsx?|js)$/.test(n) ? [p] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else if (PACKAGES[spec]) return path.join(ROOT, PACKAGES[spec]);
  else if (spec.startsWith('@mrseq/extension/')) base = path.join(ROOT, 'extension/src', spec.slice('@mrseq/extension/'.length));
  else return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, path.join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

const all = DIRS.flatMap((d) => files(path.join(ROOT, d)));
const graph = new Map<string, string[]>();
for (const f of all) {
  const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const specs = [...code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  graph.set(f, specs.map((s) => resolve(f, s)).filter((r): r is string => !!r));
}
const rel = (f: string) => path.relative(ROOT, f);
const inDir = (f: string, d: string) => rel(f).startsWith(`extension/src/${d}/`);

test('the graph covers the project', () => {
  expect(all.length).toBeGreaterThan(150);
});

test('panels/ and overlays/ do not import the OHIF adapters (ohif/), nor ohif/ them', () => {
  const wrong: string[] = [];
  for (const [f, deps] of graph) {
    for (const d of deps) {
      if ((inDir(f, 'panels') || inDir(f, 'overlays')) && inDir(d, 'ohif')) wrong.push(`${rel(f)} -> ${rel(d)}`);
      if (inDir(f, 'ohif') && (inDir(d, 'panels') || inDir(d, 'overlays'))) wrong.push(`${rel(f)} -> ${rel(d)}`);
    }
  }
  expect(wrong).toEqual([]);
});

test("the mode imports only the extension's public entry", () => {
  const reaches = [...graph].filter(([f]) => rel(f).startsWith('mode/')).flatMap(([f, deps]) => deps.filter((d) => rel(d).startsWith('extension/')).map((d) => `${rel(f)} -> ${rel(d)}`));
  expect(reaches.every((r) => r.endsWith('-> extension/src/index.ts'))).toBe(true);
});

test('no import cycle anywhere (tests and scripts included)', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});
