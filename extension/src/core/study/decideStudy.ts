/**
 * The study-level decision: the series of one study decided together, and one series per viewport
 * of the 2x2 layout (T1, T1c, T2, DW). Pure; the command line (studies block) and the viewer (the
 * hanging protocol's custom attribute, the empty-viewport notes) both call it. Rules:
 *
 *  1. Input: each series' label probabilities after fusion v2 (image model + header), its status
 *     and its facts (facts.ts). Series that are skipped, unclassified, failed or still running take
 *     no part.
 *  2. Study context (studyContext.ts): a study described as without contrast ("w/o", "nativ",
 *     "plain", ...) holds no T1c: a series' T1c probability is multiplied by `noContrastT1cFactor` and
 *     the rest moves to T1 (the weighting stays, only the contrast goes), unless that series' own
 *     ContrastBolusAgent is filled. "w & w/o", "pre and post", "+C" favour a T1 / T1c pair (rule 3).
 *  3. T1 vs T1c by comparison (t1Pairs.ts): two or more T1-weighted series of one plane are decided
 *     together from matched-slice enhancement, acquisition order and recipe.
 *  4. A series is eligible for a slot when its probability of the slot's label is at least
 *     `hangThreshold` and it has at least `minSlicesToHang` slices (a localizer or a lone 2D image is
 *     no reading series). The T2 slot takes FLAIR only when no series is eligible as T2.
 *  5. Slots are filled together, one series per slot and one slot per series, maximising the summed
 *     utility u = p · preferences, where each preference that is not met multiplies u:
 *     another plane than the preferred one (axial when any eligible series is axial, else the plane
 *     most eligible series share) `otherPlane`; derived or reformatted (MPR, MIP, subtraction, ...;
 *     diffusion maps are exempt) `derived`; coverage below `partialCoverageBelow` of the largest
 *     coverage of the same plane `partialCoverage`; in the DW slot a 4D series when a trace exists,
 *     or any series that is not a trace, `diffusionNotTrace`. Ties: lower series number.
 *  6. A slot with no eligible series stays empty, and says why: "Not sure: #7 looks T1c (45%)" when
 *     a series not hung elsewhere reaches `suggestThreshold` (it is offered in the panel), otherwise
 *     "No T1c in this study" (with the study's own words when they say so).
 * Every number is in studyParams.json; the rules are in FUSION.md ("Study level").
 */
import { assignSlots, type Eligible } from './assignSlots';
import PARAMS_JSON from './studyParams.json';
import { readStudyContext, studyTexts, type StudyContext } from './studyContext';
import { SLOTS, slotWords, type SlotId } from './slots';
import { decideT1Pairs } from './t1Pairs';
import type { SlotCandidate, SlotDecision, StudyDecision, StudyParams, StudySeriesDecision, StudySeriesInput } from './types';

export type { SlotCandidate, SlotDecision, StudyDecision, StudyParams, StudySeriesDecision, StudySeriesInput } from './types';

export const DEFAULT_STUDY_PARAMS: Readonly<StudyParams> = PARAMS_JSON as unknown as StudyParams;

const TAKES_PART = new Set(['classified', 'unknown']);
const pct = (p: number) => `${Math.round(p * 100)}%`;

export function seriesName(s: Pick<StudySeriesInput, 'seriesNumber' | 'description' | 'id'>): string {
  if (s.seriesNumber !== undefined && s.seriesNumber !== null) return `#${s.seriesNumber}`;
  if (s.description) return `"${s.description}"`;
  const base = s.id.split(/[\\/]/).pop() ?? s.id;
  return base.length > 40 ? `${base.slice(0, 39)}…` : base;
}

function findLabel(labels: readonly string[], name: string): string | null {
  return labels.find((l) => l.toLowerCase() === name.toLowerCase()) ?? null;
}

function topOf(p: Record<string, number>): [string, number] {
  return Object.entries(p).reduce((a, b) => (b[1] > a[1] ? b : a), ['', -1] as [string, number]);
}

