/**
 * The extension as OHIF drives it: the manifest's preRegistration (with OHIF's configuration
 * channels), the mrseq mode entered through its command, display sets arriving, predictions
 * re-hanging the study, a panel row shown in the active viewport, and every mode exit stopping the
 * classifier: its queued work cancelled, its worker terminated, a new one started on the next entry.
 */
import type { WorkerLike } from './worker/client';
import type { WorkerRequest } from './worker/protocol';
import { MODEL_URL } from './worker/testing';
import { fakeOhif, mrDisplaySet as mr } from './testing/fakeOhif';

// The one file that names the worker script (import.meta.url, for webpack) is replaced by the real
// worker logic running in-process; every worker made and terminated is recorded.
const mockWorkers: Array<{ log: WorkerRequest[]; terminated: boolean }> = [];
const workers = mockWorkers;
jest.mock('./worker/createWorker', () => ({
  createClassifierWorker: (): WorkerLike => {
    const { inProcessWorker } = jest.requireActual('./worker/testing') as typeof import('./worker/testing');
    const record = { log: [] as WorkerRequest[], terminated: false };
    mockWorkers.push(record);
    const inner = inProcessWorker(record.log);
    const outer: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (m, t) => {
        if (!record.terminated) inner.postMessage(m, t);
      },
      terminate: () => void (record.terminated = true),
    };
    // answers of a terminated worker never arrive
    inner.onmessage = (e) => {
      if (!record.terminated) outer.onmessage?.(e);
    };
    return outer;
  },
}));

// required, not imported, so that it loads after jest.mock above
const extension = require('./index').default as typeof import('./index').default;
const { runtimeFor } = require('./runtime') as typeof import('./runtime');

const appConfig = { mrseq: { modelUrl: MODEL_URL, backends: ['wasm' as const], samplesPerSeries: 8 } };

async function registered(extra: Parameters<typeof fakeOhif>[0] = { appConfig }) {
  const ohif = fakeOhif(extra);
  await extension.preRegistration(ohif.managers);
  const runtime = runtimeFor(ohif.managers.servicesManager);
  const commands = extension.getCommandsModule({ servicesManager: ohif.managers.servicesManager }).definitions;
  const run = (name: string, options: Record<string, unknown> = {}) => (commands as Record<string, { commandFn(o: unknown): unknown }>)[name].commandFn(options);
  return { ...ohif, runtime, run };
}

const withImageType = (uid: string, imageType: string[]) => ({ ...mr(uid, 1), instances: [{ Modality: 'MR', ImageType: imageType }] });

beforeEach(() => workers.splice(0));

