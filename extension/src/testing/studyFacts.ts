/** SeriesFacts for tests of the study level: one axial volume of 24 slices, nothing else known. */
import type { SeriesFacts } from '../core/study/facts';

export function studyFacts(over: Partial<SeriesFacts> = {}): SeriesFacts {
  return {
    studyInstanceUID: '1.2.3',
    seriesNumber: null,
    plane: 'axial',
    normal: null,
    derived: null,
    trace: false,
    volumes: 1,
    slices: 24,
    coverageMm: 140,
    time: null,
    date: null,
    sequenceKey: null,
    protocolName: null,
    studyText: [],
    enhancement: null,
    ...over,
  };
}
