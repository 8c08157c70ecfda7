/**
 * The mrseq hanging protocol: a 2x2 grid of T1, T1c, T2 (or FLAIR) and DW, each viewport matching
 * the custom attribute `mrseqViewport` (see planLayout.ts, customAttributes.ts). A viewport whose
 * sequence was not found stays empty; the user may still drop any series into it.
 */
import { PROTOCOL_ID, SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE } from '../id';
import { SLOTS, type SlotId } from './planLayout';

export { SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE };

export const selectorId = (slot: SlotId): string => `mrseq${slot}`;
export const viewportId = (slot: SlotId): string => `mrseq-${slot}`;

const displaySetSelectors = Object.fromEntries(
  SLOTS.map((s) => [
    selectorId(s.id),
    {
      allowUnmatchedView: true,
      seriesMatchingRules: [
        { attribute: VIEWPORT_ATTRIBUTE, constraint: { equals: { value: s.id } }, required: true, weight: 10 },
        { attribute: 'numImageFrames', constraint: { greaterThan: { value: 0 } }, required: true, weight: 1 },
      ],
    },
  ]),
);

export const brainMR2x2 = {
  id: PROTOCOL_ID,
  name: 'Brain MR by sequence: T1 / T1c / T2 / DW (mrseq)',
  description: 'Series hung by the sequence mrseq predicts from their pixels',
  locked: true,
  protocolMatchingRules: [{ attribute: 'ModalitiesInStudy', constraint: { contains: ['MR'] }, weight: 1 }],
  toolGroupIds: ['default'],
  displaySetSelectors,
  defaultViewport: {
    viewportOptions: { viewportType: 'stack', toolGroupId: 'default', allowUnmatchedView: true },
    displaySets: [{ id: selectorId('T1'), matchedDisplaySetsIndex: -1 }],
  },
  stages: [
    {
      id: 'mrseq-2x2',
      name: 'T1 / T1c / T2 / DW',
      stageActivation: { enabled: { minViewportsMatched: 1 } },
      viewportStructure: { layoutType: 'grid', properties: { rows: 2, columns: 2 } },
      viewports: SLOTS.map((s) => ({
        viewportOptions: {
          viewportId: viewportId(s.id),
          viewportType: 'stack',
          toolGroupId: 'default',
          allowUnmatchedView: true,
          // open on the middle slice, where the anatomy is
          initialImageOptions: { preset: 'middle' },
        },
        displaySets: [{ id: selectorId(s.id) }],
      })),
    },
  ],
};
