import type { SequenceClassifier, SlicePrediction } from '../core/inference';
import type { SliceImage } from '../core/types';
import { SliceMemo } from './sliceMemo';

const slice = (source: string | undefined, v: number): SliceImage => ({ width: 2, height: 2, pixels: new Float32Array([v, v, v, v + 1]), source });

/** A stand-in model: one "probability" per slice from its first pixel; records what it was run on. */
function fakeClassifier() {
  const ran: number[] = [];
  const c = {
    config: { labels: ['A', 'B'] },
    classify: async (slices: readonly SliceImage[]): Promise<SlicePrediction[]> =>
      slices.map((s, index) => {
        ran.push(s.pixels[0]);
        const p = s.pixels[0] / 10;
        return { index, logits: new Float32Array([p, 1 - p]), probabilities: new Float32Array([p, 1 - p]), cam: new Float32Array([p, p, p, p]), camDims: [1, 2, 2], geometry: { width: 2, height: 2 } as never, empty: false };
      }),
  };
  return { classifier: c as unknown as SequenceClassifier, ran };
}

describe('slice memory (a full pass reuses its first look)', () => {
  it('runs the model only on slices it has not seen for that series, and answers in the order asked', async () => {
    const { classifier, ran } = fakeClassifier();
    const memo = new SliceMemo();
    const first = await memo.wrap(classifier, 's1').classify([slice('image 4', 4), slice('image 5', 5)]);
    expect(first.map((p) => [p.index, Number(p.probabilities[0].toFixed(2))])).toEqual([
      [0, 0.4],
      [1, 0.5],
    ]);
    // the viewer takes the class maps with the answer (transferred): the memory keeps its own
    structuredClone(first.map((p) => p.cam), { transfer: first.map((p) => (p.cam as Float32Array).buffer) });
    const full = await memo.wrap(classifier, 's1').classify([slice('image 1', 1), slice('image 4', 4), slice('image 5', 5), slice('image 8', 8)]);
    expect(ran).toEqual([4, 5, 1, 8]);
    expect(full.map((p) => [p.index, Number(p.probabilities[0].toFixed(2)), p.cam?.length])).toEqual([
      [0, 0.1, 4],
      [1, 0.4, 4],
      [2, 0.5, 4],
      [3, 0.8, 4],
    ]);
    expect([memo.hits, memo.misses]).toEqual([2, 4]);
    // the same image of another series, a slice without a source, a cleared memory: run again
    await memo.wrap(classifier, 's2').classify([slice('image 4', 4)]);
    await memo.wrap(classifier, 's1').classify([slice(undefined, 5), slice(undefined, 5)]);
    memo.clear();
    await memo.wrap(classifier, 's1').classify([slice('image 1', 1)]);
    expect(ran).toEqual([4, 5, 1, 8, 4, 5, 5, 1]);
  });

  it('forgets the oldest slices beyond its capacity', async () => {
    const { classifier, ran } = fakeClassifier();
    const memo = new SliceMemo(2);
    await memo.wrap(classifier, 's').classify([slice('image 1', 1), slice('image 2', 2), slice('image 3', 3)]);
    expect(memo.size).toBe(2);
    await memo.wrap(classifier, 's').classify([slice('image 1', 1), slice('image 3', 3)]);
    expect(ran).toEqual([1, 2, 3, 1]);
  });
});
