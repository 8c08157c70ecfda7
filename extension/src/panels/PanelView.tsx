/** The mrseq panel's layout, from plain data (PanelSequences.tsx feeds it from the services). */
import type { LayoutPlan, SlotId } from '../hangingProtocols/planLayout';
import type { OverlaySettings } from '../overlays/overlayStore';
import type { ClassifierState } from '../services/types';
import type { ActiveViewportInfo } from '../services/viewerTypes';
import { EmptySlots } from './EmptySlots';
import { OverlayControls } from './OverlayControls';
import { chartModel, seriesRows, statusText } from './panelModel';
import { SeriesTable } from './SeriesTable';
import { SliceChart } from './SliceChart';
import { s, toneColor } from './styles';

export interface PanelActions {
  classify(): void;
  arrange(): void;
  toggleOverlay(): void;
  setOpacity(v: number): void;
  /** Show this series in the active viewport (a click on its row). */
  showSeries(displaySetInstanceUID: string): void;
  /** Show a series in one viewport of the 2x2 layout (the empty-viewport suggestions). */
  hangInSlot?(slot: SlotId, displaySetInstanceUID: string): void;
}

export interface PanelViewProps {
  state: ClassifierState;
  active: ActiveViewportInfo | null;
  plan?: LayoutPlan;
  overlay: OverlaySettings;
  actions: PanelActions;
}

export function PanelView({ state, active, plan, overlay, actions }: PanelViewProps) {
  const status = statusText(state);
  const rows = seriesRows(state, plan);
  const entry = active?.displaySetInstanceUID ? state.series.find((e) => e.displaySetInstanceUID === active.displaySetInstanceUID) : undefined;
  const labels = state.model.state === 'ready' ? state.model.info.labels : [];
  const busy = state.run.state === 'running' || state.model.state === 'loading';
  return (
    <div style={s.panel} data-testid="mrseq-panel" data-run={state.run.state} data-model={state.model.state}>
      <div role="status" aria-live="polite" style={{ color: toneColor[status.tone] }} data-testid="mrseq-status" data-tone={status.tone}>
        {status.text}
      </div>
      <div style={s.controls}>
        <button type="button" style={s.button} onClick={actions.classify} disabled={busy}>
          Classify again
        </button>
        <button type="button" style={s.button} onClick={actions.arrange} disabled={busy}>
          Arrange T1 / T1c / T2 / DW
        </button>
      </div>
      <EmptySlots plan={plan} onHang={actions.hangInSlot} />
      <div>
        <div style={s.heading}>Series</div>
        <SeriesTable rows={rows} activeUid={active?.displaySetInstanceUID} onSelect={actions.showSeries} />
      </div>
      <div>
        <div style={s.heading}>Active viewport, per slice</div>
        {!entry ? (
          <div style={s.small}>Click a viewport to see its series here.</div>
        ) : entry.status !== 'done' || !entry.result ? (
          <div style={s.small}>{entry.message ?? 'not classified'}</div>
        ) : entry.slices.length === 0 ? (
          <div style={s.small}>{entry.result.reason ?? 'no slice could be classified'}</div>
        ) : (
          <SliceChart model={chartModel(entry, labels, active?.imageIndex ?? 0, active?.imageCount ?? 0)} />
        )}
      </div>
      <div>
        <div style={s.heading}>Grad-CAM</div>
        <OverlayControls overlay={overlay} onToggle={actions.toggleOverlay} onOpacity={actions.setOpacity} />
        <div style={s.small}>Where the model looked for the predicted sequence, on the active viewport.</div>
      </div>
    </div>
  );
}
