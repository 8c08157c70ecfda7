import { renderToStaticMarkup } from 'react-dom/server';
import { planLayout } from '../hangingProtocols/planLayout';
import { EmptySlots } from './EmptySlots';

const p = (top: string, v: number, rest: Record<string, number> = {}) => ({ T1: 0, T1c: 0, T2: 0, FLAIR: 0, DWI: 0, ADC: 0, OTHER: 0, ...rest, [top]: v });

describe('EmptySlots (panel)', () => {
  it('lists the empty viewports with a button for the best candidate', () => {
    const plan = planLayout([
      { displaySetInstanceUID: 't1', seriesNumber: 3, status: 'classified', probabilities: p('T1', 0.9) },
      { displaySetInstanceUID: 'u', seriesNumber: 7, status: 'unknown', probabilities: p('T1c', 0.45, { T2: 0.4 }) },
    ]);
    const html = renderToStaticMarkup(<EmptySlots plan={plan} onHang={() => undefined} />);
    expect(html).toContain('Empty viewports');
    expect(html).toContain('Not sure: #7 looks T1c (45%)');
    expect(html).toMatch(/data-testid="mrseq-hang-candidate" data-uid="u"[^>]*>Hang #7 here</);
    expect(html).toContain('No DW in this study');
  });

  it('says nothing while the study is not hung by sequence', () => {
    expect(renderToStaticMarkup(<EmptySlots plan={planLayout([])} />)).toBe('');
    expect(renderToStaticMarkup(<EmptySlots />)).toBe('');
  });
});
