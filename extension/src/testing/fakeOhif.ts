/**
 * The OHIF services the runtime talks to, as small fakes that record what was asked of them, and
 * managers shaped as OHIF hands them to an extension (servicesManager, commandsManager,
 * extensionManager, appConfig, configuration). The pixels come from diskSlice.
 */
import type { Managers } from '../runtime';
import { PubSub } from '../services/PubSub';
import { diskSlice } from '../worker/testing';

export class FakeDisplaySets extends PubSub<{ DISPLAY_SETS_ADDED: string; DISPLAY_SETS_CHANGED: string }> {
  sets: Array<Record<string, unknown>> = [];
  constructor() {
    super({ DISPLAY_SETS_ADDED: 'added', DISPLAY_SETS_CHANGED: 'changed' });
  }
  add(sets: Array<Record<string, unknown>>) {
    this.sets.push(...sets);
    this._broadcastEvent('added', sets);
  }
  getActiveDisplaySets() {
    return this.sets;
  }
  getDisplaySetByUID(uid: string) {
    return this.sets.find((s) => s.displaySetInstanceUID === uid);
  }
}

export class FakeGrid extends PubSub<Record<string, string>> {
  activeViewportId: string | undefined = 'default';
  viewports = new Map<string, { displaySetInstanceUIDs: string[] }>([['default', { displaySetInstanceUIDs: [] }]]);
  /** Every setDisplaySetsForViewports call, in order. */
  updates: Array<Array<{ viewportId: string; displaySetInstanceUIDs: string[] }>> = [];
  constructor() {
    super({ ACTIVE_VIEWPORT_ID_CHANGED: 'a', GRID_STATE_CHANGED: 'g', VIEWPORTS_READY: 'r', LAYOUT_CHANGED: 'l' });
  }
  getState() {
    return { activeViewportId: this.activeViewportId, isHangingProtocolLayout: true, viewports: this.viewports };
  }
  setDisplaySetsForViewports(updates: Array<{ viewportId: string; displaySetInstanceUIDs: string[] }>) {
    this.updates.push(updates);
    for (const u of updates) this.viewports.set(u.viewportId, { displaySetInstanceUIDs: u.displaySetInstanceUIDs });
  }
  /** The reader drops a series on a viewport (OHIF's drag and drop): the grid changes, then says so. */
  readerDrops(viewportId: string, displaySetInstanceUID: string) {
    this.viewports.set(viewportId, { displaySetInstanceUIDs: [displaySetInstanceUID] });
    setTimeout(() => this.changed(), 0);
  }
  /** The grid says it changed (OHIF broadcasts after every change). */
  changed() {
    this._broadcastEvent('g', {});
  }
  /** What each mrseq viewport shows, by slot. */
  slots(): Record<string, string | null> {
    return Object.fromEntries(['T1', 'T1c', 'T2', 'DW'].map((s) => [s, this.viewports.get(`mrseq-${s}`)?.displaySetInstanceUIDs[0] ?? null]));
  }
}

export const imageIdsOf = (uid: string, n: number) => Array.from({ length: n }, (_, k) => `fake:${uid}:${k}`);

export interface FakeOhif {
  managers: Managers;
  displaySetService: FakeDisplaySets;
  grid: FakeGrid;
  notices: Array<{ message: string; type: string }>;
  commands: Array<[string, Record<string, unknown> | undefined]>;
  attributes: string[];
  /** imageIds the series source asked cornerstone for, in order. */
  imagesLoaded: string[];
  /** With `gateImages`: let every image asked for so far (and later) arrive. */
  releaseImages(): void;
  /** OHIF's own first hanging of the study with this protocol (as the mode's protocol). */
  runProtocol(protocolId: string): void;
}

