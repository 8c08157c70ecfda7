/**
 * Follows the active viewport: which display set it shows, which image is on screen, and every
 * render (scroll, pan, zoom, window). The panel listens to CHANGED (the image index), the Grad-CAM
 * overlay to RENDERED (to redraw aligned with the image).
 */
import { PubSub } from '../services/PubSub';
import { ACTIVE_VIEWPORT_EVENTS as EVENTS, type ActiveViewportInfo, type ActiveViewportSource } from '../services/viewerTypes';
import type { Cornerstone, CsViewport, OhifServices } from './cornerstone';

export class ActiveViewportTracker extends PubSub<typeof EVENTS> implements ActiveViewportSource {
  static readonly EVENTS = EVENTS;
  private info: ActiveViewportInfo | null = null;
  private element: HTMLElement | null = null;
  private readonly subscriptions: Array<{ unsubscribe(): void }> = [];
  private readonly onRender = () => this.refresh(true);

  constructor(
    private readonly services: OhifServices,
    private readonly cornerstone: () => Cornerstone,
  ) {
    super(EVENTS);
  }

  start(): void {
    const { viewportGridService, cornerstoneViewportService } = this.services;
    const again = () => this.refresh(false);
    const grid = viewportGridService.EVENTS;
    for (const e of [grid.ACTIVE_VIEWPORT_ID_CHANGED, grid.GRID_STATE_CHANGED, grid.VIEWPORTS_READY, grid.LAYOUT_CHANGED]) {
      if (e) this.subscriptions.push(viewportGridService.subscribe(e, again));
    }
    const dataChanged = cornerstoneViewportService?.EVENTS?.VIEWPORT_DATA_CHANGED;
    if (dataChanged) this.subscriptions.push(cornerstoneViewportService.subscribe(dataChanged, again));
    this.refresh(false);
  }

  stop(): void {
    this.subscriptions.splice(0).forEach((s) => s.unsubscribe());
    this.attach(null);
    this.info = null;
  }

  get(): ActiveViewportInfo | null {
    return this.info;
  }

  /** The cornerstone viewport of the active viewport, when it has one. */
  viewport(): CsViewport | null {
    const id = this.services.viewportGridService.getState()?.activeViewportId;
    return id ? ((this.services.cornerstoneViewportService.getCornerstoneViewport(id) as CsViewport | undefined) ?? null) : null;
  }

  private attach(element: HTMLElement | null): void {
    if (element === this.element) return;
    let rendered = 'CORNERSTONE_IMAGE_RENDERED';
    try {
      rendered = this.cornerstone().Enums.Events.IMAGE_RENDERED ?? rendered;
    } catch {
      // cornerstone not loaded yet: the default event name is right for cornerstone3D
    }
    this.element?.removeEventListener(rendered, this.onRender);
    this.element = element;
    element?.addEventListener(rendered, this.onRender);
  }

  private refresh(rendered: boolean): void {
    const state = this.services.viewportGridService.getState();
    const viewportId: string | undefined = state?.activeViewportId;
    const vpState = viewportId ? state.viewports?.get?.(viewportId) : undefined;
    const vp = this.viewport();
    this.attach(vp?.element ?? null);
    const next: ActiveViewportInfo | null = viewportId
      ? {
          viewportId,
          displaySetInstanceUID: vpState?.displaySetInstanceUIDs?.[0],
          imageIndex: vp?.getCurrentImageIdIndex?.() ?? 0,
          imageId: vp?.getCurrentImageId?.(),
          imageCount: vp?.getImageIds?.().length ?? 0,
        }
      : null;
    const prev = this.info;
    const changed =
      !prev !== !next ||
      (prev &&
        next &&
        (prev.viewportId !== next.viewportId ||
          prev.displaySetInstanceUID !== next.displaySetInstanceUID ||
          prev.imageIndex !== next.imageIndex ||
          prev.imageCount !== next.imageCount));
    this.info = next;
    if (changed) this._broadcastEvent(EVENTS.CHANGED, next);
    if (rendered && vp) this._broadcastEvent(EVENTS.RENDERED, { info: next, viewport: vp });
  }
}
