import { DEFAULT_FUSION_POLICY, fuse, resolvePolicy, type ImageDecision } from './fusion';
import { metadataSignal, type MetadataGuess } from './metadataSignal';

const LABELS = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];
const Q = DEFAULT_FUSION_POLICY.metaConfidence;

const img = (label: string, confidence: number, unknown = false, reason?: string): ImageDecision => ({ label, confidence, unknown, reason });
const meta = (label: string | null, strength: MetadataGuess['strength'], extra: Partial<MetadataGuess> = {}): MetadataGuess => ({
  label,
  strength,
  reasons: extra.reasons ?? [`reason for ${label}`],
  conflicts: [],
  ...extra,
});
const noisyOr = (a: number, b: number) => 1 - (1 - a) * (1 - b);

describe('fuse: one source missing', () => {
  test('neither source: unknown label, source none', () => {
    const f = fuse(null, null);
    expect(f).toMatchObject({ label: 'unknown', source: 'none', agreement: 'no-image', confidence: 0 });
    expect(f.explanation).toBe('no image model result; header not used');
  });

  test('no image result: a strong or moderate header decides', () => {
    const f = fuse(null, meta('DWI', 'strong'));
    expect(f).toMatchObject({ label: 'DWI', source: 'metadata', agreement: 'no-image' });
    expect(f.confidence).toBeCloseTo(Q.strong);
    expect(f.explanation).toContain('gave no result');
  });

  test('image unknown: a moderate header decides, its best guess agreeing raises confidence', () => {
    const f = fuse(img('T2', 0.35, true, 'weak evidence'), meta('T2', 'moderate'));
    expect(f).toMatchObject({ label: 'T2', source: 'metadata', agreement: 'no-image' });
    expect(f.confidence).toBeCloseTo(noisyOr(Q.moderate, 0.35));
    expect(f.explanation).toContain('image model is unsure (best guess T2 0.35: weak evidence)');
    expect(f.explanation).toContain('its best guess agrees');
  });

  test('image unknown and a weak header: no label', () => {
    const f = fuse(img('T2', 0.3, true), meta('FLAIR', 'weak'));
    expect(f).toMatchObject({ label: 'unknown', source: 'none', agreement: 'no-image' });
    expect(f.explanation).toContain('too weak to decide alone (needs moderate)');
  });

  test('image unknown and a header with nothing to say: no label', () => {
    const f = fuse(img('T2', 0.3, true), metadataSignal({}, LABELS));
    expect(f.source).toBe('none');
    expect(f.explanation).toContain('header says nothing useful');
  });

  test('no header (--no-metadata) or an empty one: the image decides', () => {
    expect(fuse(img('FLAIR', 0.81), null)).toMatchObject({ label: 'FLAIR', source: 'image', agreement: 'no-metadata', confidence: 0.81 });
    const ct = fuse(img('FLAIR', 0.81), metadataSignal({ modality: 'CT' }, LABELS));
    expect(ct).toMatchObject({ source: 'image', agreement: 'no-metadata' });
    expect(ct.explanation).toContain('Modality CT');
  });
});

