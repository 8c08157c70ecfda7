/**
 * The worker's memory of slices it has already classified, so that the full pass over a series does
 * not run the model again on the slices its first look ran it on (services/passes.ts: a first look at
 * `quick` central images, then the full sample, which usually contains them). A slice is known by
 * its series, its image in the viewer ('image N') and its size; the model's answer for the same
 * pixels does not change within a worker's life (one model per worker). Slices without a source
 * (the command line, the warm-up series) are never remembered. Bounded: the oldest entries go first.
 */
import type { SequenceClassifier, SlicePrediction } from '../core/inference';
import type { SliceImage } from '../core/types';

const copy = (p: SlicePrediction, index: number): SlicePrediction => ({
  ...p,
  index,
  logits: p.logits.slice(),
  probabilities: p.probabilities.slice(),
  // class maps are transferred to the viewer with each answer: keep a copy of our own
  cam: p.cam?.slice(),
});

export class SliceMemo {
  private readonly entries = new Map<string, SlicePrediction>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 512) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** `classifier` with a classify() that reuses what this memory knows of `seriesId`'s slices. */
  wrap(classifier: SequenceClassifier, seriesId: string): SequenceClassifier {
    const memo = this;
    const wrapped = Object.create(classifier) as SequenceClassifier;
    wrapped.classify = async (slices: readonly SliceImage[]): Promise<SlicePrediction[]> => {
      const keys = slices.map((s) => (s.source ? `${seriesId}\u0000${s.source}\u0000${s.width}x${s.height}` : null));
      const out: Array<SlicePrediction | undefined> = keys.map((k, i) => {
        const known = k ? memo.entries.get(k) : undefined;
        return known ? copy(known, i) : undefined;
      });
      const todo = out.flatMap((p, i) => (p ? [] : [i]));
      memo.hits += slices.length - todo.length;
      memo.misses += todo.length;
      if (todo.length) {
        const fresh = await classifier.classify(todo.map((i) => slices[i]));
        fresh.forEach((p, j) => {
          const i = todo[j];
          out[i] = { ...p, index: i };
          const k = keys[i];
          if (k) memo.remember(k, copy(p, 0));
        });
      }
      return out as SlicePrediction[];
    };
    return wrapped;
  }

  private remember(key: string, p: SlicePrediction): void {
    this.entries.delete(key);
    this.entries.set(key, p);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
