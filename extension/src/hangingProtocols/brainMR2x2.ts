/**
 * The mrseq hanging protocol: a 2x2 grid of T1, T1c, T2 (or FLAIR) and DW, each viewport matching
 * the custom attribute `mrseqViewport` (the slot the layout controller gives a display set: see
 * layoutController.ts). A viewport whose sequence was not found stays empty; the user may still drop
 * any series into it.
 *
 * The mrseq mode opens studies with this protocol, so that OHIF's own first hanging (once the series
 * metadata is in, before any image is drawn) already shows the provisional layout from strong header
 * evidence. When no viewport matches yet, the second stage shows one series, as OHIF's default
 * protocol would, until the pixels fill a slot (OHIF's first hanging always takes stage 0: the
 * layout controller then moves an empty 2x2 to the waiting stage).
 */
import { PROTOCOL_ID, SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE } from '../id';
import { SLOTS, type SlotId } from './planLayout';

export { SEQUENCE_ATTRIBUTE, VIEWPORT_ATTRIBUTE };

export const selectorId = (slot: SlotId): string => `mrseq${slot}`;
export const viewportId = (slot: SlotId): string => `mrseq-${slot}`;
export const GRID_STAGE = 'mrseq-2x2';
export const WAITING_STAGE = 'mrseq-waiting';
const ANY_IMAGES = 'mrseqAnyImages';

const displaySetSelectors = {
  ...Object.fromEntries(
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
  ),
  // the waiting stage: an image series, MR first
  [ANY_IMAGES]: {
    allowUnmatchedView: true,
    seriesMatchingRules: [
      { attribute: 'numImageFrames', constraint: { greaterThan: { value: 0 } }, required: true, weight: 1 },
      { attribute: 'Modality', constraint: { equals: { value: 'MR' } }, weight: 2 },
    ],
  },
};

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
      id: GRID_STAGE,
      name: 'T1 / T1c / T2 / DW',
      // Never disabled: OHIF opens the mode's protocol with an explicit stageIndex 0 and throws
      // ("Can't find applicable stage") when that stage is disabled. Enabled only with a viewport
      // matched, so a run without a stage (the layout controller's) falls to the waiting stage.
      stageActivation: { passive: { minViewportsMatched: 0 }, enabled: { minViewportsMatched: 1 } },
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
    {
      id: WAITING_STAGE,
      name: 'Until a series is recognised',
      stageActivation: { enabled: { minViewportsMatched: 0 } },
      viewportStructure: { layoutType: 'grid', properties: { rows: 1, columns: 1 } },
      viewports: [
        {
          viewportOptions: { viewportId: 'mrseq-waiting', viewportType: 'stack', toolGroupId: 'default', allowUnmatchedView: true, initialImageOptions: { preset: 'middle' } },
          displaySets: [{ id: ANY_IMAGES }],
        },
      ],
    },
  ],
};
