import { type RawDataset, items, num, nums, privateNum, privateValues, str, strs } from './dataset';

const latin = (s: string) => new TextEncoder().encode(s).buffer;

describe('dataset accessors', () => {
  const ds: RawDataset = {
    '00080060': { vr: 'CS', Value: [' MR '] },
    '00080008': { vr: 'CS', Value: ['ORIGINAL', '', 'M'] },
    '00280030': { vr: 'DS', Value: ['0.5', 0.75] },
    '00200013': { vr: 'IS', Value: ['x'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^J' }] },
    '00181030': { vr: 'LO', Value: [] },
    '52009229': { vr: 'SQ', Value: [{ '00180080': { vr: 'DS', Value: [500] } }] },
    // Private blocks: Siemens header at 0x10, something else at 0x11.
    '00190010': { vr: 'LO', Value: ['SIEMENS MR HEADER'] },
    '00190011': { vr: 'LO', Value: ['OTHER VENDOR'] },
    '0019100C': { vr: 'UN', Value: [latin('1000')] },
    '0019110C': { vr: 'IS', Value: [5] },
    '20010010': { vr: 'LO', Value: ['Philips Imaging DD 001'] },
    '20011003': { vr: 'UN', Value: [new Float32Array([1500]).buffer] },
    '00431039': { vr: 'UN', Value: [latin('1000000700\\8\\0\\0 ')] },
  };

  test('text, numbers and sequences', () => {
    expect(str(ds, '00080060')).toBe('MR');
    expect(strs(ds, '00080008')).toEqual(['ORIGINAL', 'M']);
    expect(nums(ds, '00280030')).toEqual([0.5, 0.75]);
    expect(num(ds, '00200013')).toBeUndefined();
    expect(str(ds, '00100010')).toBe('Doe^J');
    expect(str(ds, '00181030')).toBeUndefined();
    expect(str(ds, 'FFFFFFFF')).toBeUndefined();
    expect(num(items(ds, '52009229')[0], '00180080')).toBe(500);
    expect(items(ds, '00080060')).toEqual([]);
  });

  test('private elements are found through their creator block; UN decoded as text or float', () => {
    expect(privateNum(ds, { group: 0x0019, element: 0x0c, creator: /SIEMENS MR HEADER/ })).toBe(1000);
    expect(privateNum(ds, { group: 0x0019, element: 0x0c, creator: /OTHER VENDOR/ })).toBe(5);
    expect(privateNum(ds, { group: 0x0019, element: 0x0c, creator: /NOBODY/ })).toBeUndefined();
    expect(privateNum(ds, { group: 0x2001, element: 0x03, creator: /Philips Imaging DD 001/ })).toBe(1500);
    // No creator element at all: the conventional block 0x10 is assumed.
    expect(privateValues(ds, 0x0043, 0x39, /GEMS_PARM_01/)).toEqual(['1000000700', '8', '0', '0']);
  });

  test('UN bytes are decoded as the VR the caller knows', () => {
    const un: RawDataset = {
      '00190010': { vr: 'LO', Value: ['SIEMENS MR HEADER'] },
      '0019100A': { vr: 'UN', Value: [new Uint16Array([36]).buffer] },
      '00291010': { vr: 'UN', Value: [new Float32Array([1000]).buffer] },
    };
    // 36 = '$' + NUL: printable as text, but a US value.
    expect(privateNum(un, { group: 0x0019, element: 0x0a, creator: /SIEMENS MR HEADER/, vr: 'US' })).toBe(36);
    expect(privateNum(un, { group: 0x0029, element: 0x10, creator: /X/ })).toBe(1000);
  });
});