export function decideStudy(inputs: readonly StudySeriesInput[], params: StudyParams = DEFAULT_STUDY_PARAMS): StudyDecision {
  const active = inputs.filter((s) => TAKES_PART.has(s.status) && s.probabilities);
  const labels = [...new Set(active.flatMap((s) => Object.keys(s.probabilities ?? {})))];
  const t1 = findLabel(labels, 'T1');
  const t1c = findLabel(labels, 'T1c');
  const context = readStudyContext(studyTexts(active.map((s) => ({ studyText: s.facts?.studyText ?? [], protocolName: s.facts?.protocolName ?? null }))));
  const probs = new Map<string, Record<string, number>>(active.map((s) => [s.id, { ...(s.probabilities as Record<string, number>) }]));
  const reasons = new Map<string, string[]>(active.map((s) => [s.id, []]));

  // Rule 2: a study without contrast holds no T1c.
  if (context.contrast === 'none' && t1 && t1c) {
    for (const s of active) {
      const p = probs.get(s.id)!;
      if (s.contrastTag || (p[t1c] ?? 0) < 0.01) continue;
      const moved = p[t1c] * (1 - params.context.noContrastT1cFactor);
      probs.set(s.id, { ...p, [t1c]: p[t1c] - moved, [t1]: (p[t1] ?? 0) + moved });
      reasons.get(s.id)!.push(`${context.reason}: T1c ${pct(p[t1c])} -> ${pct(p[t1c] - moved)}`);
    }
  }
  // Rule 3: T1 vs T1c decided together.
  if (t1 && t1c) {
    const pairs = decideT1Pairs(
      active.map((s) => ({ id: s.id, name: seriesName(s), probabilities: probs.get(s.id)!, facts: s.facts })),
      { t1, t1c },
      context.contrast,
      params.pairs,
      params.pairModel,
      params.context.bothExpectedMixedFactor,
    );
    for (const [id, p] of pairs.probabilities) {
      const before = probs.get(id)!;
      probs.set(id, p);
      const lines = pairs.reasons.get(id) ?? [];
      if (lines.length) reasons.get(id)!.push(`${lines.join('; ')}: T1c ${pct(before[t1c] ?? 0)} -> ${pct(p[t1c])}`);
    }
  }

  // Rules 4 and 5: eligible series per slot, filled together.
  const eligibleFor = (label: string): Eligible[] =>
    active
      .filter((s) => (probs.get(s.id)![label] ?? 0) >= params.hangThreshold && (s.facts?.slices ?? Infinity) >= params.minSlicesToHang)
      .map((s) => ({ input: s, label, p: probs.get(s.id)![label] }));
  const perSlot = new Map<SlotId, Eligible[]>();
  for (const slot of SLOTS) {
    for (const name of slot.labels) {
      const label = findLabel(labels, name);
      const found = label ? eligibleFor(label) : [];
      if (found.length) {
        perSlot.set(slot.id, found);
        break;
      }
    }
  }
  const { assignment, preferredPlane, notes } = assignSlots(perSlot, params.prefer);

  const hungSlot = new Map<string, SlotId>();
  for (const [slot, e] of assignment) hungSlot.set(e.input.id, slot);
  const slots = {} as Record<SlotId, SlotDecision>;
  for (const slot of SLOTS) {
    const chosen = assignment.get(slot.id);
    if (chosen) {
      slots[slot.id] = {
        slot: slot.id,
        seriesId: chosen.input.id,
        label: chosen.label,
        probability: chosen.p,
        reasons: [`${seriesName(chosen.input)} is ${chosen.label} (${pct(chosen.p)})`, ...(notes.get(chosen.input.id) ?? [])],
        message: null,
        candidate: null,
      };
      continue;
    }
    slots[slot.id] = emptySlot(slot.id, slot.labels, labels, active, probs, hungSlot, context, params);
  }

  const series: StudySeriesDecision[] = inputs.map((s) => {
    const p = probs.get(s.id) ?? null;
    const [label, probability] = p ? topOf(p) : [null, null];
    return { id: s.id, probabilities: p, label, probability, reasons: reasons.get(s.id) ?? [], slot: hungSlot.get(s.id) ?? null };
  });
  return { context, preferredPlane, series, slots };
}

function emptySlot(
  slot: SlotId,
  slotLabels: readonly string[],
  labels: readonly string[],
  active: readonly StudySeriesInput[],
  probs: Map<string, Record<string, number>>,
  hung: Map<string, SlotId>,
  context: StudyContext,
  params: StudyParams,
): SlotDecision {
  let best: SlotCandidate | null = null;
  for (const name of slotLabels) {
    const label = findLabel(labels, name);
    if (!label) continue;
    for (const s of active) {
      if (hung.has(s.id)) continue;
      const p = probs.get(s.id)![label] ?? 0;
      if (p >= params.suggestThreshold && (!best || p > best.probability)) best = { id: s.id, name: seriesName(s), label, probability: p };
    }
  }
  const words = slotWords(slot);
  let message: string;
  const reasons: string[] = [];
  if (best) {
    message = `Not sure: ${best.name} looks ${best.label} (${pct(best.probability)})`;
    reasons.push(`no series reaches ${pct(params.hangThreshold)} for ${words}`);
  } else if (slot === 'T1c' && context.contrast === 'none') {
    message = `No T1c in this study (${context.said})`;
  } else {
    message = `No ${words} in this study`;
  }
  return { slot, seriesId: null, label: null, probability: null, reasons, message, candidate: best };
}
