/**
 * The one owner of on-demand slice classification: when the reader stops on an image of a
 * classified series that was not among its sampled slices, classify that image (shortly after
 * scrolling stops), so the panel's chart and the Grad-CAM overlay can show it. Both only read.
 */
import type { ClassifierService } from './ClassifierService';
import type { ActiveViewportSource } from './viewerTypes';

/** Wait this long after the last scroll before classifying the image on screen. */
export const FOLLOW_DELAY_MS = 120;

type Service = Pick<ClassifierService, 'getEntry' | 'sliceView' | 'requestSlice' | 'subscribe' | 'EVENTS'>;

/** Starts following; returns the function that stops. */
export function followActiveSlice(viewport: ActiveViewportSource, service: Service, delayMs = FOLLOW_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    clearTimeout(timer);
    const info = viewport.get();
    const uid = info?.displaySetInstanceUID;
    if (!info || !uid || service.getEntry(uid)?.status !== 'done' || service.sliceView(uid, info.imageIndex)) return;
    timer = setTimeout(() => void service.requestSlice(uid, info.imageIndex), delayMs);
  };
  const subs = [viewport.subscribe(viewport.EVENTS.CHANGED, check), service.subscribe(service.EVENTS.STATE_CHANGED, check)];
  check();
  return () => {
    clearTimeout(timer);
    subs.forEach((s) => s.unsubscribe());
  };
}
