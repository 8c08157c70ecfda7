/**
 * Enhanced (multi-frame) MR: per-frame metadata from the Per-frame Functional Groups Sequence
 * (5200,9230), each macro falling back to the Shared Functional Groups Sequence (5200,9229).
 */
import { type RawDataset, item, items, num, nums } from './dataset';
import { type GroupLookup, bValueOf } from './header';
import type { FrameMeta, Vec3 } from './model';
import type { Rescale } from './pixels';
import { TAG } from './tags';

export function hasFunctionalGroups(ds: RawDataset): boolean {
  return items(ds, TAG.PerFrameFunctionalGroupsSequence).length > 0 || items(ds, TAG.SharedFunctionalGroupsSequence).length > 0;
}

/** Macro lookup for frame `index`: the per-frame item's macro, else the shared one. */
export function groupLookup(ds: RawDataset, index: number): GroupLookup {
  const perFrame = items(ds, TAG.PerFrameFunctionalGroupsSequence)[index];
  const shared = item(ds, TAG.SharedFunctionalGroupsSequence);
  return (seqTag) => item(perFrame, seqTag) ?? item(shared, seqTag);
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length >= 3 ? [v[0], v[1], v[2]] : undefined;
}

function spacing(v: number[] | undefined): [number, number] | undefined {
  return v && v.length >= 2 && v[0] > 0 && v[1] > 0 ? [v[0], v[1]] : undefined;
}

/** Metadata of every frame of an enhanced MR file. `fallback` is the top-level rescale (legacy converters put it there). */
export function enhancedFrames(ds: RawDataset, nFrames: number, fallback: Rescale): FrameMeta[] {
  const frames: FrameMeta[] = [];
  const topInstance = num(ds, TAG.InstanceNumber);
  for (let i = 0; i < nFrames; i++) {
    const g = groupLookup(ds, i);
    const transform = g(TAG.PixelValueTransformationSequence);
    const content = g(TAG.FrameContentSequence);
    const diffusion = g(TAG.MRDiffusionSequence);
    const gradientItem = item(diffusion, TAG.DiffusionGradientDirectionSequence);
    const stackPos = num(content, TAG.InStackPositionNumber);
    const meta: FrameMeta = {
      frame: i,
      position: vec3(nums(g(TAG.PlanePositionSequence), TAG.ImagePositionPatient)),
      orientation: nums(g(TAG.PlaneOrientationSequence), TAG.ImageOrientationPatient),
      pixelSpacing: spacing(nums(g(TAG.PixelMeasuresSequence), TAG.PixelSpacing)),
      rescale: {
        slope: num(transform, TAG.RescaleSlope) ?? fallback.slope,
        intercept: num(transform, TAG.RescaleIntercept) ?? fallback.intercept,
      },
      bValue: bValueOf(undefined, g),
      echoTime: num(g(TAG.MREchoSequence), TAG.EffectiveEchoTime),
      temporalIndex: num(content, TAG.TemporalPositionIndex),
      triggerTime: num(g(TAG.CardiacSynchronizationSequence), '00209153'),
      // Order inside the file when there is no geometry: in-stack position, else frame number.
      instanceNumber: stackPos ?? (topInstance !== undefined ? topInstance * 100000 + i : i),
      gradient: nums(gradientItem, TAG.DiffusionGradientOrientation),
    };
    frames.push(meta);
  }
  return frames;
}
