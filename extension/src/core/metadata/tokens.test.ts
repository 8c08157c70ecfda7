import { symbolMarks, tokenize } from './tokens';
import { readName } from './vocabulary';

describe('tokenize', () => {
  test.each([
    ['t1_mpr_tra_gk', ['t1', 'mpr', 'tra', 'gk']],
    ['AX T1 POST GD FLAIR', ['ax', 't1', 'post', 'gd', 'flair']],
    ['DwiSE', ['dwi', 'se']],
    ['AAHead_Scout', ['aa', 'head', 'scout']],
    ['DWI_dir80_PA_eADC', ['dwi', 'dir80', 'pa', 'e', 'adc']],
    ['AX T2 FR-FSE', ['ax', 't2', 'fr', 'fse']],
  ])('%s', (name, expected) => {
    expect(tokenize(name)).toEqual(expected);
  });

  test('keeps glued weighting words and also splits them', () => {
    expect(tokenize('T2FLAIR')).toEqual(['t2flair', 't2', 'flair']);
    expect(tokenize('t1ffe')).toEqual(['t1ffe', 't1', 'ffe']);
    expect(tokenize('3DT1')).toEqual(['3dt1', '3d', 't1']);
    expect(tokenize('sT2W/FLAIR')).toEqual(['s', 't2w', 'flair']);
  });

  test('does not split the weighting suffix "w" off t1w / pdw', () => {
    expect(tokenize('T1W PDW')).toEqual(['t1w', 'pdw']);
  });

  test('joins known two-word phrases and rewrites w/o', () => {
    expect(tokenize('dark fluid')).toContain('darkfluid');
    expect(tokenize('3-plane loc')).toContain('3plane');
    expect(tokenize('T1 w/o contrast')).toEqual(['t1', 'without', 'contrast']);
  });

  test('empty and missing text give no tokens', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(undefined)).toEqual([]);
  });
});

describe('symbolMarks', () => {
  test('contrast written with symbols', () => {
    expect(symbolMarks('AX T1+C').contrast).toEqual(['+c']);
    expect(symbolMarks('T1 C+ SAG').contrast).toEqual(['c+']);
    expect(symbolMarks('t1_se +Gd').contrast).toEqual(['+gd']);
    expect(symbolMarks('T1 w/ contrast').contrast).toEqual(['w/ contrast']);
    expect(symbolMarks('T1 w/o contrast').contrast).toEqual([]);
  });

  test('T2* mark', () => {
    expect(symbolMarks('AX T2* GRE').t2star).toBe(true);
    expect(symbolMarks('AX T2 FSE').t2star).toBe(false);
  });
});

describe('readName', () => {
  const classes = (name: string) => readName('SeriesDescription', name, 'description').evidence.map((e) => e.cls);

  test('T1 FLAIR is T1 (detail T1-FLAIR); T2 FLAIR is FLAIR', () => {
    const t1flair = readName('SeriesDescription', 'AX T1 FLAIR', 'description').evidence;
    expect(t1flair.map((e) => [e.cls, e.detail])).toEqual([['T1', 'T1-FLAIR']]);
    expect(classes('AX T2 FLAIR')).toEqual(['FLAIR']);
  });

  test('an explicit weighting beats the generic TSE guess', () => {
    expect(classes('t1_tse_tra')).toEqual(['T1']);
    expect(classes('pd_tse_tra')).toEqual(['PD']);
    expect(new Set(classes('t2_tse_tra'))).toEqual(new Set(['T2']));
  });

  test('t2 with a gradient-echo word is T2*', () => {
    expect(new Set(classes('t2_fl2d_tra_hemo'))).toEqual(new Set(['T2*']));
  });

  test('a known whole word is not read as its glued parts', () => {
    expect(classes('t2s')).toEqual(['T2*']);
    expect(classes('BraTS-GLI-00001-000-t2f')).toEqual(['FLAIR']);
    expect(classes('t1c')).toEqual(['T1']);
  });

  test('b-values in names: b0 is a b=0 image, other values say diffusion', () => {
    expect(classes('sub-01_ses-01_dwi_desc-b0_dwi')).toEqual(expect.arrayContaining(['B0', 'DWI']));
    expect(classes('DTI_b0mean')).toEqual(expect.arrayContaining(['B0']));
    expect(classes('Ax DWI 1000b')).toEqual(expect.arrayContaining(['DIFFUSION', 'DWI']));
    expect(classes('B1 map')).toEqual([]);
  });

  test('a localizer or diffusion name outranks weighting words', () => {
    expect(classes('T1 3-plane loc')).toEqual(['LOCALIZER']);
    expect(new Set(classes('DWI_dir80_PA_ADC'))).toEqual(new Set(['ADC', 'DWI']));
  });

  test('contrast words, symbols and negations', () => {
    const read = (n: string) => {
      const r = readName('SeriesDescription', n, 'description');
      return { pos: r.contrast, neg: r.noContrast };
    };
    expect(read('t1_se_tra_KM')).toEqual({ pos: ['km'], neg: [] });
    expect(read('t1_mprage_post')).toEqual({ pos: ['post'], neg: [] });
    expect(read('AX T1 pre gd')).toEqual({ pos: [], neg: ['pre'] });
    expect(read('T1 non contrast')).toEqual({ pos: [], neg: ['non contrast'] });
    expect(read('T1 vor KM')).toEqual({ pos: [], neg: ['vor km'] });
    expect(read('T1 nativ')).toEqual({ pos: [], neg: ['nativ'] });
    expect(read('AX T1 w/o contrast')).toEqual({ pos: [], neg: ['without'] });
    expect(read('AX T1 C')).toEqual({ pos: ['t1 c'], neg: [] });
    expect(read('Ax T1 SE')).toEqual({ pos: [], neg: [] });
  });
});
