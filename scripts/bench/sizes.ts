/** Download sizes: the plugin's JavaScript (gzip, without onnxruntime-web's wasm files) and the model. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Sizes {
  /** mrseq-extension.mjs, mrseq-mode.mjs and the chunks (worker with the core and onnxruntime-web's JS). */
  pluginFiles: string[];
  pluginBytes: number;
  pluginGzipBytes: number;
  /** onnxruntime-web's wasm and its loader the worker fetches when there is no WebGPU adapter (the plain SIMD build). */
  ortWasmBytes: number;
  ortWasmGzipBytes: number;
  /** The JSEP build (WebGPU + WASM), fetched only when a WebGPU adapter exists. */
  ortJsepBytes: number;
  ortJsepGzipBytes: number;
  modelName: string;
  modelBytes: number;
  modelGzipBytes: number;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;

export function sizes(pluginDir: string, modelDir: string): Sizes {
  const all = files(pluginDir).map((f) => path.relative(pluginDir, f));
  const plugin = all.filter((f) => /\.m?js$/.test(f) && !f.startsWith('ort' + path.sep) && !f.startsWith('model' + path.sep));
  const ort = all.filter((f) => f.startsWith('ort' + path.sep) && !f.includes('.jsep.'));
  const jsep = all.filter((f) => f.startsWith('ort' + path.sep) && f.includes('.jsep.'));
  const sum = (list: string[], fn: (f: string) => number) => list.reduce((n, f) => n + fn(path.join(pluginDir, f)), 0);
  const model = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8')) as { name: string; onnx?: { file?: string } };
  const onnx = path.join(modelDir, model.onnx?.file ?? 'model.onnx');
  return {
    pluginFiles: plugin,
    pluginBytes: sum(plugin, (f) => statSync(f).size),
    pluginGzipBytes: sum(plugin, gz),
    ortWasmBytes: sum(ort, (f) => statSync(f).size),
    ortWasmGzipBytes: sum(ort, gz),
    ortJsepBytes: sum(jsep, (f) => statSync(f).size),
    ortJsepGzipBytes: sum(jsep, gz),
    modelName: model.name,
    modelBytes: statSync(onnx).size,
    modelGzipBytes: gz(onnx),
  };
}
