/**
 * SeriesHeader from one file's tags, and the diffusion b-value of a dataset (standard and vendor
 * private tags). Enhanced MR keeps TR/TE/TI/flip angle and frame type inside functional groups: those
 * are read through `group(sequenceTag)`, which returns the frame's (or the shared) macro item.
 */
import type { SeriesHeader } from '../types';
import { type RawDataset, item, num, nums, privateNum, str, strs } from './dataset';
import { PRIVATE, TAG } from './tags';

/** Looks up a functional-group macro item (per-frame first, then shared). */
export type GroupLookup = (sequenceTag: string) => RawDataset | undefined;

const noGroups: GroupLookup = () => undefined;

/**
 * Diffusion b-value of a dataset (or of a functional-group item): DiffusionBValue (0018,9087), else
 * Siemens (0019,xx0C), GE (0043,xx39, first value, 1e9 offset removed; EPI series only), Philips (2001,xx03).
 */
export function bValueOf(ds: RawDataset | undefined, group: GroupLookup = noGroups): number | undefined {
  const diffusion = group(TAG.MRDiffusionSequence);
  const standard = num(diffusion, TAG.DiffusionBValue) ?? num(ds, TAG.DiffusionBValue);
  if (standard !== undefined) return standard;
  const siemens = privateNum(ds, PRIVATE.siemensBValue);
  if (siemens !== undefined) return siemens;
  // GE's slot also holds other integers on non-diffusion sequences: trust it for EPI only.
  const epi = (strs(ds, TAG.ScanningSequence) ?? []).some((s) => s.toUpperCase() === 'EP');
  const ge = epi ? privateNum(ds, PRIVATE.geBValue) : undefined;
  if (ge !== undefined) return ge >= 1e9 ? ge % 1e9 : ge;
  const philips = privateNum(ds, PRIVATE.philipsBValue);
  if (philips !== undefined) return Math.round(philips * 1000) / 1000;
  return undefined;
}

/** Enhanced MR spells the pulse sequence as EchoPulseSequence + InversionRecovery; map to ScanningSequence codes. */
function scanningFromEnhanced(ds: RawDataset, group: GroupLookup): string[] | undefined {
  const echo = str(ds, TAG.EchoPulseSequence)?.toUpperCase();
  const ir = str(ds, TAG.InversionRecovery) ?? str(group(TAG.MRModifierSequence), TAG.InversionRecovery);
  const out: string[] = [];
  if (echo === 'SPIN' || echo === 'BOTH') out.push('SE');
  if (echo === 'GRADIENT' || echo === 'BOTH') out.push('GR');
  if (ir?.toUpperCase() === 'YES') out.push('IR');
  return out.length ? out : undefined;
}

function contrastAgent(ds: RawDataset): string | undefined {
  const agent = str(ds, TAG.ContrastBolusAgent);
  if (agent) return agent;
  const coded = item(ds, TAG.ContrastBolusAgentSequence);
  return str(coded, TAG.CodeMeaning) ?? str(coded, '00080100');
}

function drop<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** Header of one file (first frame's functional groups for enhanced MR). */
export function buildHeader(ds: RawDataset, group: GroupLookup = noGroups): SeriesHeader {
  const timing = group(TAG.MRTimingAndRelatedParametersSequence);
  const echo = group(TAG.MREchoSequence);
  const modifier = group(TAG.MRModifierSequence);
  const frameType = group(TAG.MRImageFrameTypeSequence);
  const b = bValueOf(ds, group);
  return drop<SeriesHeader>({
    modality: str(ds, TAG.Modality)?.toUpperCase(),
    seriesDescription: str(ds, TAG.SeriesDescription),
    protocolName: str(ds, TAG.ProtocolName),
    sequenceName: str(ds, TAG.SequenceName) ?? str(ds, TAG.PulseSequenceName),
    scanningSequence: strs(ds, TAG.ScanningSequence) ?? scanningFromEnhanced(ds, group),
    sequenceVariant: strs(ds, TAG.SequenceVariant),
    scanOptions: strs(ds, TAG.ScanOptions),
    imageType: strs(ds, TAG.ImageType) ?? strs(frameType, TAG.FrameType),
    repetitionTime: num(ds, TAG.RepetitionTime) ?? num(timing, TAG.RepetitionTime),
    echoTime: num(ds, TAG.EchoTime) ?? num(echo, TAG.EffectiveEchoTime),
    inversionTime: num(ds, TAG.InversionTime) ?? nums(modifier, TAG.InversionTimes)?.[0],
    flipAngle: num(ds, TAG.FlipAngle) ?? num(timing, TAG.FlipAngle),
    bValues: b !== undefined ? [b] : undefined,
    contrastBolusAgent: contrastAgent(ds),
    manufacturer: str(ds, TAG.Manufacturer),
    mrAcquisitionType: str(ds, TAG.MRAcquisitionType),
    photometricInterpretation: str(ds, TAG.PhotometricInterpretation)?.toUpperCase(),
    samplesPerPixel: num(ds, TAG.SamplesPerPixel),
    bodyPartExamined: str(ds, TAG.BodyPartExamined),
    studyDescription: str(ds, TAG.StudyDescription),
    requestedProcedureDescription:
      str(ds, TAG.RequestedProcedureDescription) ?? str(item(ds, TAG.RequestAttributesSequence), TAG.RequestedProcedureDescription),
    performedProcedureStepDescription: str(ds, TAG.PerformedProcedureStepDescription),
    seriesDate: str(ds, TAG.SeriesDate),
    seriesTime: str(ds, TAG.SeriesTime),
    acquisitionTime: str(ds, TAG.AcquisitionTime) ?? (str(ds, TAG.AcquisitionDateTime)?.slice(8) || undefined),
  });
}

/** Merge per-file headers of one series: first file wins, b-values are the sorted union. */
export function mergeHeaders(headers: SeriesHeader[], extraBValues: number[] = []): SeriesHeader {
  const merged: SeriesHeader = { ...(headers[0] ?? {}) };
  for (const h of headers.slice(1)) {
    for (const [k, v] of Object.entries(h) as Array<[keyof SeriesHeader, unknown]>) {
      if (merged[k] === undefined && v !== undefined) (merged as Record<string, unknown>)[k] = v;
    }
  }
  const all = new Set<number>(extraBValues);
  for (const h of headers) for (const b of h.bValues ?? []) all.add(b);
  if (all.size) merged.bValues = [...all].sort((a, b) => a - b);
  else delete merged.bValues;
  return merged;
}
