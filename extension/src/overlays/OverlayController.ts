/**
 * Grad-CAM on the active viewport: on every render of that viewport it finds the class map of the
 * image on screen (classified with the series, or on demand for other slices), turns it into a
 * heatmap for the series' predicted class, and draws it aligned with the image.
 */
import { camToHeatmap } from '../core/cam';
import type { ActiveViewportTracker } from '../ohif/activeViewport';
import type { Cornerstone, CsViewport } from '../ohif/cornerstone';
import type { ClassifierService } from '../services/ClassifierService';
import { GradCamCanvas } from './GradCamCanvas';
import { heatmapImage, type HeatmapImage } from './heatmapImage';
import { imageToCanvasTransform, isUsable, type Affine, type Point } from './overlayTransform';

const CACHE_SIZE = 48;

export class OverlayController {
  private readonly canvas = new GradCamCanvas();
  private readonly images = new Map<string, HeatmapImage>();
  private readonly subscriptions: Array<{ unsubscribe(): void }> = [];

  constructor(
    private readonly tracker: ActiveViewportTracker,
    private readonly service: ClassifierService,
    private readonly cornerstone: () => Cornerstone,
  ) {}

  start(): void {
    const redraw = () => this.render();
    this.subscriptions.push(
      this.tracker.subscribe(this.tracker.EVENTS.RENDERED, redraw),
      this.tracker.subscribe(this.tracker.EVENTS.CHANGED, redraw),
      this.service.subscribe(this.service.EVENTS.STATE_CHANGED, redraw),
    );
  }

  stop(): void {
    this.subscriptions.splice(0).forEach((s) => s.unsubscribe());
    this.canvas.detach();
    this.images.clear();
  }

  private transformFor(vp: CsViewport, imageId: string): Affine | null {
    const cs = this.cornerstone();
    const at = (x: number, y: number): Point | null => {
      const world = cs.utilities.imageToWorldCoords(imageId, [x, y]);
      return world ? (vp.worldToCanvas(world) as Point) : null;
    };
    const p00 = at(0, 0);
    const p10 = at(1, 0);
    const p01 = at(0, 1);
    if (!p00 || !p10 || !p01) return null;
    const m = imageToCanvasTransform(p00, p10, p01);
    return isUsable(m) ? m : null;
  }

  private heat(key: string, make: () => HeatmapImage): HeatmapImage {
    let img = this.images.get(key);
    if (!img) {
      img = make();
      this.images.set(key, img);
      if (this.images.size > CACHE_SIZE) this.images.delete(this.images.keys().next().value as string);
    }
    return img;
  }

  render(): void {
    const state = this.service.getState();
    const info = this.tracker.get();
    const vp = this.tracker.viewport();
    if (!state.overlay.enabled) return this.canvas.clear('off');
    if (!info?.displaySetInstanceUID || !vp || !info.imageId) return this.canvas.clear('no image');
    const uid = info.displaySetInstanceUID;
    const entry = this.service.getEntry(uid);
    if (entry?.status !== 'done' || !entry.result) return this.canvas.clear('not classified');
    const view = this.service.sliceView(uid, info.imageIndex);
    if (!view) {
      this.canvas.clear('classifying this slice');
      void this.service.requestSlice(uid, info.imageIndex);
      return;
    }
    const labels = state.model.state === 'ready' ? state.model.info.labels : [];
    const label = entry.result.image?.label ?? view.label;
    const classIndex = labels.indexOf(label);
    if (!view.cam || classIndex < 0) return this.canvas.clear('no class map');
    const transform = this.transformFor(vp, info.imageId);
    if (!transform) return this.canvas.clear('image position unknown');
    const { cam, camDims, geometry } = view.cam;
    const key = `${uid}#${info.imageIndex}#${classIndex}#${state.overlay.opacity}`;
    const img = this.heat(key, () => heatmapImage(camToHeatmap(cam, camDims, classIndex, geometry), state.overlay.opacity));
    this.canvas.draw(vp.element, img, key, transform, { label, slice: String(info.imageIndex), viewport: info.viewportId });
  }
}
