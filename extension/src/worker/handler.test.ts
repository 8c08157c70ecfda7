import { createHandler } from './handler';
import { warmupSeries } from './warmup';
import type { WorkerResponse } from './protocol';
import { diskSeries, diskSlice, nodeLoadRuntime as loadRuntime, TEST_SOURCE as source } from './testing';

// nodeLoadRuntime: WebGPU "exists" (the probe allows it) but fails to start, so WASM (node's CPU provider) runs.

async function ask(handle: ReturnType<typeof createHandler>, req: Parameters<ReturnType<typeof createHandler>>[0]) {
  const out: WorkerResponse[] = [];
  await handle(req, (m) => out.push(m));
  return out;
}

describe('worker handler', () => {
  it('loads the model once, reports progress and the backend that ran, and why the first one did not', async () => {
    let loads = 0;
    const handle = createHandler(async (s, p) => {
      loads++;
      return loadRuntime(s, p);
    });
    const first = await ask(handle, { id: 1, type: 'init', source });
    expect(first.every((m) => m.id === 1)).toBe(true);
    expect(first.filter((m) => m.type === 'progress').map((m) => (m as { stage: string }).stage)).toEqual(
      expect.arrayContaining(['fetching-model', 'checking-model', 'starting-runtime']),
    );
    const ready = first[first.length - 1];
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect(ready.model.backend).toBe('wasm');
    expect(ready.model.fallbacks).toEqual(['webgpu: no WebGPU device in node tests']);
    expect(ready.model.labels).toEqual(['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER']);
    const again = await ask(handle, { id: 2, type: 'init', source });
    expect(again).toEqual([{ id: 2, type: 'ready', model: ready.model }]);
    expect(loads).toBe(1);
  });

  it('an init that joins a load already running (the extension adopting an early worker) hears its progress and shares it', async () => {
    let loads = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const handle = createHandler(async (s, p) => {
      loads++;
      p('fetching-model', 'reading model.json');
      await gate;
      p('starting-runtime', 'starting the model on WASM');
      return loadRuntime(s, () => undefined);
    });
    const early: WorkerResponse[] = [];
    const joined: WorkerResponse[] = [];
    const first = handle({ id: -1, type: 'init', source }, (m) => early.push(m));
    const second = handle({ id: 1, type: 'init', source: { ...source } }, (m) => joined.push(m));
    await new Promise((r) => setTimeout(r, 10));
    // the joiner is told where the load stands at once
    expect(joined).toEqual([{ id: 1, type: 'progress', stage: 'fetching-model', detail: 'reading model.json' }]);
    release();
    await Promise.all([first, second]);
    expect(loads).toBe(1);
    expect(joined.map((m) => m.type)).toEqual(['progress', 'progress', 'ready']);
    expect(early.map((m) => m.type)).toEqual(['progress', 'progress', 'ready']);
    expect(joined.every((m) => m.id === 1) && early.every((m) => m.id === -1)).toBe(true);
  });

  it('classifies a series: one slice report and one class map per classified slice, no pixels sent back', async () => {
    const handle = createHandler(loadRuntime);
    await ask(handle, { id: 1, type: 'init', source });
    const [res] = await ask(handle, { id: 7, type: 'classifySeries', series: diskSeries('s1', 6), options: { slices: 4 } });
    expect(res.type).toBe('seriesResult');
    if (res.type !== 'seriesResult') return;
    const r = res.result;
    expect(r.seriesId).toBe('s1');
    expect(r.slices.length).toBeGreaterThanOrEqual(2);
    expect(r.cams.map((c) => c.index)).toEqual(r.slices.map((s) => s.index));
    const sum = Object.values(r.slices[0].probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 4);
    expect(r.cams[0].camDims[0]).toBe(7);
    expect(r.cams[0].cam.length).toBe(r.cams[0].camDims.reduce((a, b) => a * b, 1));
    expect(r.cams[0].geometry.width).toBe(48);
    expect(Object.keys(r)).not.toContain('series');
    expect(['classified', 'unknown']).toContain(r.status);
  });

  it('answers skipped series with the reason and classifies single slices on demand', async () => {
    const handle = createHandler(loadRuntime);
    await ask(handle, { id: 1, type: 'init', source });
    const ct = { ...diskSeries('ct', 3, { modality: 'CT' }), skip: 'skipped: CT' };
    const [skipped] = await ask(handle, { id: 2, type: 'classifySeries', series: ct });
    expect(skipped).toMatchObject({ id: 2, type: 'seriesResult', result: { status: 'skipped', reason: 'skipped: CT', label: null } });
    const [slice] = await ask(handle, { id: 3, type: 'classifySlice', slice: diskSlice(2) });
    expect(slice.type).toBe('sliceResult');
    if (slice.type !== 'sliceResult') return;
    const best = Object.entries(slice.result.probabilities).sort((a, b) => b[1] - a[1])[0][0];
    expect(slice.result.label).toBe(best);
    expect(slice.result.cam?.geometry.height).toBe(48);
  });

  it('turns failures into error messages with the request id', async () => {
    const handle = createHandler(loadRuntime);
    expect(await ask(handle, { id: 4, type: 'classifySlice', slice: diskSlice(0) })).toEqual([
      { id: 4, type: 'error', message: 'the model is not loaded (the viewer must send "init" first)' },
    ]);
    const broken = createHandler(async () => {
      throw new Error('could not load the model file: x answered HTTP 404');
    });
    const out = await ask(broken, { id: 5, type: 'init', source });
    expect(out).toEqual([{ id: 5, type: 'error', message: 'could not load the model file: x answered HTTP 404' }]);
  });
});

