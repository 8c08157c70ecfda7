import type { ModelSource } from '../core/model/types';
import type { WorkerLike } from './client';
import { EARLY_INIT_ID, sourceKey, startEarlyWorker, takeEarlyWorker } from './early';
import type { WorkerRequest } from './protocol';

const source: ModelSource = { modelUrl: 'http://h/plugins/mrseq/model/', wasmPaths: 'http://h/plugins/mrseq/ort/', backends: ['webgpu', 'wasm'] };

function fakeWorker() {
  const sent: WorkerRequest[] = [];
  let terminated = false;
  const worker: WorkerLike = {
    postMessage: (msg) => void sent.push(msg),
    onmessage: null,
    onerror: null,
    terminate: () => void (terminated = true),
  };
  return { worker, sent, terminated: () => terminated };
}

describe('early worker (started by the page before OHIF loads the extension)', () => {
  it('sends the model load at once and is handed to the extension once, for the same source', () => {
    const scope = {};
    const w = fakeWorker();
    expect(startEarlyWorker(source, () => w.worker, scope)).toBe(true);
    expect(w.sent).toEqual([{ id: EARLY_INIT_ID, type: 'init', source }]);
    // a second start (the script imported twice) starts nothing
    expect(startEarlyWorker(source, () => fakeWorker().worker, scope)).toBe(false);
    expect(takeEarlyWorker({ ...source }, scope)).toBe(w.worker);
    expect(takeEarlyWorker(source, scope)).toBeNull();
    expect(w.terminated()).toBe(false);
  });

  it('stops a worker started for another model source and leaves the extension to start its own', () => {
    const scope = {};
    const w = fakeWorker();
    startEarlyWorker(source, () => w.worker, scope);
    expect(takeEarlyWorker({ ...source, modelUrl: 'http://h/other-model/' }, scope)).toBeNull();
    expect(w.terminated()).toBe(true);
    expect(takeEarlyWorker(source, scope)).toBeNull();
  });

  it('never throws when the worker cannot be created, and keys sources by what the worker loads', () => {
    const scope = {};
    expect(
      startEarlyWorker(source, () => {
        throw new Error('no Worker here');
      }, scope),
    ).toBe(false);
    expect(takeEarlyWorker(source, scope)).toBeNull();
    expect(sourceKey({ ...source, threads: 2 })).not.toBe(sourceKey(source));
    expect(sourceKey({ ...source })).toBe(sourceKey(source));
  });
});
