/**
 * The overlay canvas laid over a viewport element (it never takes pointer events). It draws a
 * heatmap image through the image-to-canvas transform, so it stays on the anatomy under pan, zoom
 * and rotation. Attributes on the canvas say what is drawn (for people inspecting it, and tests).
 */
import type { HeatmapImage } from './heatmapImage';
import { scaleAffine, type Affine } from './overlayTransform';

export const OVERLAY_CLASS = 'mrseq-gradcam-overlay';

export class GradCamCanvas {
  private canvas: HTMLCanvasElement | null = null;
  private source: HTMLCanvasElement | null = null;
  private sourceKey = '';

  attach(element: HTMLElement): HTMLCanvasElement {
    if (this.canvas?.parentElement === element) return this.canvas;
    this.detach();
    const canvas = element.ownerDocument.createElement('canvas');
    canvas.className = OVERLAY_CLASS;
    canvas.setAttribute('aria-hidden', 'true');
    Object.assign(canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '2' });
    element.appendChild(canvas);
    this.canvas = canvas;
    return canvas;
  }

  detach(): void {
    this.canvas?.remove();
    this.canvas = null;
  }

  clear(reason = ''): void {
    const c = this.canvas;
    if (!c) return;
    c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    c.dataset.painted = '0';
    c.dataset.state = reason || 'off';
  }

  draw(element: HTMLElement, image: HeatmapImage, key: string, transform: Affine, info: Record<string, string>): void {
    const canvas = this.attach(element);
    const dpr = element.ownerDocument.defaultView?.devicePixelRatio ?? 1;
    const w = Math.max(1, Math.round(element.clientWidth * dpr));
    const h = Math.max(1, Math.round(element.clientHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    if (!this.source || this.sourceKey !== key) {
      const src = this.source ?? element.ownerDocument.createElement('canvas');
      src.width = image.width;
      src.height = image.height;
      src.getContext('2d')?.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
      this.source = src;
      this.sourceKey = key;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(...scaleAffine(transform, dpr));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.source, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    Object.assign(canvas.dataset, info, { painted: String(image.painted), state: 'drawn' });
  }
}
