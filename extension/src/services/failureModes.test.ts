/**
 * Failure modes of the viewer service, each ending with the viewer usable on its stock layout (or on
 * the series that could be classified): the model URL answers 404, the model file's hash differs, the
 * worker crashes mid-study, WebGPU fails to start (WASM runs and the panel says why), and the study
 * is left while classifying (the rest is not loaded, late answers are dropped, the next study runs).
 */
import { decideArrangement } from '../hangingProtocols/arrangement';
import { planFor } from '../hangingProtocols/customAttributes';
import { statusText } from '../panels/panelModel';
import { ClassifierClient, type WorkerLike } from '../worker/client';
import type { LoadRuntime } from '../worker/handler';
import { fetchModel } from '../core/model/modelLoader';
import { createRuntime, type BackendProbe, type OrtLike } from '../core/model/session';
import { diskSlice, fixtureFiles, inProcessWorker, memoryFetch, MODEL_URL, ortNodeAsWeb, TEST_SOURCE, webCryptoSha256 } from '../worker/testing';
import { ClassifierService } from './ClassifierService';
import { sampleImageIndices, toSampledSeries, toSliceImage, type ViewerImage } from './seriesFromImages';
import type { ClassifierState, DisplaySetLike, SampledSeries, SeriesSource } from './types';

const image = (k: number): ViewerImage => ({ imageIndex: k, ...diskSlice(k), imagePositionPatient: [0, 0, 5 * k], imageOrientationPatient: [1, 0, 0, 0, 1, 0] });
const ds = (uid: string): DisplaySetLike => ({ displaySetInstanceUID: uid, SeriesInstanceUID: `1.2.${uid}`, Modality: 'MR', SeriesDescription: uid, numImageFrames: 8 });

/** Pixels of 8 slices per series; with `gated`, each load waits until `release(uid)`. */
function source(gated = false) {
  const loads: string[] = [];
  const gates = new Map<string, () => void>();
  const src: SeriesSource = {
    async load(d, max): Promise<SampledSeries> {
      loads.push(d.displaySetInstanceUID);
      if (gated) await new Promise<void>((r) => gates.set(d.displaySetInstanceUID, r));
      return toSampledSeries(d, sampleImageIndices(8, max).map(image));
    },
    loadSlice: async (_d, k) => toSliceImage(image(k)),
  };
  return { src, loads, release: (uid: string) => gates.get(uid)?.(), waiting: (uid: string) => gates.has(uid) };
}

/** The browser's loader over in-memory files, a backend probe and an ort, all replaceable. */
const loader =
  (files = fixtureFiles(), probe: BackendProbe = async () => null, ort: OrtLike = ortNodeAsWeb): LoadRuntime =>
  async (s, progress) =>
    createRuntime(ort, await fetchModel(s.modelUrl, { fetch: memoryFetch(files), sha256: webCryptoSha256 }, progress), s, { probe, progress });

