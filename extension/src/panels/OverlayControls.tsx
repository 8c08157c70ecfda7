import type { OverlaySettings } from '../overlays/overlayStore';
import { s } from './styles';

export function OverlayControls({ overlay, onToggle, onOpacity }: { overlay: OverlaySettings; onToggle: () => void; onOpacity: (v: number) => void }) {
  return (
    <div style={s.controls} data-testid="mrseq-overlay-controls">
      <label style={{ display: 'flex', alignItems: 'center', gap: 4, cursor: 'pointer' }}>
        <input type="checkbox" checked={overlay.enabled} onChange={onToggle} data-testid="mrseq-overlay-toggle" />
        Grad-CAM overlay
      </label>
      <label style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
        <span style={s.small}>opacity</span>
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round(overlay.opacity * 100)}
          disabled={!overlay.enabled}
          onChange={(e) => onOpacity(Number(e.currentTarget.value) / 100)}
          data-testid="mrseq-overlay-opacity"
        />
        <span style={s.small}>{Math.round(overlay.opacity * 100)}%</span>
      </label>
    </div>
  );
}
