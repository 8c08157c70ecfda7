import { parseBval } from './bval';

describe('parseBval', () => {
  it('reads one row of b-values separated by spaces or tabs', () => {
    expect(parseBval('0 1000\t1000  2000\n')).toEqual([0, 1000, 1000, 2000]);
  });
  it('reads one value per line, with Windows line ends and decimals', () => {
    expect(parseBval('0\r\n995.5\r\n1000\r\n')).toEqual([0, 995.5, 1000]);
  });
  it('gives an empty list for empty or non-numeric text', () => {
    expect(parseBval('')).toEqual([]);
    expect(parseBval('  \n')).toEqual([]);
    expect(parseBval('b values: none')).toEqual([]);
  });
});