function service(src: SeriesSource, client: ClassifierClient) {
  const svc = new ClassifierService({ client, source: src, settings: { model: TEST_SOURCE, samplesPerSeries: 8, classify: { slices: 4 } } });
  const ready: ClassifierState[] = [];
  svc.subscribe<ClassifierState>(ClassifierService.EVENTS.PREDICTIONS_READY, (s) => ready.push(s));
  return { svc, ready };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

function expectStockLayout(svc: ClassifierService, statusLine: string | RegExp) {
  const state = svc.getState();
  expect(decideArrangement(state, planFor(svc))).toEqual({ action: 'keep', message: 'Kept the current layout: classification failed.', severity: 'error' });
  expect(planFor(svc).filled).toBe(0);
  expect(statusText(state)).toEqual({ text: expect.stringMatching(statusLine), tone: 'error' });
}

describe('model cannot be used', () => {
  test('model URL answers 404: every series says so, the stock layout stays', async () => {
    const { svc, ready } = service(source().src, new ClassifierClient(() => inProcessWorker([], loader({}))));
    await svc.classifyDisplaySets([ds('a'), ds('b')]);
    const msg = `the model could not be loaded: could not load the model description: ${MODEL_URL}model.json answered HTTP 404`;
    expect(svc.getState().model).toEqual({ state: 'failed', message: msg });
    expect(svc.getState().series.map((e) => [e.status, e.message])).toEqual([
      ['failed', 'not classified: the model is not available'],
      ['failed', 'not classified: the model is not available'],
    ]);
    expect(ready).toHaveLength(1);
    expectStockLayout(svc, msg);
  });

  test('model file differs from the sha256 in model.json: refused, the stock layout stays', async () => {
    const files = fixtureFiles();
    const onnx = files[MODEL_URL + 'model.onnx'].slice();
    onnx[100] ^= 0x01;
    files[MODEL_URL + 'model.onnx'] = onnx;
    const { svc } = service(source().src, new ClassifierClient(() => inProcessWorker([], loader(files))));
    await svc.classifyDisplaySets([ds('a')]);
    expect(svc.getState().model.state).toBe('failed');
    expectStockLayout(svc, /^the model could not be loaded: the model file .*model\.onnx is not the one model\.json describes .*refusing to run it$/);
    expect(svc.getEntry('a')?.result).toBeUndefined();
  });
});

test('worker crash mid-study: that series fails in words, a new worker loads the model again and the rest is classified', async () => {
  // series b crashes every worker it is sent to; a, in flight beside it when it does, is sent again
  // (alone) and classified
  let made = 0;
  const crashOnSecondSeries = (): WorkerLike => {
    made++;
    const inner = inProcessWorker();
    const w: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(msg, transfer) {
        if (msg.type === 'classifySeries' && msg.series.id === '1.2.b') {
          setTimeout(() => w.onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed' }));
          return;
        }
        inner.onmessage = (e) => w.onmessage?.(e);
        inner.postMessage(msg, transfer);
      },
      terminate: () => inner.terminate(),
    };
    return w;
  };
  const client = new ClassifierClient(crashOnSecondSeries);
  const { svc, ready } = service(source().src, client);
  await svc.classifyDisplaySets([ds('a'), ds('b'), ds('c')]);
  const entries = svc.getState().series;
  expect(entries.map((e) => e.status)).toEqual(['done', 'failed', 'done']);
  expect(entries[1].message).toBe('could not classify: the classifier worker stopped: Uncaught RangeError: Array buffer allocation failed');
  // the first worker, the one after b's first crash, the one after its second (b is tried twice)
  expect(made).toBe(3);
  expect(svc.getState().run).toMatchObject({ state: 'done', message: '1 series could not be classified' });
  expect(ready).toHaveLength(1);
  expect(client.busy).toBe(0);
  // the failed series is never hung
  expect(planFor(svc).slotOf.has('b')).toBe(false);
});

describe('WebGPU does not start: WASM runs and the panel says why', () => {
  test('no adapter', async () => {
    const probe: BackendProbe = async (b) => (b === 'webgpu' ? 'no WebGPU adapter' : null);
    const { svc } = service(source().src, new ClassifierClient(() => inProcessWorker([], loader(undefined, probe))));
    await svc.classifyDisplaySets([ds('a')]);
    const { model } = svc.getState();
    expect(model.state === 'ready' && [model.info.backend, model.info.fallbacks]).toEqual(['wasm', ['webgpu: no WebGPU adapter']]);
    expect(statusText(svc.getState()).text).toMatch(/\(model ran on WASM; WebGPU not used: no WebGPU adapter\)$/);
    expect(svc.getEntry('a')?.status).toBe('done');
  });

  test('the WebGPU session opens but its test inference fails: released, WASM used', async () => {
    let released = 0;
    const gpuBroken: OrtLike = {
      Tensor: ortNodeAsWeb.Tensor,
      InferenceSession: {
        create: async (bytes, options) => {
          if (!options.executionProviders.includes('webgpu')) return ortNodeAsWeb.InferenceSession.create(bytes, options);
          return {
            run: async () => Promise.reject(new Error('GPU device was lost\n  at webgpu backend')),
            release: async () => void released++,
          } as never;
        },
      },
    };
    const { svc } = service(source().src, new ClassifierClient(() => inProcessWorker([], loader(undefined, undefined, gpuBroken))));
    await svc.classifyDisplaySets([ds('a')]);
    const { model } = svc.getState();
    expect(model.state === 'ready' && model.info.fallbacks).toEqual(['webgpu: GPU device was lost']);
    expect(released).toBe(1);
    expect(statusText(svc.getState()).text).toMatch(/model ran on WASM; WebGPU not used: GPU device was lost\)$/);
  });
});

describe('leaving the study while classifying', () => {
  test('the rest is not loaded, late answers are dropped, and the next study is classified', async () => {
    const s = source(true);
    const client = new ClassifierClient(() => inProcessWorker());
    const { svc, ready } = service(s.src, client);
    const first = svc.classifyDisplaySets(['a', 'b', 'c', 'd', 'e'].map(ds));
    await until(() => s.waiting('a'));
    svc.reset();
    const after: ClassifierState[] = [];
    svc.subscribe<ClassifierState>(ClassifierService.EVENTS.STATE_CHANGED, (st) => after.push(st));
    const next = svc.classifyDisplaySets([ds('f')]);
    ['a', 'b', 'c'].forEach(s.release); // the old study's pixels arrive late
    await until(() => s.waiting('f'));
    s.release('f');
    await Promise.all([first, next]);

    // a and the two series fetched ahead of it (lookahead 2) had been asked for; d and e never are
    expect(s.loads).toEqual(['a', 'b', 'c', 'f']);
    expect(svc.getState().series.map((e) => [e.displaySetInstanceUID, e.status])).toEqual([['f', 'done']]);
    expect(after.every((st) => st.series.every((e) => e.displaySetInstanceUID === 'f'))).toBe(true);
    expect(svc.getLabel('a')).toBeUndefined();
    expect(ready.map((st) => st.series.map((e) => e.displaySetInstanceUID))).toEqual([['f']]);
    expect(client.busy).toBe(0);
  });

  test('while the model loads: no stale "ready", the model is loaded once and reused by the next study', async () => {
    let loads = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const slow: LoadRuntime = async (src, progress) => {
      loads++;
      await gate;
      return loader()(src, progress);
    };
    const s = source();
    const client = new ClassifierClient(() => inProcessWorker([], slow));
    const { svc } = service(s.src, client);
    const first = svc.classifyDisplaySets([ds('a')]);
    await until(() => loads === 1);
    svc.reset();
    expect(svc.getState().model).toEqual({ state: 'idle' });
    open();
    await first;
    expect(svc.getState().model).toEqual({ state: 'idle' });
    // a's images were asked for while the model loaded (they do not wait for it); nothing came of them
    expect(s.loads).toEqual(['a']);
    expect(svc.getState().series).toEqual([]);
    await svc.classifyDisplaySets([ds('b')]);
    expect(svc.getEntry('b')?.status).toBe('done');
    expect(loads).toBe(1);
    svc.destroy();
    expect(client.busy).toBe(0);
  });
});
