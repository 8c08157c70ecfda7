/**
 * openSession with `compare` (the viewer's worker): every backend that works is timed on a batch of
 * its own size and the fastest is kept; without `compare`, the first that works (node, tests).
 */
import { batchFor, openSession, type OrtLike, type SessionLike } from './session';
import type { Backend } from './types';

/** An ort whose sessions cost `msPerSlice[backend]` of a fake clock per slice run; `broken` fail. */
function fakeOrt(msPerSlice: Partial<Record<Backend, number>>, broken: { create?: Backend[]; timed?: Backend[] } = {}) {
  let clock = 0;
  const released: Backend[] = [];
  const runs: Array<[Backend, number]> = [];
  const ort: OrtLike = {
    Tensor: class {
      constructor(
        public type: string,
        public data: Float32Array,
        public dims: number[],
      ) {}
    } as never,
    InferenceSession: {
      async create(_bytes, options) {
        const backend = options.executionProviders[0] as Backend;
        if (broken.create?.includes(backend)) throw new Error(`${backend} failed to start\nstack`);
        let calls = 0;
        const session: SessionLike = {
          inputNames: ['input'],
          outputNames: ['logits', 'cam'],
          async run(feeds) {
            const n = (Object.values(feeds)[0] as unknown as { dims: number[] }).dims[0];
            runs.push([backend, n]);
            if (broken.timed?.includes(backend) && ++calls > 1) throw new Error('device lost');
            clock += (msPerSlice[backend] ?? 1) * n;
            return {} as never;
          },
          release: async () => void released.push(backend),
        };
        return session;
      },
    },
  };
  return { ort, now: () => clock, released, runs };
}

const open = (ort: OrtLike, backends: Backend[], now?: () => number) =>
  openSession(ort, new Uint8Array(8), 'input', 4, backends, now ? { compare: { now } } : {});

describe('openSession keeps the fastest backend when asked to compare', () => {
  test('WebGPU slower than WASM here: WASM kept, WebGPU released and named with both times', async () => {
    const f = fakeOrt({ webgpu: 35, wasm: 7.5 });
    const o = await open(f.ort, ['webgpu', 'wasm'], f.now);
    expect(o.backend).toBe('wasm');
    expect(o.fallbacks).toEqual(['webgpu: slower here (35 ms per slice against 7.5 ms on WASM)']);
    expect(o.timings).toEqual({ webgpu: 35, wasm: 7.5 });
    expect(f.released).toEqual(['webgpu']);
    // each backend timed at its own batch size: a probe run, one untimed and 3 timed runs
    expect(f.runs.filter(([b]) => b === 'webgpu').map(([, n]) => n)).toEqual([1, ...Array(4).fill(batchFor('webgpu'))]);
    expect(f.runs.filter(([b]) => b === 'wasm').map(([, n]) => n)).toEqual([1, 8, 8, 8, 8]);
  });

  test('WebGPU faster: kept, WASM released', async () => {
    const f = fakeOrt({ webgpu: 0.4, wasm: 7.5 });
    const o = await open(f.ort, ['webgpu', 'wasm'], f.now);
    expect([o.backend, o.fallbacks, f.released]).toEqual(['webgpu', ['wasm: slower here (7.5 ms per slice against 0.40 ms on WEBGPU)'], ['wasm']]);
  });

  test('only one backend works: no timing, the reason for the other kept', async () => {
    const f = fakeOrt({ webgpu: 0.4, wasm: 7.5 }, { create: ['webgpu'] });
    const o = await open(f.ort, ['webgpu', 'wasm'], f.now);
    expect([o.backend, o.fallbacks, o.timings]).toEqual(['wasm', ['webgpu: webgpu failed to start'], undefined]);
    expect(f.runs).toEqual([['wasm', 1]]);
  });

  test('a backend that fails while being timed is released and the other kept', async () => {
    const f = fakeOrt({ webgpu: 0.4, wasm: 7.5 }, { timed: ['webgpu'] });
    const o = await open(f.ort, ['webgpu', 'wasm'], f.now);
    expect([o.backend, o.fallbacks, f.released]).toEqual(['wasm', ['webgpu: device lost'], ['webgpu']]);
  });

  test('without compare, the first backend that works is used, untimed', async () => {
    const f = fakeOrt({ webgpu: 35, wasm: 7.5 });
    const o = await open(f.ort, ['webgpu', 'wasm']);
    expect([o.backend, o.fallbacks, o.timings, f.released]).toEqual(['webgpu', [], undefined, []]);
    expect(f.runs).toEqual([['webgpu', 1]]);
  });

  test('nothing works: one error naming every reason', async () => {
    const f = fakeOrt({}, { create: ['webgpu', 'wasm'] });
    await expect(open(f.ort, ['webgpu', 'wasm'], f.now)).rejects.toThrow(
      'the model could not run on any backend (webgpu: webgpu failed to start; wasm: wasm failed to start)',
    );
  });
});
