import { ClassifierClient, type WorkerLike } from './client';
import type { ModelSource, WorkerRequest } from './protocol';
import { diskSeries, diskSlice, inProcessWorker, TEST_SOURCE } from './testing';

const source: ModelSource = { ...TEST_SOURCE, backends: ['wasm'] };

describe('ClassifierClient', () => {
  it('matches answers to requests by id, with progress, for requests in flight together', async () => {
    const sent: WorkerRequest[] = [];
    const client = new ClassifierClient(() => inProcessWorker(sent));
    const stages: string[] = [];
    const info = await client.init(source, (s) => stages.push(s));
    expect(info.backend).toBe('wasm');
    expect(stages).toContain('starting-runtime');
    const [a, b, s] = await Promise.all([
      client.classifySeries(diskSeries('a', 5)),
      client.classifySeries(diskSeries('b', 4)),
      client.classifySlice(diskSlice(1)),
    ]);
    expect([a.seriesId, b.seriesId]).toEqual(['a', 'b']);
    expect(Object.keys(s.probabilities)).toEqual(info.labels);
    expect(new Set(sent.map((m) => m.id)).size).toBe(sent.length);
    expect(client.busy).toBe(0);
  });

  it('fails pending requests in plain words when the worker crashes, and starts a new worker next time', async () => {
    let made = 0;
    const crashing = (): WorkerLike => {
      made++;
      const w: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage() {
          setTimeout(() => w.onerror?.({ message: 'Uncaught RangeError: out of memory' }));
        },
        terminate() {},
      };
      return w;
    };
    const client = new ClassifierClient(crashing);
    await expect(client.init(source)).rejects.toThrow('the classifier worker stopped: Uncaught RangeError: out of memory');
    await expect(client.init(source)).rejects.toThrow(/worker stopped/);
    expect(made).toBe(2);
  });

  it('rejects what is pending when terminated', async () => {
    const never: WorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
    const client = new ClassifierClient(() => never);
    const p = client.classifySlice(diskSlice(0));
    client.terminate('the study was closed');
    await expect(p).rejects.toThrow('the study was closed');
  });
});
