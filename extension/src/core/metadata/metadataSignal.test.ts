import type { SeriesHeader } from '../types';
import { metadataSignal, type MetadataGuess } from './metadataSignal';

const LABELS = ['T1', 'T1c', 'T2', 'FLAIR', 'DWI', 'ADC', 'OTHER'];
const SIEMENS = { modality: 'MR', manufacturer: 'SIEMENS' };
const GE = { modality: 'MR', manufacturer: 'GE MEDICAL SYSTEMS' };
const PHILIPS = { modality: 'MR', manufacturer: 'Philips Medical Systems' };
const XA30 = { modality: 'MR', manufacturer: 'Siemens Healthineers', protocolName: 'DWI_dir80_PA', sequenceName: 'epse2d1_72' };

type Row = [string, SeriesHeader, string | null, MetadataGuess['strength'], string | undefined];

// Headers as the reader builds them from real vendor series (tags trimmed to what matters).
const TABLE: Row[] = [
  ['Siemens MPRAGE', { ...SIEMENS, seriesDescription: 't1_mpr_tra_gk', protocolName: 't1_mpr_tra_gk', sequenceName: '*tfl3d1_16ns', scanningSequence: ['GR', 'IR'], sequenceVariant: ['SK', 'SP', 'MP'], repetitionTime: 2300, echoTime: 2.98, inversionTime: 900 }, 'T1', 'strong', 'MPRAGE'],
  ['Siemens T1 SE with KM and agent', { ...SIEMENS, seriesDescription: 't1_se_tra_KM', sequenceName: '*se2d1', scanningSequence: ['SE'], repetitionTime: 450, echoTime: 12, contrastBolusAgent: 'Gadovist' }, 'T1c', 'strong', undefined],
  ['Siemens T1 SE with KM only', { ...SIEMENS, seriesDescription: 't1_se_tra_KM', scanningSequence: ['SE'], repetitionTime: 450, echoTime: 12 }, 'T1c', 'strong', undefined],
  ['Siemens DWI trace', { ...SIEMENS, seriesDescription: 'ep2d_diff_3scan_trace_p2', sequenceName: '*ep_b1000t', scanningSequence: ['EP'], bValues: [1000], repetitionTime: 5000, echoTime: 89 }, 'DWI', 'strong', undefined],
  ['Siemens DWI trace, name only', { ...SIEMENS, seriesDescription: 'ep2d_diff_3scan_trace_p2' }, 'DWI', 'moderate', undefined],
  ['Siemens ADC', { ...SIEMENS, seriesDescription: 'ep2d_diff_3scan_trace_p2_ADC', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC', 'ND'], bValues: [1000] }, 'ADC', 'strong', undefined],
  ['Siemens eADC', { ...SIEMENS, seriesDescription: 'ep2d_diff_EADC', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'EADC'] }, 'ADC', 'strong', 'EADC'],
  ['GE T1 FLAIR post Gd', { ...GE, seriesDescription: 'AX T1 POST GD FLAIR', scanningSequence: ['SE', 'IR'], repetitionTime: 2250, echoTime: 7.9, inversionTime: 860, contrastBolusAgent: 'GADAVIST' }, 'T1c', 'strong', 'T1-FLAIR'],
  ['GE DWI', { ...GE, seriesDescription: 'Ax DWI 1000b', scanningSequence: ['EP', 'SE'], bValues: [0, 1000], repetitionTime: 8000, echoTime: 80 }, 'DWI', 'strong', undefined],
  ['GE T2 FR-FSE', { ...GE, seriesDescription: 'AX T2 FR-FSE', scanningSequence: ['SE'], repetitionTime: 4500, echoTime: 102 }, 'T2', 'strong', undefined],
  ['GE CUBE FLAIR', { ...GE, seriesDescription: 'Sag CUBE FLAIR', scanningSequence: ['SE', 'IR'], mrAcquisitionType: '3D', repetitionTime: 6000, echoTime: 130, inversionTime: 1800 }, 'FLAIR', 'strong', undefined],
  ['GE TOF', { ...GE, seriesDescription: '3D TOF Circle of Willis', scanningSequence: ['GR'], repetitionTime: 24, echoTime: 3.4 }, 'OTHER', 'moderate', 'MRA'],
  ['GE T2* GRE', { ...GE, seriesDescription: 'Ax T2* GRE', scanningSequence: ['GR'], repetitionTime: 650, echoTime: 20 }, 'OTHER', 'strong', 'T2*'],
  ['Philips 3D TFE', { ...PHILIPS, seriesDescription: 'T1W_3D_TFE', scanningSequence: ['GR'], imageType: ['ORIGINAL', 'PRIMARY', 'M_FFE', 'M', 'FFE'], repetitionTime: 8.1, echoTime: 3.7 }, 'T1', 'strong', 'TFE'],
  ['Philips FFE, short TE', { ...PHILIPS, seriesDescription: 'FFE', scanningSequence: ['GR'], repetitionTime: 450, echoTime: 4.6 }, 'T1', 'moderate', undefined],
  ['Philips FFE, long TE', { ...PHILIPS, seriesDescription: 'FFE', scanningSequence: ['GR'], repetitionTime: 700, echoTime: 23 }, 'OTHER', 'weak', 'T2*'],
  ['Philips DwiSE', { ...PHILIPS, sequenceName: 'DwiSE', scanningSequence: ['SE'], bValues: [0, 1000] }, 'DWI', 'strong', undefined],
  ['Philips T2 FLAIR', { ...PHILIPS, seriesDescription: 'sT2W/FLAIR', scanningSequence: ['IR'], repetitionTime: 11000, echoTime: 125, inversionTime: 2800 }, 'FLAIR', 'strong', undefined],
  ['Philips VISTA with long TI', { ...PHILIPS, seriesDescription: 'VISTA', scanningSequence: ['SE', 'IR'], repetitionTime: 4800, echoTime: 340, inversionTime: 1650 }, 'FLAIR', 'weak', undefined],
  ['Philips VISTA without TI', { ...PHILIPS, seriesDescription: 'VISTA', scanningSequence: ['SE'], repetitionTime: 2500, echoTime: 250 }, 'T2', 'moderate', undefined],
  ['Philips PD', { ...PHILIPS, seriesDescription: 'PDW_TSE', scanningSequence: ['SE'], repetitionTime: 3000, echoTime: 12 }, 'OTHER', 'strong', 'PD'],
  ['XA30 ADC', { ...XA30, seriesDescription: 'DWI_dir80_PA_ADC', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'], scanningSequence: ['GR'], repetitionTime: 3516, echoTime: 68 }, 'ADC', 'strong', undefined],
  ['XA30 TRACEW', { ...XA30, seriesDescription: 'DWI_dir80_PA_TRACEW', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'], bValues: [2500] }, 'DWI', 'strong', undefined],
  ['XA30 tensor b0', { ...XA30, seriesDescription: 'DWI_dir80_PA_TENSOR_B0', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TENSOR_B0'], bValues: [0] }, 'OTHER', 'strong', 'B0'],
  ['XA30 4D DWI (b=0 and b>0 volumes)', { ...XA30, seriesDescription: 'DWI_dir80_PA', imageType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION', 'NONE'], bValues: [0, 2500] }, 'DWI', 'strong', undefined],
  ['XA30 MPRAGE', { modality: 'MR', seriesDescription: 'anat-T1w_acq-tfl', sequenceName: '*tfl3d1_16ns', scanningSequence: ['GR', 'IR'], repetitionTime: 1800, echoTime: 2.41, inversionTime: 900 }, 'T1', 'strong', 'MPRAGE'],
  ['Siemens localizer', { ...SIEMENS, seriesDescription: 'AAHead_Scout_32ch-head-coil', sequenceName: '*fl2d1', scanningSequence: ['GR'], repetitionTime: 8.6, echoTime: 4 }, 'OTHER', 'moderate', 'LOCALIZER'],
  ['Siemens SWI', { ...SIEMENS, seriesDescription: 'SWI_Images', sequenceName: '*swi3d1r', imageType: ['DERIVED', 'PRIMARY', 'M', 'SWI', 'NORM'], repetitionTime: 28, echoTime: 20 }, 'OTHER', 'strong', 'SWI'],
  ['Siemens DSC perfusion with agent', { ...SIEMENS, seriesDescription: 'ep2d_perf', sequenceName: '*epfid2d1_64', scanningSequence: ['EP'], contrastBolusAgent: 'Gadovist' }, 'OTHER', 'strong', 'PERFUSION'],
  ['GE b=0 written on a T1 series', { ...GE, seriesDescription: 'Ax T1 SE', bValues: [0], repetitionTime: 500, echoTime: 10 }, 'T1', 'strong', undefined],
  ['BIDS b0 name only', { modality: 'MR', seriesDescription: 'sub-01_ses-01_dwi_desc-b0_dwi' }, 'OTHER', 'moderate', 'B0'],
  ['XA30 tensor b0, name only', { modality: 'MR', seriesDescription: 'DWI_dir80_PA_TENSOR_B0' }, 'OTHER', 'moderate', 'B0'],
  ['empty header', {}, null, 'none', undefined],
  ['CT', { modality: 'CT', seriesDescription: 'Head 5mm' }, null, 'none', 'CT'],
];

describe('metadataSignal on vendor headers', () => {
  test.each(TABLE)('%s', (_name, header, label, strength, detail) => {
    const g = metadataSignal(header, LABELS);
    expect({ label: g.label, strength: g.strength, detail: g.detail }).toEqual({ label, strength, detail });
    expect(g.reasons.length).toBeGreaterThan(0);
  });
});

describe('metadataSignal details', () => {
  test('reasons name the evidence in plain words', () => {
    const adc = metadataSignal({ modality: 'MR', imageType: ['DERIVED', 'PRIMARY', 'ADC'], bValues: [0, 1000] }, LABELS);
    expect(adc.reasons).toEqual(expect.arrayContaining(['ImageType contains ADC: ADC map', 'b-values 0,1000: diffusion-weighted']));
    const t1 = metadataSignal({ modality: 'MR', seriesDescription: 'SE T1', repetitionTime: 450, echoTime: 12 }, LABELS);
    expect(t1.reasons).toContain('TR 450 ms / TE 12 ms: T1-weighted timing');
    expect(t1.reasons).toContain('SeriesDescription token "t1": T1-weighted');
  });

  test('description and timing disagreeing: conflict recorded, strength lowered', () => {
    const g = metadataSignal({ modality: 'MR', seriesDescription: 'T1_axial', scanningSequence: ['SE', 'IR'], repetitionTime: 9000, echoTime: 120, inversionTime: 2500 }, LABELS);
    expect(g.label).toBe('T1');
    expect(g.strength).toBe('weak');
    expect(g.conflicts).toEqual(['TR 9000 ms / TE 120 ms / TI 2500 ms: FLAIR timing (long TI) (points to FLAIR)']);
  });

  test('ImageType outranks a contradicting name, with the conflict reported', () => {
    const g = metadataSignal({ modality: 'MR', seriesDescription: 't2_tse_tra', imageType: ['DERIVED', 'PRIMARY', 'ADC'] }, LABELS);
    expect(g.label).toBe('ADC');
    expect(g.strength).toBe('moderate');
    expect(g.conflicts.join(' ')).toContain('"t2"');
  });

  test('pre-contrast names keep T1; a filled agent tag against "w/o" is a conflict', () => {
    const pre = metadataSignal({ modality: 'MR', seriesDescription: 'T1 SE AX pre Gd', repetitionTime: 500, echoTime: 10 }, LABELS);
    expect([pre.label, pre.contrast]).toEqual(['T1', 'negated']);
    const wo = metadataSignal({ modality: 'MR', seriesDescription: 'AX T1 w/o contrast', contrastBolusAgent: 'Gadovist' }, LABELS);
    expect([wo.label, wo.contrast, wo.strength]).toEqual(['T1', 'negated', 'weak']);
    expect(wo.conflicts[0]).toMatch(/ContrastBolusAgent "Gadovist" is filled/);
  });

  test('placeholder agent values are not contrast', () => {
    for (const agent of ['NONE', 'no', 'N/A', '-', '0']) {
      const g = metadataSignal({ modality: 'MR', seriesDescription: 'Ax T1 SE', contrastBolusAgent: agent }, LABELS);
      expect([g.label, g.contrast, g.contrastAgent]).toEqual(['T1', undefined, undefined]);
    }
  });

  test('contrast with no weighting: a weak T1c guess; contrast does not change a FLAIR', () => {
    const post = metadataSignal({ modality: 'MR', seriesDescription: 'AX POST' }, LABELS);
    expect([post.label, post.strength, post.contrast]).toEqual(['T1c', 'weak', 'description']);
    const flair = metadataSignal({ modality: 'MR', seriesDescription: 'AX FLAIR +C', contrastBolusAgent: 'Dotarem' }, LABELS);
    expect([flair.label, flair.contrast, flair.contrastAgent]).toEqual(['FLAIR', 'tag', 'Dotarem']);
  });

  test('labels come from the model: no T1c, a model that knows PD, a model without OTHER', () => {
    const km = { modality: 'MR', seriesDescription: 't1_se_tra_KM', repetitionTime: 450, echoTime: 12 };
    const noT1c = metadataSignal(km, ['T1', 'T2', 'FLAIR', 'OTHER']);
    expect(noT1c.label).toBe('T1');
    expect(noT1c.reasons).toContain('contrast given, but the model has no T1c label');
    const pd = { modality: 'MR', seriesDescription: 'pd_tse_tra', repetitionTime: 3000, echoTime: 12 };
    expect(metadataSignal(pd, ['T1', 'T2', 'PD', 'OTHER'])).toMatchObject({ label: 'PD', detail: undefined });
    const b0 = metadataSignal({ modality: 'MR', imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TENSOR_B0'] }, ['T1', 'T2', 'DWI']);
    expect([b0.label, b0.detail, b0.strength]).toEqual([null, 'B0', 'none']);
    expect(metadataSignal(km, []).label).toBe('T1c');
  });

  test('ProtocolName repeating the description is said once', () => {
    const g = metadataSignal({ modality: 'MR', seriesDescription: 'ep2d_diff_trace', protocolName: 'ep2d_diff' }, LABELS);
    expect(g.reasons.filter((r) => r.includes('"diff"'))).toEqual(['SeriesDescription token "diff": diffusion']);
  });

  test('implausible numbers are ignored rather than trusted', () => {
    const g = metadataSignal(
      { modality: 'MR', seriesDescription: '', repetitionTime: Number.NaN, echoTime: -3, bValues: [1e9], imageType: [] },
      LABELS,
    );
    expect([g.label, g.strength]).toEqual([null, 'none']);
  });
});