describe('fuse: both sources', () => {
  test('agreement combines both confidences', () => {
    const f = fuse(img('T2', 0.7), meta('T2', 'moderate'));
    expect(f).toMatchObject({ label: 'T2', source: 'image+metadata', agreement: 'agree' });
    expect(f.confidence).toBeCloseTo(noisyOr(0.7, Q.moderate));
  });

  test('strong diffusion evidence overrides the image (B0 by its detail, ADC by its label)', () => {
    const b0 = fuse(img('T2', 0.7), meta('OTHER', 'strong', { detail: 'B0' }));
    expect(b0).toMatchObject({ label: 'OTHER', source: 'metadata', agreement: 'disagree' });
    expect(b0.confidence).toBeCloseTo(Q.strong * (1 - 0.5 * 0.7));
    expect(fuse(img('DWI', 0.9), meta('ADC', 'strong')).label).toBe('ADC');
  });

  test('moderate diffusion evidence does not override', () => {
    const f = fuse(img('T2', 0.7), meta('DWI', 'moderate'));
    expect(f).toMatchObject({ label: 'T2', source: 'image', agreement: 'disagree' });
    expect(f.confidence).toBeCloseTo(0.7 * (1 - 0.5 * Q.moderate));
    expect(f.explanation).toContain('image model kept');
  });

  test('strong evidence for a class outside overrideClasses does not override, unless the policy says so', () => {
    const flair = meta('FLAIR', 'strong');
    expect(fuse(img('T2', 0.6), flair)).toMatchObject({ label: 'T2', source: 'image', agreement: 'disagree' });
    expect(fuse(img('T2', 0.6), flair, { overrideClasses: ['FLAIR'] })).toMatchObject({ label: 'FLAIR', source: 'metadata' });
  });

  test('a filled contrast tag turns an image T1 into T1c', () => {
    const header = metadataSignal(
      { modality: 'MR', seriesDescription: 't1_se_tra', contrastBolusAgent: 'Gadovist', repetitionTime: 450, echoTime: 12 },
      LABELS,
    );
    const f = fuse(img('T1', 0.62), header);
    expect(f).toMatchObject({ label: 'T1c', source: 'image+metadata', agreement: 'disagree' });
    expect(f.confidence).toBeCloseTo(noisyOr(0.62, Q.strong));
    expect(f.explanation).toMatch(/^image model says T1 \(0\.62\); header says T1c, strong \(ContrastBolusAgent "Gadovist"/);
    expect(f.explanation).toContain('contrast tag overrides T1 vs T1c');
  });

  test('the contrast tag decides T1 vs T1c even when the header weighting is another class', () => {
    expect(fuse(img('T1', 0.7), meta('FLAIR', 'moderate', { contrast: 'tag' })).label).toBe('T1c');
    expect(fuse(img('T1', 0.7), meta('FLAIR', 'moderate', { contrast: 'tag' }), { contrastTagOverride: false }).label).toBe('T1');
  });

  test('a post-contrast name decides T1 vs T1c only when the header guess is strong enough', () => {
    const strong = meta('T1c', 'strong', { contrast: 'description' });
    const moderate = meta('T1c', 'moderate', { contrast: 'description' });
    expect(fuse(img('T1', 0.7), strong)).toMatchObject({ label: 'T1c', source: 'image+metadata', agreement: 'disagree' });
    const kept = fuse(img('T1', 0.7), moderate);
    expect(kept).toMatchObject({ label: 'T1', source: 'image' });
    expect(kept.explanation).toContain('a contrast name needs a strong header guess');
    expect(fuse(img('T1', 0.7), moderate, { contrastNameStrength: 'moderate' }).label).toBe('T1c');
    expect(fuse(img('T1', 0.7), strong, { contrastNameStrength: 'never' }).label).toBe('T1');
  });

  test('a strong pre-contrast header turns an image T1c into T1', () => {
    const f = fuse(img('T1c', 0.55), meta('T1', 'strong', { contrast: 'negated' }));
    expect(f).toMatchObject({ label: 'T1', source: 'image+metadata', agreement: 'disagree' });
    expect(f.explanation).toContain('pre-contrast header overrides T1 vs T1c');
  });

  test('a T1 header silent on contrast agrees with an image T1c', () => {
    const f = fuse(img('T1c', 0.8), meta('T1', 'strong'));
    expect(f).toMatchObject({ label: 'T1c', source: 'image+metadata', agreement: 'agree' });
    expect(f.confidence).toBeCloseTo(noisyOr(0.8, Q.strong));
  });

  test('labels are compared without regard to case', () => {
    expect(fuse(img('flair', 0.7), meta('FLAIR', 'weak')).agreement).toBe('agree');
  });
});

describe('resolvePolicy', () => {
  test('partial overrides keep the other defaults, nested confidences included', () => {
    const p = resolvePolicy({ fallbackStrength: 'strong', metaConfidence: { strong: 0.95 } });
    expect(p.fallbackStrength).toBe('strong');
    expect(p.metaConfidence).toEqual({ ...Q, strong: 0.95 });
    expect(p.overrideClasses).toEqual(DEFAULT_FUSION_POLICY.overrideClasses);
    expect(fuse(null, meta('T2', 'moderate'), { fallbackStrength: 'strong' }).source).toBe('none');
  });
});
