/** A heatmap as a transparent RGBA overlay: colour from the core's ramp, alpha from the heat and the opacity. */
import { heatColor, type Heatmap } from '../core/cam';

export interface HeatmapImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** Pixels with any colour (alpha > 0). */
  painted: number;
}

/** Heat at or below `floor` stays fully transparent so the anatomy shows through. */
export function heatmapImage(heat: Heatmap, opacity: number, floor = 0.2): HeatmapImage {
  const n = heat.width * heat.height;
  const rgba = new Uint8ClampedArray(n * 4);
  const o = Math.min(1, Math.max(0, opacity));
  // compare in float32, the precision of the heat values
  const cut = Math.fround(floor);
  let painted = 0;
  for (let i = 0; i < n; i++) {
    const t = heat.values[i];
    if (!(t > cut)) continue;
    const [r, g, b] = heatColor(t);
    const alpha = Math.round(255 * o * Math.min(1, (t - floor) / (1 - floor) + 0.25));
    if (alpha <= 0) continue;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = alpha;
    painted++;
  }
  return { width: heat.width, height: heat.height, rgba, painted };
}