export function fakeOhif(extra: { appConfig?: Managers['appConfig']; configuration?: Managers['configuration']; gateImages?: boolean } = {}): FakeOhif {
  let open = !extra.gateImages;
  const waiting: Array<() => void> = [];
  const releaseImages = () => {
    open = true;
    waiting.splice(0).forEach((r) => r());
  };
  const notices: FakeOhif['notices'] = [];
  const commands: FakeOhif['commands'] = [];
  const attributes: string[] = [];
  const imagesLoaded: string[] = [];
  const displaySetService = new FakeDisplaySets();
  const grid = new FakeGrid();
  const attributeCallbacks = new Map<string, (ds: { displaySetInstanceUID: string }) => unknown>();
  const protocol = { id: 'default' };
  /** setHangingProtocol for the mrseq protocol: the 2x2, each viewport matched on the mrseqViewport attribute (the waiting stage when none matches). */
  const runProtocol = (protocolId: string) => {
    protocol.id = protocolId;
    const slotOf = attributeCallbacks.get('mrseqViewport');
    const slots = ['T1', 'T1c', 'T2', 'DW'].map((slot) => [slot, displaySetService.sets.find((d) => slotOf?.(d as { displaySetInstanceUID: string }) === slot)] as const);
    grid.viewports = new Map();
    if (slots.every(([, d]) => !d)) grid.viewports.set('mrseq-waiting', { displaySetInstanceUIDs: [] });
    else for (const [slot, d] of slots) grid.viewports.set(`mrseq-${slot}`, { displaySetInstanceUIDs: d ? [d.displaySetInstanceUID as string] : [] });
  };
  const services: Record<string, unknown> = {
    displaySetService,
    viewportGridService: grid,
    cornerstoneViewportService: { EVENTS: {}, getCornerstoneViewport: () => undefined },
    hangingProtocolService: {
      EVENTS: { PROTOCOL_CHANGED: 'protocolChanged' },
      subscribe: () => ({ unsubscribe() {} }),
      addCustomAttribute: (id: string, _name: string, callback: (ds: { displaySetInstanceUID: string }) => unknown) => {
        attributes.push(id);
        attributeCallbacks.set(id, callback);
      },
      // OHIF's own first hanging of the study is done (the stock protocol)
      getState: () => ({ activeStudyUID: '1.2.3', protocolId: protocol.id, stageIndex: 0 }),
      getViewportsRequireUpdate: (viewportId: string, uid: string) => [{ viewportId, displaySetInstanceUIDs: [uid] }],
    },
    uiNotificationService: { show: (n: { message: string; type: string }) => notices.push(n) },
  };
  const cornerstone = {
    imageLoader: {
      loadAndCacheImage: async (imageId: string) => {
        imagesLoaded.push(imageId);
        if (!open) await new Promise<void>((r) => waiting.push(r));
        const s = diskSlice(Number(imageId.split(':')[2]));
        return { rows: s.height, columns: s.width, getPixelData: () => s.pixels, preScale: { scaled: true } };
      },
    },
    metaData: {
      get: (type: string, imageId: string) =>
        type === 'imagePlaneModule'
          ? { imagePositionPatient: [0, 0, 5 * Number(imageId.split(':')[2])], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], rowPixelSpacing: 1, columnPixelSpacing: 1 }
          : {},
    },
    utilities: { imageToWorldCoords: () => undefined },
    Enums: { Events: { IMAGE_RENDERED: 'rendered' } },
    eventTarget: new EventTarget(),
  };
  const managers: Managers = {
    servicesManager: {
      services: services as Record<string, never>,
      registerService: (reg: unknown, configuration: unknown) => {
        const r = reg as { name: string; create(o: { configuration: unknown }): unknown };
        services[r.name] = r.create({ configuration });
      },
    },
    commandsManager: {
      run: (name: unknown, options?: Record<string, unknown>) => {
        commands.push([name as string, options]);
        if (name === 'setHangingProtocol') runProtocol(options?.protocolId as string);
      },
    },
    extensionManager: {
      getModuleEntry: (id: string) => (id.endsWith('utilityModule.common') ? { exports: { getCornerstoneLibraries: () => ({ cornerstone }) } } : undefined),
      getActiveDataSource: () => [
        { getImageIdsForDisplaySet: (ds: { displaySetInstanceUID: string; numImageFrames?: number }) => imageIdsOf(ds.displaySetInstanceUID, ds.numImageFrames ?? 10) },
      ],
    },
    appConfig: extra.appConfig,
    configuration: extra.configuration,
  };
  return { managers, displaySetService, grid, notices, commands, attributes, imagesLoaded, releaseImages, runProtocol };
}

export const mrDisplaySet = (uid: string, n: number) => ({ displaySetInstanceUID: uid, SeriesInstanceUID: `1.2.${uid}`, SeriesNumber: n, Modality: 'MR', numImageFrames: 10 });
