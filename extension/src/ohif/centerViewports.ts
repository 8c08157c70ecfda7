/**
 * After re-hanging, open every mrseq viewport on its middle slice. The protocol asks for that
 * (initialImageOptions 'middle'), but a viewport that keeps the display set it already showed
 * keeps its old position (often slice 1, outside the anatomy). Polls briefly until the viewports
 * exist, moves only those still on their first image, then stops. A viewport cornerstone has
 * destroyed meanwhile (its methods throw) is skipped until its replacement appears.
 */
import type { CsViewport, OhifServices } from './cornerstone';

/** Returns a function that stops the polling early. */
export function centerViewports(services: OhifServices, viewportIds: readonly string[], tries = 12, everyMs = 250): () => void {
  const pending = new Set(viewportIds);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = (left: number) => {
    const grid = services.viewportGridService.getState()?.viewports;
    for (const id of [...pending]) {
      if (!grid?.get?.(id)?.displaySetInstanceUIDs?.length) {
        if (grid?.has?.(id)) pending.delete(id); // an empty viewport: nothing to move
        continue;
      }
      const vp = services.cornerstoneViewportService.getCornerstoneViewport(id) as
        | (CsViewport & { setImageIdIndex?(i: number): unknown; isDisabled?: boolean })
        | undefined;
      // a viewport the viewer has just destroyed (the reader dropped a series on the grid, a new
      // hanging): wait for the one that replaces it
      if (!vp || vp.isDisabled) continue;
      try {
        const n = vp.getImageIds?.().length ?? 0;
        if (n === 0) continue;
        if (n > 2 && vp.getCurrentImageIdIndex?.() === 0) void Promise.resolve(vp.setImageIdIndex?.(Math.floor(n / 2))).catch(() => undefined);
      } catch {
        continue; // destroyed between the lookup and the call: cornerstone throws; try the next instance
      }
      pending.delete(id);
    }
    if (pending.size && left > 0) timer = setTimeout(() => step(left - 1), everyMs);
  };
  timer = setTimeout(() => step(tries), everyMs);
  return () => clearTimeout(timer);
}
