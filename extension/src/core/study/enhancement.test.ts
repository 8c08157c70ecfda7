import type { SliceImage } from '../types';
import { comparePair, enhancementDifference, enhancementSignature, matchSlices, sliceFeatures } from './enhancement';

/**
 * A T1-weighted head phantom: scalp fat at 1300 (200 with fat suppression), white matter at 600,
 * grey matter at 450, CSF at 150; `post` adds enhancing vessels and a choroid-plexus blob at 1400
 * (gadolinium), `scale` mimics another receiver gain or 8-bit storage.
 */
function head(size: number, k: number, opts: { post?: boolean; fatSat?: boolean; scale?: number; position?: number } = {}): SliceImage {
  const pixels = new Float32Array(size * size);
  const c = size / 2;
  for (let r = 0; r < size; r++) {
    for (let col = 0; col < size; col++) {
      const x = (col - c) / (size * 0.4);
      const y = (r - c) / (size * 0.45);
      const d = x * x + y * y;
      let v = 5 + ((r * 7 + col * 13 + k) % 5);
      if (d < 1) v = d > 0.85 ? (opts.fatSat ? 200 : 1300) : d > 0.6 ? 450 : 600;
      if (d < 0.05) v = 150;
      if (opts.post && d < 1) {
        const vessel = Math.abs(col - c - size * 0.1) < 1.5 && r % 3 === 0;
        const plexus = (col - c) ** 2 + (r - c - size * 0.08) ** 2 < (size * 0.04) ** 2;
        if (vessel || plexus) v = 1400;
      }
      pixels[r * size + col] = v * (opts.scale ?? 1);
    }
  }
  return { width: size, height: size, pixels, position: opts.position };
}

const stack = (n: number, opts: { post?: boolean; fatSat?: boolean; scale?: number; step?: number; offset?: number } = {}) =>
  Array.from({ length: n }, (_, k) => head(64, k, { ...opts, position: (opts.offset ?? 0) + k * (opts.step ?? 5) }));

const model = { weights: [4, 4, 4, 0.5, 0.5] };

describe('enhancement signature', () => {
  test('slice features: post-contrast has more of the head above its median, scale does not matter', () => {
    const pre = sliceFeatures(head(64, 0))!;
    const post = sliceFeatures(head(64, 0, { post: true }))!;
    const scaled = sliceFeatures(head(64, 0, { scale: 0.1 }))!;
    expect(post[0]).toBeGreaterThan(pre[0]);
    expect(post[4]).toBeGreaterThan(pre[4]);
    scaled.forEach((v, i) => expect(v).toBeCloseTo(pre[i], 5));
  });

  test('an empty or constant slice has no features', () => {
    expect(sliceFeatures({ width: 10, height: 10, pixels: new Float32Array(100) })).toBeNull();
    expect(sliceFeatures({ width: 10, height: 10, pixels: new Float32Array(100).fill(7) })).toBeNull();
  });

  test('slices are matched by position when both stacks overlap, else by place in the stack', () => {
    const a = enhancementSignature(stack(5), [0, 1, 2, 3, 4], 5)!;
    const b = enhancementSignature(stack(5, { offset: 10 }), [0, 1, 2, 3, 4], 5)!;
    const byPos = matchSlices(a, b);
    expect(byPos.map(([x, y]) => [x.position, y.position])).toEqual([
      [10, 10],
      [15, 15],
      [20, 20],
    ]);
    const far = enhancementSignature(stack(5, { offset: 500 }), [0, 1, 2, 3, 4], 5)!;
    expect(matchSlices(a, far).map(([x, y]) => [x.rel, y.rel])).toEqual([
      [0, 0],
      [0.25, 0.25],
      [0.5, 0.5],
      [0.75, 0.75],
      [1, 1],
    ]);
  });

  test('the scalp does not count: fat suppression alone changes nothing', () => {
    const plain = sliceFeatures(head(64, 0))!;
    const fatSat = sliceFeatures(head(64, 0, { fatSat: true }))!;
    fatSat.forEach((v, i) => expect(v).toBeCloseTo(plain[i], 5));
  });

  test('comparison: the post-contrast series is found in either order, and the answer is antisymmetric', () => {
    const pre = enhancementSignature(stack(6), [0, 2, 4, 6, 8, 10], 11)!;
    const post = enhancementSignature(stack(6, { post: true, fatSat: true, scale: 3.7 }), [0, 2, 4, 6, 8, 10], 11)!;
    const ab = comparePair(pre, post, model)!;
    const ba = comparePair(post, pre, model)!;
    expect(ab.pPostB).toBeGreaterThan(0.8);
    expect(ab.pPostB + ba.pPostB).toBeCloseTo(1, 10);
    expect(ab.matched).toBe(6);
    expect(enhancementDifference(pre, pre)!.d.every((x) => x === 0)).toBe(true);
  });
});
