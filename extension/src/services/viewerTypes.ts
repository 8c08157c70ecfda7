/**
 * The viewer as the panel, the overlay and the service see it: the active viewport and what it
 * shows. The OHIF/cornerstone implementation is ohif/activeViewport.ts; keeping the interface here
 * lets panels/ and overlays/ depend on it without reaching into the host adapters.
 */
import type { PubSub } from './PubSub';

export const ACTIVE_VIEWPORT_EVENTS = {
  /** Another viewport, display set or image index: payload ActiveViewportInfo | null. */
  CHANGED: 'event::mrseq:activeViewportChanged',
  /** Every render of the active viewport (scroll, pan, zoom, window): payload { info, viewport }. */
  RENDERED: 'event::mrseq:activeViewportRendered',
} as const;

export interface ActiveViewportInfo {
  viewportId: string;
  displaySetInstanceUID?: string;
  imageIndex: number;
  imageId?: string;
  imageCount: number;
}

/** A viewport on screen: its element and where a world point lands on its canvas. */
export interface ViewportLike {
  element: HTMLElement;
  worldToCanvas(point: number[]): [number, number];
}

export interface ActiveViewportSource extends Pick<PubSub<typeof ACTIVE_VIEWPORT_EVENTS>, 'subscribe' | 'EVENTS'> {
  get(): ActiveViewportInfo | null;
  viewport(): ViewportLike | null;
}

/** Image pixel (column, row) -> world coordinates, or undefined when the image is not known. */
export type ImageToWorld = (imageId: string, imageCoords: [number, number]) => number[] | undefined;
