import { PubSub } from '../services/PubSub';
import { diskSlice, inProcessWorker, MODEL_URL } from '../worker/testing';
import { MrseqRuntime, type Managers } from './runtime';

/** The OHIF services the runtime talks to, as small fakes that record what was asked of them. */
class FakeDisplaySets extends PubSub<{ DISPLAY_SETS_ADDED: string; DISPLAY_SETS_CHANGED: string }> {
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
}
class FakeGrid extends PubSub<Record<string, string>> {
  constructor() {
    super({ ACTIVE_VIEWPORT_ID_CHANGED: 'a', GRID_STATE_CHANGED: 'g', VIEWPORTS_READY: 'r', LAYOUT_CHANGED: 'l' });
  }
  getState() {
    return { activeViewportId: undefined, viewports: new Map() };
  }
}

const images = (uid: string, n: number) => Array.from({ length: n }, (_, k) => `fake:${uid}:${k}`);

function setup() {
  const notices: Array<{ message: string; type: string }> = [];
  const commands: Array<[string, Record<string, unknown> | undefined]> = [];
  const attributes: string[] = [];
  const displaySetService = new FakeDisplaySets();
  const services: Record<string, unknown> = {
    displaySetService,
    viewportGridService: new FakeGrid(),
    cornerstoneViewportService: { EVENTS: {}, getCornerstoneViewport: () => undefined },
    hangingProtocolService: { addCustomAttribute: (id: string) => attributes.push(id), getState: () => ({ activeStudyUID: '1.2.3' }) },
    uiNotificationService: { show: (n: { message: string; type: string }) => notices.push(n) },
  };
  const cornerstone = {
    imageLoader: {
      loadAndCacheImage: async (imageId: string) => {
        const k = Number(imageId.split(':')[2]);
        const s = diskSlice(k);
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
    commandsManager: { run: (name: unknown, options?: Record<string, unknown>) => commands.push([name as string, options]) },
    extensionManager: {
      getModuleEntry: (id: string) => (id.endsWith('utilityModule.common') ? { exports: { getCornerstoneLibraries: () => ({ cornerstone }) } } : undefined),
      getActiveDataSource: () => [{ getImageIdsForDisplaySet: (ds: { displaySetInstanceUID: string }) => images(ds.displaySetInstanceUID, 10) }],
    },
    appConfig: { mrseq: { modelUrl: MODEL_URL, backends: ['wasm'], samplesPerSeries: 8 } },
  };
  const runtime = new MrseqRuntime();
  runtime.register(managers, () => inProcessWorker());
  return { runtime, displaySetService, notices, commands, attributes };
}

const mr = (uid: string, n: number) => ({ displaySetInstanceUID: uid, SeriesInstanceUID: `1.2.${uid}`, SeriesNumber: n, Modality: 'MR', numImageFrames: 10 });

describe('MrseqRuntime', () => {
  it('registers the custom attributes and classifies display sets as the viewer adds them', async () => {
    const { runtime, displaySetService, attributes } = setup();
    expect(attributes).toEqual(['mrseqSequence', 'mrseqViewport']);
    runtime.start();
    displaySetService.add([mr('a', 1), { displaySetInstanceUID: 'ct', Modality: 'CT', SeriesNumber: 2 }]);
    await runtime.classifyStudy(false);
    const state = runtime.service?.getState();
    expect(state?.series.map((e) => [e.displaySetInstanceUID, e.status])).toEqual([
      ['a', 'done'],
      ['ct', 'skipped'],
    ]);
    expect(state?.series[0].slices.length).toBeGreaterThan(0);
    runtime.destroy();
  });

  // The header decides these two (ImageType TRACEW / ADC is strong diffusion evidence that overrides
  // the image model), so the outcome does not depend on the random-weights test model.
  const withImageType = (uid: string, imageType: string[]) => ({ ...mr(uid, 1), instances: [{ Modality: 'MR', ImageType: imageType }] });

  it('re-hangs with the mrseq protocol when a sequence is recognised', async () => {
    const { runtime, displaySetService, commands } = setup();
    runtime.start();
    displaySetService.add([withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'])]);
    await runtime.classifyStudy(false);
    expect(runtime.service?.getLabel('dw')).toBe('DWI');
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([
      ['setHangingProtocol', { protocolId: 'mrseq.brainMR2x2', activeStudyUID: '1.2.3', reset: true }],
    ]);
    runtime.destroy();
  });

  it('keeps the stock layout and says why when none of the four sequences is recognised', async () => {
    const { runtime, displaySetService, commands, notices } = setup();
    runtime.start();
    displaySetService.add([withImageType('adc', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'])]);
    await runtime.classifyStudy(false);
    expect(runtime.service?.getLabel('adc')).toBe('ADC');
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([]);
    expect(notices).toEqual([{ title: 'Arrange by sequence', message: 'Kept the current layout: no T1, T1c, T2, FLAIR or DW series was recognised.', type: 'warning', duration: 5000 }]);
    runtime.destroy();
  });
});
