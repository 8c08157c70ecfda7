import { ortNodeAsWeb } from '../core/model/testing';
import { startWasm, tinyModel, warmupSeries } from './warmup';

describe('worker warm-up', () => {
  it('the tiny model is a valid ONNX model whose session runs (so creating it starts the runtime)', async () => {
    const session = await ortNodeAsWeb.InferenceSession.create(tinyModel(), { executionProviders: ['wasm'] });
    const out = await session.run({ x: new ortNodeAsWeb.Tensor('float32', new Float32Array([3]), [1]) });
    expect(Array.from(out.y.data as Float32Array)).toEqual([3]);
    await expect(startWasm(ortNodeAsWeb)).resolves.toBeUndefined();
  });

  it('never fails, whatever the runtime says', async () => {
    const broken = { ...ortNodeAsWeb, InferenceSession: { create: async () => Promise.reject(new Error('no wasm')) } };
    await expect(startWasm(broken)).resolves.toBeUndefined();
  });

  it('the warm-up series is an MR series with anatomy in every slice', () => {
    const s = warmupSeries(4, 64);
    expect(s.header.modality).toBe('MR');
    expect(s.volumes[0].slices).toHaveLength(4);
    expect(s.volumes[0].slices.every((sl) => sl.pixels.some((v) => v > 100))).toBe(true);
  });
});
