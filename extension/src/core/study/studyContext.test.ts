import { readContrastPhrase, readStudyContext, studyTexts } from './studyContext';

describe('study context: what the study says about contrast', () => {
  test.each([
    ['MR-Brain w/o Contrast', 'none'],
    ['MRI HEAD WITHOUT CONTRAST', 'none'],
    ['MR brain non-contrast', 'none'],
    ['Schädel nativ', 'none'],
    ['MRT Kopf ohne KM', 'none'],
    ['MRI brain plain', 'none'],
    ['IRM cérébrale sans injection', 'none'],
    ['MR BRAIN W & W/O CONTRAST', 'both'],
    ['MRI BRAIN W/WO', 'both'],
    ['MRI brain with and without contrast', 'both'],
    ['Brain pre and post', 'both'],
    ['MR head +/- contrast', 'both'],
    ['MRT Schädel nativ + KM', 'both'],
    ['MRI BRAIN +C', 'post'],
    ['MR brain w/ contrast', 'post'],
    ['MRT Schädel mit KM', 'post'],
    ['Brain MR (mrseq end-to-end test)', null],
    ['MR BRAIN ROUTINE', null],
    ['', null],
  ])('%s -> %s', (text, expected) => {
    expect(readContrastPhrase(text)).toBe(expected);
  });

  test('the first text that speaks decides; texts that disagree say nothing', () => {
    const one = readStudyContext([
      { field: 'study description', text: 'MR BRAIN' },
      { field: 'study description', text: 'MR-Brain w/o Contrast' },
    ]);
    expect(one).toEqual({ contrast: 'none', said: 'study description "MR-Brain w/o Contrast"', reason: 'study description "MR-Brain w/o Contrast": no contrast agent in this study' });
    const two = readStudyContext([
      { field: 'study description', text: 'MR brain w/o' },
      { field: 'study description', text: 'MR brain +C' },
    ]);
    expect(two.contrast).toBeNull();
    expect(two.reason).toContain('disagree');
  });

  test('a ProtocolName counts as study text only when most series of the study share it', () => {
    const shared = studyTexts([
      { studyText: [], protocolName: 'BRAIN W/WO' },
      { studyText: [], protocolName: 'BRAIN W/WO' },
      { studyText: [], protocolName: 't1_tse_tra_nativ' },
    ]);
    expect(shared).toEqual([{ field: 'ProtocolName shared by the study', text: 'BRAIN W/WO' }]);
    expect(studyTexts([{ studyText: ['MR Kopf'], protocolName: 't1_nativ' }, { studyText: ['MR Kopf'], protocolName: 't2_tse' }])).toEqual([
      { field: 'study description', text: 'MR Kopf' },
    ]);
  });
});
