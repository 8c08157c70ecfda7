/** A classified series (a SeriesReport in the command line, a worker result in the viewer) as input to decideStudy. */
import type { MetadataGuess } from '../metadata/metadataSignal';
import type { SeriesFacts } from './facts';
import type { StudySeriesInput } from './types';

export interface ClassifiedLike {
  status: string;
  /** After fusion; absent in results from before fusion v2. */
  probabilities?: Record<string, number> | null;
  image: { probabilities: Record<string, number> } | null;
  metadata: Pick<MetadataGuess, 'contrast'> | null;
  facts?: SeriesFacts | null;
}

export function studyInput(
  id: string,
  series: { seriesNumber?: number | null; description?: string | null },
  r: ClassifiedLike | null | undefined,
  status = r?.status ?? 'pending',
): StudySeriesInput {
  return {
    id,
    seriesNumber: series.seriesNumber ?? null,
    description: series.description ?? null,
    status,
    probabilities: r?.probabilities ?? r?.image?.probabilities ?? null,
    facts: r?.facts ?? null,
    contrastTag: r?.metadata?.contrast === 'tag',
  };
}
