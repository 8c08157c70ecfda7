/**
 * Plan the volumes of one series from frame metadata alone (no pixels):
 * - split by whatever varies across the series: b-value, echo time, slice plane, matrix size;
 * - inside each part, repeated positions are diffusion directions / repeats (averaged when the part
 *   has a b-value) or time points (split into "t=1", "t=2", …);
 * - slices ordered by position along the slice normal, InstanceNumber when geometry is missing.
 */
import { dot, planeName, sameOrientation, sliceNormal } from './geometry';
import type { FrameMeta, ParsedFile, Vec3 } from './model';

export interface SliceRef {
  file: ParsedFile;
  meta: FrameMeta;
  /** Input order of the file, for stable sorting. */
  fileOrder: number;
}

/** One output slice: the mean of its refs (several for averaged diffusion directions). */
export interface PlannedSlice {
  refs: SliceRef[];
  position?: number;
}

export interface PlannedVolume {
  key: string;
  bValue?: number;
  slices: PlannedSlice[];
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function size(r: SliceRef): string {
  const t = r.meta.tile;
  const rows = t ? t.tileRows : (r.file.image?.rows ?? 0);
  const cols = t ? t.tileColumns : (r.file.image?.columns ?? 0);
  return `${cols}x${rows}`;
}

/** Label each ref's slice plane; planes are clustered by normal direction. */
function planeLabels(refs: SliceRef[]): string[] {
  const clusters: Vec3[] = [];
  const index = refs.map((r) => {
    const n = sliceNormal(r.meta.orientation);
    if (!n) return -1;
    let k = clusters.findIndex((c) => sameOrientation(c, n));
    if (k < 0) k = clusters.push(n) - 1;
    return k;
  });
  const names = clusters.map((c) => planeName(c));
  return index.map((k) => {
    if (k < 0) return 'no-orientation';
    const name = names[k];
    return names.filter((x) => x === name).length > 1 ? `${name}-${k + 1}` : name;
  });
}

type Discriminator = { label: (r: SliceRef) => string };

function partition(refs: SliceRef[], warnings: string[]): Map<string, SliceRef[]> {
  const planes = planeLabels(refs);
  const planeOf = new Map(refs.map((r, i) => [r, planes[i]]));
  const candidates: Discriminator[] = [
    { label: (r) => (r.meta.bValue === undefined ? 'b=?' : `b=${fmt(r.meta.bValue)}`) },
    {
      label: (r) =>
        r.meta.echoTime !== undefined ? `te=${fmt(r.meta.echoTime)}` : r.meta.echoNumber !== undefined ? `echo=${r.meta.echoNumber}` : 'te=?',
    },
    { label: (r) => planeOf.get(r) ?? '' },
    { label: size },
  ];
  const active = candidates.filter((d) => new Set(refs.map(d.label)).size > 1);
  const parts = new Map<string, SliceRef[]>();
  for (const r of refs) {
    const key = active.map((d) => d.label(r)).join(' ');
    const list = parts.get(key);
    if (list) list.push(r);
    else parts.set(key, [r]);
  }
  const planeCount = new Set(planes).size;
  if (planeCount > 1) warnings.push(`series holds ${planeCount} slice orientations: one volume per orientation`);
  return parts;
}

function byAcquisition(a: SliceRef, b: SliceRef): number {
  const keys: Array<(r: SliceRef) => number | undefined> = [
    (r) => r.meta.temporalIndex,
    (r) => r.meta.triggerTime,
    (r) => r.meta.acquisitionNumber,
    (r) => r.meta.instanceNumber,
  ];
  for (const k of keys) {
    const x = k(a);
    const y = k(b);
    if (x !== undefined && y !== undefined && x !== y) return x - y;
  }
  return a.fileOrder - b.fileOrder || a.meta.frame - b.meta.frame || (a.meta.tile?.index ?? 0) - (b.meta.tile?.index ?? 0);
}

function byInstance(a: SliceRef, b: SliceRef): number {
  const x = a.meta.instanceNumber;
  const y = b.meta.instanceNumber;
  if (x !== undefined && y !== undefined && x !== y) return x - y;
  return byAcquisition(a, b);
}

/** Plan one part (refs sharing b-value, echo, plane and size) into one or more volumes. */
function planPart(key: string, refs: SliceRef[], warnings: string[]): PlannedVolume[] {
  const normal = refs.map((r) => sliceNormal(r.meta.orientation)).find((n) => n);
  const bValues = new Set(refs.map((r) => r.meta.bValue));
  const bValue = bValues.size === 1 ? refs[0].meta.bValue : undefined;
  const located = normal && refs.every((r) => r.meta.position);
  if (!located) {
    const sorted = [...refs].sort(byInstance);
    return [{ key, bValue, slices: sorted.map((r) => ({ refs: [r] })) }];
  }
  // Group refs by position along the normal (0.01 mm tolerance).
  const byPos = new Map<number, SliceRef[]>();
  for (const r of refs) {
    const p = Math.round(dot(r.meta.position!, normal!) * 100) / 100;
    const list = byPos.get(p);
    if (list) list.push(r);
    else byPos.set(p, [r]);
  }
  const positions = [...byPos.keys()].sort((a, b) => a - b);
  const repeats = Math.max(...[...byPos.values()].map((l) => l.length));
  if (repeats === 1) {
    return [{ key, bValue, slices: positions.map((p) => ({ refs: byPos.get(p)!, position: p })) }];
  }
  const label = key || 'series';
  if (bValue !== undefined) {
    warnings.push(`${label}: ${repeats} images per slice position (diffusion directions or repeats) averaged`);
    return [{ key, bValue, slices: positions.map((p) => ({ refs: byPos.get(p)!, position: p })) }];
  }
  // Time points: the k-th acquisition at each position goes to volume k.
  const volumes: PlannedVolume[] = Array.from({ length: repeats }, (_, k) => ({
    key: key ? `${key} t=${k + 1}` : `t=${k + 1}`,
    slices: [],
  }));
  let uneven = false;
  for (const p of positions) {
    const list = byPos.get(p)!.sort(byAcquisition);
    if (list.length !== repeats) uneven = true;
    list.forEach((r, k) => volumes[k].slices.push({ refs: [r], position: p }));
  }
  warnings.push(`${label}: ${repeats} images per slice position split into ${repeats} time points`);
  if (uneven) warnings.push(`${label}: time points hold different numbers of slices`);
  return volumes;
}

/** Volumes of one series; `refs` are all usable frames of the series. */
export function planVolumes(refs: SliceRef[], warnings: string[]): PlannedVolume[] {
  const parts = partition(refs, warnings);
  const keys = [...parts.keys()].sort((a, b) => {
    const ba = parts.get(a)![0].meta.bValue ?? -1;
    const bb = parts.get(b)![0].meta.bValue ?? -1;
    return ba - bb || a.localeCompare(b, 'en', { numeric: true });
  });
  const volumes = keys.flatMap((k) => planPart(k, parts.get(k)!, warnings));
  if (refs.some((r) => !r.meta.position || !r.meta.orientation)) {
    warnings.push('missing ImagePositionPatient/ImageOrientationPatient: slices ordered by InstanceNumber');
  }
  if (refs.some((r) => !r.meta.pixelSpacing)) warnings.push('missing PixelSpacing');
  return volumes;
}
