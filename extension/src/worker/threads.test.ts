import { wasmThreads } from './threads';

describe('wasmThreads', () => {
  it('gives one thread unless asked for more', () => {
    expect(wasmThreads(undefined, 16, true)).toEqual({ threads: 1, note: undefined, extra: undefined });
  });
  it('never takes the last core: on two cores, two threads asked for run as one (the case that was slower)', () => {
    const c = wasmThreads(2, 2, true);
    expect(c.threads).toBe(1);
    expect(c.note).toMatch(/1 WASM thread of 2 asked for: 2 core\(s\), one left to the viewer/);
    expect(c.extra).toBeUndefined();
  });
  it('lets pool threads sleep rather than spin when there are several', () => {
    const c = wasmThreads(4, 8, true);
    expect(c.threads).toBe(4);
    expect(c.extra).toEqual({ session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } });
    expect(wasmThreads(8, 4, true).threads).toBe(3);
  });
  it('runs one thread without cross-origin isolation, and says why when more were asked for', () => {
    expect(wasmThreads(4, 8, false)).toEqual({ threads: 1, note: 'one WASM thread: the page is not cross-origin isolated' });
    expect(wasmThreads(undefined, undefined, true).threads).toBe(1);
  });
});