describe('worker handler: one classification at a time, cancellable while queued', () => {
  it('drops queued requests it is told to cancel, runs the rest in order', async () => {
    const ran: string[] = [];
    const handle = createHandler(async (s, p) => {
      const rt = await loadRuntime(s, p);
      const classify = rt.classifier.classify.bind(rt.classifier);
      rt.classifier.classify = async (slices) => {
        ran.push(`classify ${slices.length}`);
        return classify(slices);
      };
      return rt;
    });
    await ask(handle, { id: 1, type: 'init', source });
    const out: WorkerResponse[] = [];
    const post = (m: WorkerResponse) => out.push(m);
    const jobs = [
      handle({ id: 2, type: 'classifySeries', series: diskSeries('a', 4), options: { slices: 2 } }, post),
      handle({ id: 3, type: 'classifySeries', series: diskSeries('b', 4), options: { slices: 2 } }, post),
      handle({ id: 4, type: 'classifySlice', slice: diskSlice(1) }, post),
    ];
    await handle({ id: 5, type: 'cancel', ids: [3, 4] }, post);
    await Promise.all(jobs);
    expect(out.map((m) => [m.id, m.type])).toEqual([
      [3, 'error'],
      [4, 'error'],
      [2, 'seriesResult'],
    ]);
    expect(out[0]).toMatchObject({ cancelled: true, message: expect.stringMatching(/^cancelled/) });
    expect(ran).toEqual(['classify 2']);
  });
});

describe('worker handler: warm-up', () => {
  it('classifies the warm-up series once after each model load, before the requests that follow, and answers nothing for it', async () => {
    const ran: number[] = [];
    const handle = createHandler(
      async (s, p) => {
        const rt = await loadRuntime(s, p);
        const classify = rt.classifier.classify.bind(rt.classifier);
        rt.classifier.classify = async (slices) => {
          ran.push(slices.length);
          return classify(slices);
        };
        return rt;
      },
      { warmup: warmupSeries(3, 48) },
    );
    const init = await ask(handle, { id: 1, type: 'init', source });
    expect(init[init.length - 1].type).toBe('ready');
    const out = await ask(handle, { id: 2, type: 'classifySeries', series: diskSeries('a', 4), options: { slices: 2 } });
    expect(out.map((m) => [m.id, m.type])).toEqual([[2, 'seriesResult']]);
    expect(ran).toEqual([3, 2]);
  });
});

