import type { SeriesHeader } from '../types';
import { kindVotes } from './evidenceKinds';
import { fuseFitted, type ImageProbabilities } from './fuseFitted';
import { metadataSignal } from './metadataSignal';
import { DEFAULT_FUSION_FIT, posterior, voteFactor, type FusionFit } from './posterior';

const LABELS = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];
const OPTS = { unknownThreshold: 0.35 };

/** A test fit with round numbers, so expectations can be computed by hand. */
const FIT: FusionFit = {
  fitted_for_model: null,
  header_exponent: 1,
  image_floor: 0.001,
  reliability: {
    imageType: { strong: 0.97, moderate: 0.9 },
    bValues: { strong: 0.95 },
    names: { strong: 0.9, moderate: 0.8, weak: 0.6 },
    sequence: { moderate: 0.85, weak: 0.65 },
    timing: { weak: 0.6 },
    contrastTag: { strong: 0.9 },
    contrastName: { moderate: 0.85 },
  },
};

function image(p: Record<string, number>, unknown = false): ImageProbabilities {
  const full = Object.fromEntries(LABELS.map((l) => [l, p[l] ?? 0]));
  const rest = 1 - Object.values(full).reduce((a, b) => a + b, 0);
  const blanks = LABELS.filter((l) => !(l in p));
  for (const l of blanks) full[l] = rest / blanks.length;
  const [label, confidence] = Object.entries(full).sort((a, b) => b[1] - a[1])[0];
  return { label, confidence, unknown, probabilities: full };
}

const fused = (img: ImageProbabilities, h: SeriesHeader | null, fit = FIT) => fuseFitted(img, h ? metadataSignal(h, LABELS) : null, LABELS, { ...OPTS, fit });

describe('header votes, one per kind', () => {
  test('an MPRAGE header votes T1-weighted (T1 or T1c) from names, sequence and timing', () => {
    const m = metadataSignal({ seriesDescription: 't1_mpr_sag', sequenceName: '*tfl3d1_16ns', scanningSequence: ['GR', 'IR'], repetitionTime: 2000, echoTime: 2.3, inversionTime: 900 }, LABELS);
    expect(m.evidence!.map((v) => [v.kind, v.labels.join('/'), v.strength])).toEqual([
      ['names', 'T1/T1c', 'moderate'],
      ['sequence', 'T1/T1c', 'moderate'],
      ['timing', 'T1/T1c/OTHER', 'weak'],
    ]);
  });

  test('ImageType ASL votes OTHER; b-values vote DWI or ADC; contrast votes T1c; a pre-contrast name T1', () => {
    const asl = metadataSignal({ imageType: ['ORIGINAL', 'PRIMARY', 'PERFUSION', 'ASL'], seriesDescription: 'pasl_3d' }, LABELS);
    expect(asl.evidence!.find((v) => v.kind === 'imageType')).toMatchObject({ labels: ['OTHER'], strength: 'moderate', cls: 'PERFUSION' });
    const dwi = metadataSignal({ bValues: [0, 1000] }, LABELS);
    expect(dwi.evidence).toEqual([expect.objectContaining({ kind: 'bValues', labels: ['DWI', 'ADC'], strength: 'strong' })]);
    const post = metadataSignal({ seriesDescription: 'T1 SE', contrastBolusAgent: 'Gadovist' }, LABELS);
    expect(post.evidence!.filter((v) => v.kind.startsWith('contrast')).map((v) => [v.kind, v.labels[0]])).toEqual([['contrastTag', 'T1c']]);
    const pre = metadataSignal({ seriesDescription: 'T1 SE pre' }, LABELS);
    expect(pre.evidence!.find((v) => v.kind === 'contrastName')).toMatchObject({ labels: ['T1'], cls: 'pre-contrast' });
  });

  test('equal-weight items of one kind are merged, never counted twice', () => {
    const votes = kindVotes(
      [
        { cls: 'T1', weight: 2, source: 'description', reason: 'a' },
        { cls: 'T1', weight: 2, source: 'description', reason: 'b' },
        { cls: 'T2', weight: 1, source: 'description', reason: 'c' },
      ],
      LABELS,
    );
    expect(votes).toEqual([{ kind: 'names', labels: ['T1', 'T1c'], strength: 'moderate', cls: 'T1', reason: 'a; b' }]);
  });
});

