/**
 * What the panel shows, computed from the service state: pure functions, so the words and numbers
 * are tested without a browser. The React components only lay these out.
 */
import type { LayoutPlan, SlotId } from '../hangingProtocols/planLayout';
import { percent } from '../services/results';
import type { ClassifierState, SeriesEntry, SliceView } from '../services/types';

/** The one status line: loading the model, classifying n of m, done, or what went wrong. */
export function statusText(state: ClassifierState): { text: string; tone: 'busy' | 'done' | 'error' | 'idle' } {
  const { model, run } = state;
  if (model.state === 'failed') return { text: model.message, tone: 'error' };
  if (run.state === 'failed') return { text: run.message ?? 'classification failed', tone: 'error' };
  const skipped = state.series.filter((e) => e.status === 'skipped');
  if (skipped.length && skipped.length === state.series.length) {
    const kinds = [...new Set(skipped.map((e) => (e.modality && e.modality !== '?' ? e.modality : 'no modality')))].join(', ');
    return { text: `Nothing here is MR: ${skipped.length} series skipped (${kinds}); mrseq classifies MR series only`, tone: 'idle' };
  }
  if (model.state === 'loading') return { text: `Loading the model: ${model.detail}`, tone: 'busy' };
  if (run.state === 'running') return { text: `Classifying series ${Math.min(run.done + 1, run.total)} of ${run.total}`, tone: 'busy' };
  const mr = state.series.filter((e) => e.status !== 'skipped');
  const classified = mr.filter((e) => e.status === 'done' && e.result?.label).length;
  if (run.state === 'done') {
    const backend = model.state === 'ready' ? ` (model ran on ${model.info.backend.toUpperCase()}${fallbackText(model.info.fallbacks)})` : '';
    const extra = run.message ? `; ${run.message}` : '';
    return { text: `Done: ${classified} of ${mr.length} MR series recognised${backend}${extra}`, tone: 'done' };
  }
  return { text: state.series.length ? 'Waiting to classify' : 'No study open', tone: 'idle' };
}

/** Why faster backends were not used, e.g. "; WebGPU not used: no WebGPU adapter". */
export function fallbackText(fallbacks: readonly string[]): string {
  return fallbacks
    .map((f) => {
      const i = f.indexOf(': ');
      const name = i < 0 ? f : f.slice(0, i);
      return `; ${name === 'webgpu' ? 'WebGPU' : name.toUpperCase()} not used${i < 0 ? '' : `: ${f.slice(i + 2)}`}`;
    })
    .join('');
}

export interface SeriesRow {
  displaySetInstanceUID: string;
  title: string;
  status: SeriesEntry['status'];
  /** Predicted label, or a short state ("skipped", "unknown", "…"). */
  label: string;
  confidence: string;
  /** What the header says, e.g. "T2 (strong)" or "—". */
  metadata: string;
  /** Reasons behind the header guess, for a tooltip. */
  metadataWhy: string;
  disagreement: boolean;
  /** Where the series hangs in the 2x2 layout, if it does. */
  slot?: SlotId;
  /** When the study-level decision moved the label (study words, T1/T1c comparison): what the series alone said, and why. */
  study?: { alone: string; why: string };
  message: string;
}

const BUSY: Partial<Record<SeriesEntry['status'], string>> = { queued: 'waiting', 'loading-images': 'loading', classifying: 'classifying' };

export function seriesRows(state: ClassifierState, plan?: LayoutPlan): SeriesRow[] {
  return [...state.series]
    .sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity))
    .map((e) => {
      const r = e.result;
      const meta = r?.metadata;
      const label = BUSY[e.status] ?? (e.status === 'skipped' ? 'skipped' : e.status === 'failed' ? 'failed' : (r?.label ?? r?.status ?? '?'));
      const decided = plan?.decision.series.find((d) => d.id === e.displaySetInstanceUID);
      const moved = e.status === 'done' && !!r?.label && !!decided?.label && decided.label !== r.label && decided.probability !== null;
      return {
        displaySetInstanceUID: e.displaySetInstanceUID,
        title: `${e.seriesNumber !== undefined ? `#${e.seriesNumber} ` : ''}${e.description || '(no description)'}`,
        status: e.status,
        label: moved ? (decided.label as string) : label,
        confidence: moved ? percent(decided.probability) : r?.label ? percent(r.confidence) : '',
        metadata: meta?.label ? `${meta.label}${meta.detail ? ` ${meta.detail}` : ''} (${meta.strength})` : '—',
        metadataWhy: meta ? [...meta.reasons, ...meta.conflicts.map((c) => `conflict: ${c}`)].join('\n') : '',
        disagreement: r?.fused?.agreement === 'disagree',
        slot: plan?.slotOf.get(e.displaySetInstanceUID),
        study: moved ? { alone: `${r.label} ${percent(r.confidence)}`, why: decided.reasons.join('\n') } : undefined,
        message: e.message ?? '',
      };
    });
}

export const LABEL_COLORS = ['#f4d35e', '#ee964b', '#5acce6', '#9b5de5', '#00f5a0', '#f15bb5', '#adb5bd', '#ffffff'];

export interface ChartLine {
  label: string;
  color: string;
  points: Array<[number, number]>;
}

export interface ChartModel {
  /** Number of images in the series (x runs 0..count-1). */
  count: number;
  lines: ChartLine[];
  /** The image on screen, and what is known about it. */
  current: { imageIndex: number; view?: SliceView };
  /** The current slice's probabilities, highest first. */
  bars: Array<{ label: string; value: number; color: string }>;
}

/** Per-slice probabilities of one series, one line per label, with the image on screen marked. */
export function chartModel(entry: SeriesEntry, labels: readonly string[], imageIndex: number, imageCount: number): ChartModel {
  const count = Math.max(imageCount, entry.imageCount, ...entry.slices.map((s) => s.imageIndex + 1), 1);
  const lines = labels.map((label, i) => ({
    label,
    color: LABEL_COLORS[i % LABEL_COLORS.length],
    points: entry.slices.map((s) => [s.imageIndex, s.probabilities[label] ?? 0] as [number, number]),
  }));
  const view = entry.slices.find((s) => s.imageIndex === imageIndex);
  const bars = view
    ? labels
        .map((label, i) => ({ label, value: view.probabilities[label] ?? 0, color: LABEL_COLORS[i % LABEL_COLORS.length] }))
        .sort((a, b) => b.value - a.value)
    : [];
  return { count, lines, current: { imageIndex, view }, bars };
}

/** The lines worth drawing: labels that reach `min` somewhere (all when none does). */
export function visibleLines(model: ChartModel, min = 0.1): ChartLine[] {
  const shown = model.lines.filter((l) => l.points.some(([, p]) => p >= min));
  return shown.length ? shown : model.lines;
}
