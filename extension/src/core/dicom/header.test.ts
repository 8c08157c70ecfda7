import type { RawDataset } from './dataset';
import { bValueOf, mergeHeaders } from './header';

describe('bValueOf', () => {
  const ge = (scanning: string[]): RawDataset => ({
    '00180020': { vr: 'CS', Value: scanning },
    '00430010': { vr: 'LO', Value: ['GEMS_PARM_01'] },
    '00431039': { vr: 'IS', Value: [1000000900, 8, 0, 0] },
  });

  test('GE slot is used for EPI only, offset removed', () => {
    expect(bValueOf(ge(['EP', 'SE']))).toBe(900);
    expect(bValueOf(ge(['SE']))).toBeUndefined();
  });

  test('standard DiffusionBValue wins over private tags', () => {
    expect(bValueOf({ '00189087': { vr: 'FD', Value: [50] }, '00190010': { vr: 'LO', Value: ['SIEMENS MR HEADER'] }, '0019100C': { vr: 'IS', Value: [1000] } })).toBe(50);
  });

  test('functional-group diffusion item is read first', () => {
    const item: RawDataset = { '00189087': { vr: 'FD', Value: [2000] } };
    expect(bValueOf({ '00189087': { vr: 'FD', Value: [10] } }, (tag) => (tag === '00189117' ? item : undefined))).toBe(2000);
  });
});

describe('mergeHeaders', () => {
  test('first file wins, gaps are filled, b-values are a sorted union', () => {
    const merged = mergeHeaders(
      [
        { modality: 'MR', echoTime: 80, bValues: [1000] },
        { modality: 'MR', echoTime: 90, repetitionTime: 5000, bValues: [0] },
      ],
      [500, 1000],
    );
    expect(merged).toEqual({ modality: 'MR', echoTime: 80, repetitionTime: 5000, bValues: [0, 500, 1000] });
  });
});
