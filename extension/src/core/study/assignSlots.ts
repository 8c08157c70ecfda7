/**
 * Rule 5 of decideStudy.ts: fill the slots together. Each eligible (series, slot) pair has a utility
 * u = p · preferences; the assignment (one series per slot, one slot per series, slots may stay
 * empty) with the largest summed utility wins, ties going to lower series numbers. Exhaustive over
 * the best `MAX_PER_SLOT` candidates of each slot (at most 9^4 assignments).
 */
import type { SlicePlane } from '../types';
import type { Preferences, StudySeriesInput } from './types';
import type { SlotId } from './slots';

export interface Eligible {
  input: StudySeriesInput;
  label: string;
  p: number;
}


const MAX_PER_SLOT = 8;

/** Axial when any eligible series is axial, else the plane most eligible series share. */
export function preferredPlaneOf(all: readonly Eligible[]): SlicePlane | null {
  const planes = all.map((e) => e.input.facts?.plane).filter((p): p is SlicePlane => !!p);
  if (planes.length === 0) return null;
  if (planes.includes('axial')) return 'axial';
  const counts = new Map<SlicePlane, number>();
  for (const p of planes) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function utility(e: Eligible, slot: SlotId, plane: SlicePlane | null, maxCoverage: Map<string, number>, traceExists: boolean, prefer: Preferences) {
  const f = e.input.facts;
  let u = e.p;
  const notes: string[] = [];
  if (plane && f?.plane && f.plane !== plane) {
    u *= prefer.otherPlane;
    notes.push(`${f.plane}, not ${plane}`);
  }
  if (f?.derived) {
    u *= prefer.derived;
    notes.push(`derived (${f.derived})`);
  }
  const max = f?.plane ? maxCoverage.get(f.plane) : undefined;
  if (f?.coverageMm != null && max && f.coverageMm < prefer.partialCoverageBelow * max) {
    u *= prefer.partialCoverage;
    notes.push(`partial coverage (${Math.round(f.coverageMm)} of ${Math.round(max)} mm)`);
  }
  if (slot === 'DW' && !f?.trace && (traceExists || (f?.volumes ?? 1) > 1)) {
    u *= prefer.diffusionNotTrace;
    notes.push((f?.volumes ?? 1) > 1 ? `${f?.volumes} diffusion volumes, not a trace` : 'not a trace image');
  }
  return { u, notes };
}

interface Option {
  slot: SlotId;
  e: Eligible;
  u: number;
  notes: string[];
}

export function assignSlots(
  perSlot: ReadonlyMap<SlotId, Eligible[]>,
  prefer: Preferences,
): { assignment: Map<SlotId, Eligible>; preferredPlane: SlicePlane | null; notes: Map<string, string[]> } {
  const all = [...perSlot.values()].flat();
  const plane = preferredPlaneOf(all);
  const maxCoverage = new Map<string, number>();
  for (const e of all) {
    const f = e.input.facts;
    if (f?.plane && f.coverageMm != null) maxCoverage.set(f.plane, Math.max(maxCoverage.get(f.plane) ?? 0, f.coverageMm));
  }
  const traceExists = (perSlot.get('DW') ?? []).some((e) => e.input.facts?.trace);
  const options: Option[][] = [...perSlot].map(([slot, list]) =>
    list
      .map((e) => ({ slot, e, ...utility(e, slot, plane, maxCoverage, traceExists, prefer) }))
      .sort((a, b) => b.u - a.u || (a.e.input.seriesNumber ?? Infinity) - (b.e.input.seriesNumber ?? Infinity))
      .slice(0, MAX_PER_SLOT),
  );
  let best: { total: number; numbers: number; picks: Option[] } = { total: -1, numbers: Infinity, picks: [] };
  const walk = (k: number, used: Set<string>, picks: Option[], total: number) => {
    if (k === options.length) {
      const numbers = picks.reduce((s, o) => s + (o.e.input.seriesNumber ?? 1e6), 0);
      if (total > best.total + 1e-12 || (Math.abs(total - best.total) <= 1e-12 && numbers < best.numbers)) best = { total, numbers, picks: [...picks] };
      return;
    }
    walk(k + 1, used, picks, total);
    for (const o of options[k]) {
      if (used.has(o.e.input.id)) continue;
      used.add(o.e.input.id);
      picks.push(o);
      walk(k + 1, used, picks, total + o.u);
      picks.pop();
      used.delete(o.e.input.id);
    }
  };
  walk(0, new Set(), [], 0);
  const assignment = new Map<SlotId, Eligible>(best.picks.map((o) => [o.slot, o.e]));
  const notes = new Map<string, string[]>();
  for (const o of best.picks) {
    const others = options.find((l) => l[0]?.slot === o.slot)?.filter((x) => x.e.input.id !== o.e.input.id) ?? [];
    const lines = o.notes.length ? [`preferences not met: ${o.notes.join(', ')}`] : [];
    if (others.length) lines.push(`chosen over ${others.map((x) => `${x.e.input.seriesNumber != null ? `#${x.e.input.seriesNumber}` : x.e.input.id} (${x.notes.join(', ') || `${Math.round(x.e.p * 100)}%`})`).join(', ')}`);
    notes.set(o.e.input.id, lines);
  }
  return { assignment, preferredPlane: plane, notes };
}