describe('the extension in a viewer', () => {
  it('builds its runtime from the configuration OHIF hands over, over appConfig.mrseq', async () => {
    const { runtime } = await registered({
      appConfig: { mrseq: { ...appConfig.mrseq, autoArrange: false, samplesPerSeries: 8 } },
      configuration: { samplesPerSeries: 4, overlay: { opacity: 0.7 } },
    });
    expect(runtime.settings).toMatchObject({ samplesPerSeries: 4, autoArrange: false, overlay: { enabled: true, opacity: 0.7 } });
    expect(runtime.settings.model.modelUrl).toBe(MODEL_URL);
    runtime.destroy();
  });

  it('starts the worker and the model at pre-registration, before any study opens', async () => {
    const { runtime } = await registered();
    expect(workers).toHaveLength(1);
    expect(workers[0].log.map((m) => m.type)).toEqual(['init']);
    await runtime.service.ensureModel();
    expect(runtime.service.getState().model.state).toBe('ready');
    runtime.destroy();
  });

  it('adopts the worker the page started at navigation (mrseq-early.mjs) instead of starting a second one', async () => {
    const { startEarlyWorker } = require('./worker/early') as typeof import('./worker/early');
    const { createClassifierWorker } = require('./worker/createWorker') as typeof import('./worker/createWorker');
    const { resolveSettings, pluginBaseUrl } = require('./config') as typeof import('./config');
    // what src/early.ts does with the same app config
    expect(startEarlyWorker(resolveSettings({ appConfig: appConfig.mrseq }, pluginBaseUrl()).model, createClassifierWorker)).toBe(true);
    expect(workers).toHaveLength(1);
    const { runtime } = await registered();
    await runtime.service.ensureModel();
    expect(runtime.service.getState().model.state).toBe('ready');
    expect(workers).toHaveLength(1);
    // the early init and the extension's own, both answered by one load in that worker
    expect(workers[0].log.map((m) => [m.type, m.id])).toEqual([
      ['init', -1],
      ['init', 1],
    ]);
    runtime.destroy();
  });

  it('stops an early worker started for another model and starts its own', async () => {
    const { startEarlyWorker } = require('./worker/early') as typeof import('./worker/early');
    const { createClassifierWorker } = require('./worker/createWorker') as typeof import('./worker/createWorker');
    startEarlyWorker({ modelUrl: 'http://elsewhere/model/', wasmPaths: 'http://elsewhere/ort/', backends: ['wasm'] }, createClassifierWorker);
    const { runtime } = await registered();
    await runtime.service.ensureModel();
    expect(workers.map((w) => w.terminated)).toEqual([true, false]);
    runtime.destroy();
  });

  it('registers the custom attributes and classifies display sets as the viewer adds them', async () => {
    const { runtime, run, displaySetService, attributes } = await registered();
    expect(attributes).toEqual(['mrseqSequence', 'mrseqViewport']);
    run('mrseqStartForMode');
    displaySetService.add([mr('a', 1), { displaySetInstanceUID: 'ct', Modality: 'CT', SeriesNumber: 2 }]);
    await runtime.classifyStudy(false);
    const state = runtime.service.getState();
    expect(state.series.map((e) => [e.displaySetInstanceUID, e.status])).toEqual([
      ['a', 'done'],
      ['ct', 'skipped'],
    ]);
    expect(state.series[0].slices.length).toBeGreaterThan(0);
    runtime.destroy();
  });

  // The header decides these two (ImageType TRACEW / ADC is strong diffusion evidence that overrides
  // the image model), so the outcome does not depend on the random-weights test model.
  it('re-hangs with the mrseq protocol when a sequence is recognised', async () => {
    const { runtime, run, displaySetService, commands } = await registered();
    run('mrseqStartForMode');
    displaySetService.add([withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'])]);
    await runtime.classifyStudy(false);
    expect(runtime.service.getLabel('dw')).toBe('DWI');
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([
      ['setHangingProtocol', { protocolId: 'mrseq.brainMR2x2', activeStudyUID: '1.2.3', reset: true }],
    ]);
    runtime.destroy();
  });

  it('lets OHIF hang the provisional 2x2 from strong header evidence before any pixel, then changes only viewports', async () => {
    const { runtime, run, displaySetService, commands, grid, runProtocol } = await registered();
    run('mrseqStartForMode');
    const dw = withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW']);
    const t2 = { ...mr('t2', 2), SeriesDescription: 'AX T2 TSE', instances: [{ Modality: 'MR', SeriesDescription: 'AX T2 TSE', RepetitionTime: 4500, EchoTime: 100, ScanningSequence: 'SE' }] };
    displaySetService.add([dw, t2]);
    runProtocol('mrseq.brainMR2x2'); // OHIF's own first hanging with the mode's protocol, metadata only
    expect(grid.slots()).toEqual({ T1: null, T1c: null, T2: 't2', DW: 'dw' });
    expect(runtime.service.getState().series.every((e) => e.status !== 'done')).toBe(true);
    await runtime.classifyStudy(false);
    await new Promise((r) => setTimeout(r, 10));
    // the pixels may confirm or correct viewports; never by running the protocol again
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([]);
    expect(grid.slots().DW).toBe('dw');
    expect(grid.updates.flat().every((u) => u.viewportId.startsWith('mrseq-'))).toBe(true);
    runtime.destroy();
  });

  it('keeps a series the reader hung in an empty viewport ("hang here") while the pixels come in', async () => {
    const { runtime, run, displaySetService, grid, runProtocol, commands } = await registered();
    run('mrseqStartForMode');
    const dw = withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW']);
    displaySetService.add([dw, mr('other', 3)]);
    runProtocol('mrseq.brainMR2x2');
    expect(grid.slots()).toEqual({ T1: null, T1c: null, T2: null, DW: 'dw' });
    await run('mrseqHangInSlot', { slot: 'T1c', displaySetInstanceUID: 'other' });
    expect(commands).toContainEqual(['setDisplaySetsForViewports', { viewportsToUpdate: [{ viewportId: 'mrseq-T1c', displaySetInstanceUIDs: ['other'] }] }]);
    await runtime.classifyStudy(false);
    await new Promise((r) => setTimeout(r, 10));
    // whatever the pixels say about "other", its viewport is the reader's
    expect(runtime.layout.current()).toMatchObject({ T1c: 'other', DW: 'dw' });
    expect(grid.updates.flat().filter((u) => u.viewportId === 'mrseq-T1c')).toEqual([]);
    runtime.destroy();
  });

  it('keeps a series the reader dragged onto a viewport of the 2x2 while the pixels come in', async () => {
    const { runtime, run, displaySetService, grid, runProtocol } = await registered();
    run('mrseqStartForMode');
    const dw = withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW']);
    displaySetService.add([dw, mr('other', 3)]);
    runProtocol('mrseq.brainMR2x2');
    runtime.layout.update();
    grid.changed(); // the viewer shows the 2x2 the controller planned
    expect(runtime.layout.current()).toMatchObject({ T1c: null, DW: 'dw' });
    grid.readerDrops('mrseq-T1c', 'other');
    await new Promise((r) => setTimeout(r, 0));
    expect(runtime.layout.current()).toMatchObject({ T1c: 'other', DW: 'dw' });
    const before = grid.updates.length;
    await runtime.classifyStudy(false);
    await new Promise((r) => setTimeout(r, 10));
    // whatever the pixels say about "other", its viewport is the reader's
    expect(grid.slots().T1c).toBe('other');
    expect(grid.updates.slice(before).flat().filter((u) => u.viewportId === 'mrseq-T1c')).toEqual([]);
    runtime.destroy();
  });

  it("does not re-hang when the mode's configuration turns autoArrange off", async () => {
    const { runtime, run, displaySetService, commands } = await registered();
    run('mrseqStartForMode', { mode: { autoArrange: false } });
    displaySetService.add([withImageType('dw', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'])]);
    await runtime.classifyStudy(false);
    expect(runtime.service.getLabel('dw')).toBe('DWI');
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([]);
    runtime.destroy();
  });

  it('keeps the stock layout and says why when none of the four sequences is recognised', async () => {
    const { runtime, run, displaySetService, commands, notices } = await registered();
    run('mrseqStartForMode');
    displaySetService.add([withImageType('adc', ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'])]);
    await runtime.classifyStudy(false);
    expect(runtime.service.getLabel('adc')).toBe('ADC');
    expect(commands.filter(([name]) => name === 'setHangingProtocol')).toEqual([]);
    expect(notices).toEqual([{ title: 'Arrange by sequence', message: 'Kept the current layout: no T1, T1c, T2, FLAIR or DW series was recognised.', type: 'warning', duration: 5000 }]);
    runtime.destroy();
  });

  it("shows a panel row's series in the active viewport", async () => {
    const { runtime, run, displaySetService, commands, grid } = await registered();
    run('mrseqStartForMode');
    displaySetService.add([mr('a', 1), mr('b', 2)]);
    grid.activeViewportId = 'default';
    run('mrseqShowSeries', { displaySetInstanceUID: 'b' });
    expect(commands.filter(([name]) => name === 'setDisplaySetsForViewports')).toEqual([
      ['setDisplaySetsForViewports', { viewportsToUpdate: [{ viewportId: 'default', displaySetInstanceUIDs: ['b'] }] }],
    ]);
    runtime.destroy();
  });

  it('terminates the worker on mode exit and starts a new one when the mode is entered again', async () => {
    const { runtime, run, managers, displaySetService } = await registered();
    run('mrseqStartForMode');
    displaySetService.add([mr('a', 1)]);
    await runtime.classifyStudy(false);
    expect(workers).toHaveLength(1);
    // OHIF calls the extension's onModeExit with these managers on every mode exit
    extension.onModeExit({ servicesManager: managers.servicesManager });
    expect(workers[0].terminated).toBe(true);
    expect(runtime.service.getState()).toMatchObject({ model: { state: 'idle' }, series: [] });
    displaySetService.sets = []; // OHIF's display-set service forgets the study on exit too
    run('mrseqStartForMode');
    expect(workers).toHaveLength(2);
    displaySetService.add([mr('b', 1)]);
    await runtime.classifyStudy(false);
    expect(runtime.service.getEntry('b')?.status).toBe('done');
    // a first look at central slices, then the full sample
    expect(workers[1].log.map((m) => m.type)).toEqual(['init', 'classifySeries', 'classifySeries']);
    runtime.destroy();
  });

  it('leaving a study stops its work: no image request and no inference for it afterwards', async () => {
    const { runtime, run, managers, displaySetService, imagesLoaded, releaseImages } = await registered({ appConfig, gateImages: true });
    run('mrseqStartForMode');
    displaySetService.add([mr('a', 1), mr('b', 2), mr('c', 3)]);
    const running = runtime.classifyStudy(false);
    for (let i = 0; i < 200 && imagesLoaded.length < 6; i++) await new Promise((r) => setTimeout(r, 5));
    // six requests in flight (the first looks at a and b, 4 central images each), none yet for c
    expect(imagesLoaded).toHaveLength(6);
    expect(imagesLoaded.filter((id) => id.startsWith('fake:c:'))).toEqual([]);
    extension.onModeExit({ servicesManager: managers.servicesManager });
    const requested = imagesLoaded.length;
    releaseImages();
    await running;
    await new Promise((r) => setTimeout(r, 50));
    expect(imagesLoaded).toHaveLength(requested);
    expect(workers.flatMap((w) => w.log).filter((m) => m.type === 'classifySeries' || m.type === 'classifySlice')).toEqual([]);
    expect(runtime.service.getState().series).toEqual([]);
    runtime.destroy();
  });
});
