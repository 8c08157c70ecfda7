/**
 * cornerstone3D as the viewer loaded it, reached through the cornerstone extension's utility
 * module (runtime plugins must not bundle their own copy: its caches and events would be separate).
 * Only the few members mrseq uses are typed.
 */

export interface CsImage {
  rows: number;
  columns: number;
  getPixelData(): ArrayLike<number>;
  slope?: number;
  intercept?: number;
  color?: boolean;
  invert?: boolean;
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
  preScale?: { scaled?: boolean };
}

export interface CsViewport {
  id: string;
  element: HTMLDivElement;
  getImageIds?(): string[];
  getCurrentImageIdIndex?(): number;
  getCurrentImageId?(): string;
  worldToCanvas(point: number[]): [number, number];
}

/**
 * OHIF's services by name. The prebuilt viewer exports no types to runtime plugins, so they are
 * untyped here; each adapter in this folder says which members it uses.
 */
export type OhifServices = Record<string, any>;

export interface Cornerstone {
  imageLoader: { loadAndCacheImage(imageId: string, options?: Record<string, unknown>): Promise<CsImage> };
  // cornerstone's metadata modules vary by type
  metaData: { get(type: string, imageId: string): any };
  utilities: { imageToWorldCoords(imageId: string, imageCoords: [number, number]): number[] | undefined };
  Enums: { Events: Record<string, string> };
  eventTarget: EventTarget;
}

export interface ExtensionManagerLike {
  // module exports differ by module
  getModuleEntry(id: string): any;
  // OHIF's data source API
  getActiveDataSource(): any[];
}

export function getCornerstone(extensionManager: ExtensionManagerLike): Cornerstone {
  const entry = extensionManager.getModuleEntry('@ohif/extension-cornerstone.utilityModule.common');
  const libs = entry?.exports?.getCornerstoneLibraries?.();
  if (!libs?.cornerstone) throw new Error('mrseq needs the OHIF cornerstone extension (@ohif/extension-cornerstone)');
  return libs.cornerstone as Cornerstone;
}
