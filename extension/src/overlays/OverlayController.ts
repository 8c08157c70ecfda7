/**
 * Grad-CAM on the active viewport: on every render of that viewport it finds the class map of the
 * image on screen (classified with the series, or on demand for other slices: services/
 * followActiveSlice.ts asks for those), turns it into a heatmap for the series' predicted class,
 * and draws it aligned with the image. It only reads: the classifier's state, its own settings.
 */
import { camToHeatmap, contrastiveCam } from '../core/cam';
import type { ClassifierService } from '../services/ClassifierService';
import type { ActiveViewportSource, ImageToWorld, ViewportLike } from '../services/viewerTypes';
import { GradCamCanvas } from './GradCamCanvas';
import { heatmapImage, type HeatmapImage } from './heatmapImage';
import type { OverlayStore } from './overlayStore';
import { imageToCanvasTransform, isUsable, type Affine, type Point } from './overlayTransform';

const CACHE_SIZE = 48;

export class OverlayController {
  private readonly canvas = new GradCamCanvas();
  private readonly images = new Map<string, HeatmapImage>();
  private readonly subscriptions: Array<{ unsubscribe(): void }> = [];

  constructor(
    private readonly tracker: ActiveViewportSource,
    private readonly service: Pick<ClassifierService, 'getState' | 'getEntry' | 'sliceView' | 'subscribe' | 'EVENTS'>,
    private readonly settings: OverlayStore,
    private readonly imageToWorld: ImageToWorld,
  ) {}

  start(): void {
    const redraw = () => this.render();
    this.subscriptions.push(
      this.tracker.subscribe(this.tracker.EVENTS.RENDERED, redraw),
      this.tracker.subscribe(this.tracker.EVENTS.CHANGED, redraw),
      this.service.subscribe(this.service.EVENTS.STATE_CHANGED, redraw),
      this.settings.subscribe(this.settings.EVENTS.CHANGED, redraw),
    );
  }

  stop(): void {
    this.subscriptions.splice(0).forEach((s) => s.unsubscribe());
    this.canvas.detach();
    this.images.clear();
  }

  private transformFor(vp: ViewportLike, imageId: string): Affine | null {
    const at = (x: number, y: number): Point | null => {
      const world = this.imageToWorld(imageId, [x, y]);
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
    const overlay = this.settings.get();
    const info = this.tracker.get();
    const vp = this.tracker.viewport();
    if (!overlay.enabled) return this.canvas.clear('off');
    if (!info?.displaySetInstanceUID || !vp || !info.imageId) return this.canvas.clear('no image');
    const uid = info.displaySetInstanceUID;
    const entry = this.service.getEntry(uid);
    if (entry?.status !== 'done' || !entry.result) return this.canvas.clear('not classified');
    const view = this.service.sliceView(uid, info.imageIndex);
    if (!view) return this.canvas.clear('classifying this slice');
    const labels = state.model.state === 'ready' ? state.model.info.labels : [];
    const label = entry.result.image?.label ?? view.label;
    const classIndex = labels.indexOf(label);
    if (!view.cam || classIndex < 0) return this.canvas.clear('no class map');
    const transform = this.transformFor(vp, info.imageId);
    if (!transform) return this.canvas.clear('image position unknown');
    const { cam, camDims, geometry } = view.cam;
    const key = `${uid}#${info.imageIndex}#${classIndex}#${overlay.opacity}`;
    const img = this.heat(key, () => {
      const plain = camToHeatmap(cam, camDims, classIndex, geometry);
      // no cell with positive evidence (all logits can be negative): show where the class beats the others
      const heat = plain.peak > 0 ? plain : camToHeatmap(contrastiveCam(cam, camDims, classIndex), camDims, classIndex, geometry);
      return heatmapImage(heat, overlay.opacity);
    });
    this.canvas.draw(vp.element, img, key, transform, { label, slice: String(info.imageIndex), viewport: info.viewportId });
  }
}
