/**
 * dcmjs's own log lines about a file (here: a PatientAge of 2 characters where the AS VR says 4)
 * end up as warnings of that file's series, and nowhere on the console.
 */
import { el, makeMrSeries, asInputs } from '../../testing/dicomFixtures';
import { readDicom } from './read';

test('dcmjs log lines become series warnings, never console output', async () => {
  const files = makeMrSeries({ rows: 8, cols: 8, slices: 2, extraTags: { '00101010': el('AS', '45') } });
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
  try {
    const { series } = await readDicom(asInputs(files));
    expect(series).toHaveLength(1);
    expect(series[0].warnings).toContain('dcmjs: Invalid length for fixed length tag, vr AS, length 4 != 2');
    expect(series[0].warnings.filter((w) => w.startsWith('dcmjs:'))).toHaveLength(1);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
});
