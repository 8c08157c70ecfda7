/** The study-level decision (decideStudy.ts) and what it is built from; see FUSION.md "Study level". */
export { decideStudy, DEFAULT_STUDY_PARAMS, seriesName } from './decideStudy';
export type { SlotCandidate, SlotDecision, StudyDecision, StudyParams, StudySeriesDecision, StudySeriesInput } from './types';
export { SLOTS, SLOT_IDS, slotWords, type SlotId } from './slots';
export { seriesFacts, type SeriesFacts } from './facts';
export { readStudyContext, readContrastPhrase, type StudyContext } from './studyContext';
export { comparePair, enhancementSignature, type EnhancementSignature, type PairModel } from './enhancement';
export { groupStudies, type StudyGroup } from './groupStudies';
export { studyInput, type ClassifiedLike } from './studyInput';
