import { ClassifierClient, type WorkerLike } from './client';
import type { ModelSource } from '../core/model/types';
import type { WorkerRequest } from './protocol';
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

describe('ClassifierClient: timeouts and cancel', () => {
  /** The real worker logic, except that it never answers a series whose id is in `hangOn`. */
  function hangingWorker(hangOn: string[], made: { n: number }, log: WorkerRequest[] = []): () => WorkerLike {
    return () => {
      made.n++;
      const inner = inProcessWorker(log);
      const outer: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage(msg, t) {
          if (msg.type === 'classifySeries' && hangOn.includes(msg.series.id)) return log.push(msg), undefined;
          inner.postMessage(msg, t);
        },
        terminate() {},
      };
      inner.onmessage = (e) => outer.onmessage?.(e);
      return outer;
    };
  }

  it('fails a call the worker does not answer in time, in plain words, and the next call runs on a new worker', async () => {
    const made = { n: 0 };
    // 3 s: long enough for the healthy call on the new worker (model start included) on a busy
    // machine, short enough to wait out the stuck one
    const client = new ClassifierClient(hangingWorker(['stuck'], made), { series: 3000 });
    await client.init(source);
    await expect(client.classifySeries(diskSeries('stuck', 4))).rejects.toThrow('the classifier did not answer within 3 s (classifying a series); it was restarted');
    const next = await client.classifySeries(diskSeries('fine', 4));
    expect(next.seriesId).toBe('fine');
    expect(made.n).toBe(2);
    expect(client.busy).toBe(0);
  });

  it('cancels a call with its signal: it fails at once as cancelled and the worker is told to drop it', async () => {
    const log: WorkerRequest[] = [];
    const client = new ClassifierClient(hangingWorker(['slow'], { n: 0 }, log));
    await client.init(source);
    const ctl = new AbortController();
    const p = client.classifySeries(diskSeries('slow', 4), undefined, { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ name: 'CancelledError' });
    const sent = log.find((m) => m.type === 'classifySeries');
    expect(log[log.length - 1]).toEqual({ id: expect.any(Number), type: 'cancel', ids: [sent?.id] });
    expect(client.busy).toBe(0);
    await expect(client.classifySlice(diskSlice(0), { signal: ctl.signal })).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
