/**
 * The Grad-CAM overlay's own settings (on/off, opacity), apart from the classifier's state: moving
 * the opacity slider re-renders the controls and redraws the overlay, nothing else.
 */
import { PubSub } from '../services/PubSub';

export interface OverlaySettings {
  enabled: boolean;
  opacity: number;
}

const EVENTS = { CHANGED: 'event::mrseq:overlaySettingsChanged' } as const;

const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));

export class OverlayStore extends PubSub<typeof EVENTS> {
  static readonly EVENTS = EVENTS;
  private settings: OverlaySettings;

  constructor(initial: OverlaySettings = { enabled: true, opacity: 0.45 }) {
    super(EVENTS);
    this.settings = { enabled: initial.enabled, opacity: clamp(initial.opacity) };
  }

  get(): OverlaySettings {
    return this.settings;
  }

  /** Change some settings (opacity kept within 0..1); listeners hear of real changes only. */
  set(patch: Partial<OverlaySettings>): void {
    const next = { enabled: patch.enabled ?? this.settings.enabled, opacity: patch.opacity === undefined ? this.settings.opacity : clamp(patch.opacity) };
    if (next.enabled === this.settings.enabled && next.opacity === this.settings.opacity) return;
    this.settings = next;
    this._broadcastEvent(EVENTS.CHANGED, next);
  }

  toggle(): void {
    this.set({ enabled: !this.settings.enabled });
  }
}
