/**
 * Build of the runtime plugin for a prebuilt OHIF viewer: the extension and the mode as two ES
 * modules, the classifier worker as a module chunk, onnxruntime-web's wasm files and the model next
 * to them. Used by scripts/start (npm start, npm run build:plugin); an OHIF built from source does
 * not need it (it bundles extension/ and mode/ as workspace packages).
 *
 * Options (a function of them is exported, see scripts/start/build.ts):
 *   outDir    where to write (default dist/plugin)
 *   modelDir  the model folder copied to <outDir>/model (model.json + its ONNX file)
 *   hostMap   the OHIF host module map (see src/ohif/hostModules.ts), or null
 *   mode      'production' | 'development'
 */
const path = require('path');
const webpack = require('webpack');
const CopyPlugin = require('copy-webpack-plugin');

const root = path.resolve(__dirname, '..');
const ortDist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));

/**
 * The onnxruntime-web files the worker may load at run time: the plain SIMD WASM build (what runs
 * when there is no WebGPU adapter, onnxruntime-web/wasm) and the JSEP build (WebGPU + WASM,
 * onnxruntime-web's default entry), fetched only when an adapter exists (see classifier.worker.ts).
 */
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

module.exports = function config(opts = {}) {
  const outDir = path.resolve(opts.outDir || path.join(root, 'dist', 'plugin'));
  const modelDir = path.resolve(opts.modelDir || path.join(root, 'models', 'fixture-tiny'));
  const modelJson = require(path.join(modelDir, 'model.json'));
  const onnxFile = (modelJson.onnx && modelJson.onnx.file) || 'model.onnx';
  const shims = path.join(__dirname, 'src', 'ohif', 'hostShims');
  return {
    mode: opts.mode || 'production',
    target: 'web',
    devtool: 'source-map',
    context: root,
    entry: {
      'mrseq-extension': { import: './extension/src/index.ts', library: { type: 'module' } },
      'mrseq-mode': { import: './mode/src/index.ts', library: { type: 'module' } },
      // imported by app-config.js: starts the worker and the model load at navigation (src/early.ts)
      'mrseq-early': { import: './extension/src/early.ts', library: { type: 'module' } },
    },
    experiments: { outputModule: true },
    output: {
      path: outDir,
      filename: '[name].mjs',
      chunkFilename: 'chunks/[name].[contenthash:8].mjs',
      chunkFormat: 'module',
      chunkLoading: 'import',
      publicPath: 'auto',
      module: true,
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      // onnxruntime-web: load its wasm from our own origin, never embedded or from a CDN.
      conditionNames: ['onnxruntime-web-use-extern-wasm', 'import', 'module', 'browser', 'default'],
      alias: {
        // One React: the viewer's own (see extension/src/ohif/hostModules.ts).
        'react/jsx-runtime$': path.join(shims, 'jsx-runtime.js'),
        'react-dom$': path.join(shims, 'react-dom.js'),
        react$: path.join(shims, 'react.js'),
      },
      // The core is pure TypeScript; these node built-ins must never be needed in the browser.
      fallback: { fs: false, path: false, crypto: false, url: false, module: false, worker_threads: false },
    },
    module: {
      rules: [
        {
          test: /\.[jt]sx?$/,
          exclude: /node_modules/,
          use: { loader: 'babel-loader', options: { rootMode: 'upward', cacheDirectory: path.join(root, '.cache', 'babel') } },
        },
        // onnxruntime-web's ESM build references its own wasm helper through import.meta.url; leave it alone.
        { test: /\.mjs$/, include: /onnxruntime-web/, parser: { importMeta: false, url: false, worker: false } },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({
        __MRSEQ_HOST__: JSON.stringify(opts.hostMap || null),
        __MRSEQ_BUILD__: JSON.stringify({ onnxFile, modelName: modelJson.name, ortFiles: ORT_FILES }),
        // The mode names the extension by its URL next to the mode (see mode/src/extensionRef.ts).
        __MRSEQ_EXTENSION_SPECIFIER__: 'new URL("./mrseq-extension.mjs", import.meta.url).href',
      }),
      new CopyPlugin({
        patterns: [
          ...ORT_FILES.map((f) => ({ from: path.join(ortDist, f), to: path.join('ort', f), info: { minimized: true } })),
          { from: path.join(modelDir, 'model.json'), to: 'model/model.json' },
          { from: path.join(modelDir, onnxFile), to: path.join('model', onnxFile) },
        ],
      }),
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
};