describe('posterior', () => {
  test('likelihood of a vote: r spread over its labels, 1 - r over the others; contrast only moves T1 vs T1c', () => {
    const f = voteFactor({ kind: 'imageType', labels: ['OTHER'], strength: 'moderate', cls: 'PERFUSION', reason: '' }, LABELS, FIT)!;
    expect(f.factor.OTHER).toBeCloseTo(0.9);
    expect(f.factor.T2).toBeCloseTo(0.1 / 6);
    const c = voteFactor({ kind: 'contrastTag', labels: ['T1c'], strength: 'strong', cls: 'post-contrast', reason: '' }, LABELS, FIT)!;
    expect([c.factor.T1c, c.factor.T1, c.factor.T2]).toEqual([0.9, expect.closeTo(0.1), 0.5]);
  });

  test('no vote: null (the image decision stands); no image: the header alone', () => {
    expect(posterior({ T1: 1 }, [], LABELS, FIT)).toBeNull();
    const alone = posterior(null, [{ kind: 'bValues', labels: ['DWI', 'ADC'], strength: 'strong', cls: 'DWI', reason: '' }], LABELS, FIT)!;
    expect(alone.probabilities.DWI).toBeCloseTo(0.475);
    expect(alone.probabilities.ADC).toBeCloseTo(0.475);
  });

  test('the shipped fit has a reliability for every kind it can meet, between 0.5 and 1', () => {
    for (const kind of ['imageType', 'bValues', 'names', 'sequence', 'timing', 'contrastTag', 'contrastName'] as const) {
      const r = DEFAULT_FUSION_FIT.reliability[kind] ?? {};
      expect(Object.keys(r).length).toBeGreaterThan(0);
      for (const v of Object.values(r)) expect(v).toBeGreaterThanOrEqual(0.5);
    }
    expect(DEFAULT_FUSION_FIT.header_exponent).toBeGreaterThan(0);
  });
});

describe('fusion v2 decisions (the cases that fusion v1 got wrong)', () => {
  test('two ASL series the image calls ADC 0.26 / FLAIR 0.24 are OTHER: structural evidence wins', () => {
    const f = fused(image({ ADC: 0.26, FLAIR: 0.24, OTHER: 0.1 }, true), { imageType: ['ORIGINAL', 'PRIMARY', 'PERFUSION', 'ASL'], seriesDescription: 'pasl_3d' });
    expect(f).toMatchObject({ label: 'OTHER', source: 'metadata', agreement: 'no-image' });
    expect(f.confidence).toBeGreaterThan(0.9);
    expect(f.explanation).toContain('imageType OTHER [PERFUSION] moderate (right 90%)');
  });

  test('an MPRAGE header does not push an image T1c further: it only says T1-weighted', () => {
    const img = image({ T1c: 0.45, T1: 0.3, FLAIR: 0.15 });
    const f = fused(img, { seriesDescription: 't1_mpr_sag', sequenceName: '*tfl3d1_16ns', scanningSequence: ['GR', 'IR'], repetitionTime: 2000, echoTime: 2.3, inversionTime: 900 });
    expect(f.label).toBe('T1c');
    expect(f.probabilities!.T1c / f.probabilities!.T1).toBeCloseTo(0.45 / 0.3, 5);
    expect(f.probabilities!.FLAIR).toBeLessThan(0.02);
  });

  test('a filled contrast tag turns an image T1 into T1c; a pre-contrast name an image T1c into T1', () => {
    expect(fused(image({ T1: 0.6, T1c: 0.3 }), { seriesDescription: 't1_mpr_tra_gk', contrastBolusAgent: 'Dotarem' })).toMatchObject({ label: 'T1c', source: 'image+metadata' });
    expect(fused(image({ T1c: 0.55, T1: 0.35 }), { seriesDescription: 'AX T1 SE PRE' })).toMatchObject({ label: 'T1', source: 'image+metadata' });
  });

  test('a very sure image keeps its label against one strong kind, not against two', () => {
    const sure = image({ T2: 0.9989, ADC: 0.0001 });
    // ImageType ADC (strong) is one kind: the image at 0.999 keeps T2
    expect(fused(sure, { imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'] }).label).toBe('T2');
    expect(fused(sure, { imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'], seriesDescription: 'ep2d_diff_ADC' }).label).toBe('ADC');
    const one = posterior(sure.probabilities, [{ kind: 'imageType', labels: ['ADC'], strength: 'strong', cls: 'ADC', reason: '' }], LABELS, FIT)!;
    expect(one.probabilities.T2).toBeGreaterThan(0.8);
    const two = posterior(
      sure.probabilities,
      [
        { kind: 'imageType', labels: ['ADC'], strength: 'strong', cls: 'ADC', reason: '' },
        { kind: 'names', labels: ['ADC'], strength: 'strong', cls: 'ADC', reason: '' },
      ],
      LABELS,
      FIT,
    )!;
    expect(two.probabilities.ADC).toBeGreaterThan(0.9);
  });

  test('no header, or one with nothing to say: the image decision unchanged, unknown included', () => {
    const img = image({ T2: 0.3, FLAIR: 0.28 }, true);
    expect(fused(img, null)).toMatchObject({ label: 'unknown', source: 'none', agreement: 'no-metadata', probabilities: null });
    expect(fused(image({ FLAIR: 0.81 }), {})).toMatchObject({ label: 'FLAIR', source: 'image', confidence: 0.81, probabilities: null });
    expect(fused(image({ FLAIR: 0.81 }), { modality: 'CT' }).explanation).toContain('Modality CT');
  });

  test('a header that leaves the posterior below the unknown threshold leaves the series unknown', () => {
    const f = fused(image({ T2: 0.3, FLAIR: 0.3, T1: 0.2 }, true), { repetitionTime: 400, echoTime: 10 });
    expect(f.source).toBe('none');
    expect(f.explanation).toContain('still unsure');
  });
});
