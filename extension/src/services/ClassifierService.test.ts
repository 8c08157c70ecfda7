import { ClassifierClient } from '../worker/client';
import { diskSlice, inProcessWorker, TEST_SOURCE, fixtureFiles, memoryFetch, webCryptoSha256, ortNodeAsWeb } from '../worker/testing';
import { fetchModel } from '../core/model/modelLoader';
import { createRuntime } from '../core/model/session';
import { ClassifierService } from './ClassifierService';
import { centralImageIndices, sampleImageIndices, toSampledSeries, toSliceImage, type ViewerImage } from './seriesFromImages';
import type { ClassifierState, DisplaySetLike, SeriesSource } from './types';

function viewerImage(k: number): ViewerImage {
  const s = diskSlice(k);
  return {
    imageIndex: k,
    width: s.width,
    height: s.height,
    pixels: s.pixels,
    pixelSpacing: [1, 1],
    imagePositionPatient: [0, 0, 5 * k],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  };
}

/** Pixels as the viewer would give them: `images` slices per series; series listed in `broken` fail to load. */
function fakeSource(images: number, broken: string[] = []): SeriesSource & { slicesLoaded: number[] } {
  const slicesLoaded: number[] = [];
  return {
    slicesLoaded,
    async load(ds, max) {
      if (broken.includes(ds.displaySetInstanceUID)) throw new Error('none of 8 images could be loaded (HTTP 404)');
      return toSampledSeries(ds, sampleImageIndices(images, max).map(viewerImage));
    },
    async loadSlice(_ds, index) {
      slicesLoaded.push(index);
      return toSliceImage(viewerImage(index));
    },
  };
}

const ds = (uid: string, Modality = 'MR', SeriesNumber = 1): DisplaySetLike => ({
  displaySetInstanceUID: uid,
  SeriesInstanceUID: `1.2.${uid}`,
  SeriesNumber,
  SeriesDescription: `series ${uid}`,
  Modality,
  numImageFrames: 10,
});

function makeService(source: SeriesSource, client = new ClassifierClient(() => inProcessWorker())) {
  return new ClassifierService({
    client,
    source,
    settings: { model: TEST_SOURCE, samplesPerSeries: 8, classify: { slices: 4 } },
    // the viewer's display-set service, here: every uid is an MR display set of 10 images
    displaySet: (uid) => ds(uid),
  });
}

describe('ClassifierService', () => {
  it('classifies MR display sets one by one, skips the others, and announces when predictions are ready', async () => {
    const service = makeService(fakeSource(10));
    const seen: ClassifierState[] = [];
    const ready: ClassifierState[] = [];
    service.subscribe<ClassifierState>(ClassifierService.EVENTS.STATE_CHANGED, (s) => seen.push(s));
    service.subscribe<ClassifierState>(ClassifierService.EVENTS.PREDICTIONS_READY, (s) => ready.push(s));
    await service.classifyDisplaySets([ds('a'), ds('ct', 'CT', 2), ds('b', 'MR', 3)]);

    const state = service.getState();
    expect(state.model.state).toBe('ready');
    expect(state.model.state === 'ready' && state.model.info.backend).toBe('wasm');
    expect(state.run).toMatchObject({ state: 'done', done: 2, total: 2 });
    expect(state.series.map((e) => [e.displaySetInstanceUID, e.status])).toEqual([
      ['a', 'done'],
      ['ct', 'skipped'],
      ['b', 'done'],
    ]);
    expect(service.getEntry('ct')?.message).toBe('skipped: CT (not MR)');
    const a = service.getEntry('a');
    expect(a?.result?.seriesId).toBe('1.2.a');
    expect(a?.slices.length).toBe(a?.result?.slices.length);
    expect(a?.slices.every((s) => s.sampled && s.imageIndex >= 0 && s.imageIndex < 10 && s.cam)).toBe(true);
    expect(service.getLabel('a')).toBe(a?.result?.label ?? undefined);
    expect(service.getLabel('ct')).toBeUndefined();

    // what the panel could show along the way
    expect(seen.some((s) => s.model.state === 'loading')).toBe(true);
    expect(seen.some((s) => s.series.some((e) => e.status === 'classifying'))).toBe(true);
    expect(seen.some((s) => s.run.state === 'running' && s.run.done === 1 && s.run.total === 2)).toBe(true);
    expect(ready).toHaveLength(1);
  });

  it('reports a series whose images cannot be loaded, and still classifies the rest', async () => {
    const service = makeService(fakeSource(10, ['b']));
    await service.classifyDisplaySets([ds('a'), ds('b')]);
    expect(service.getEntry('b')).toMatchObject({ status: 'failed', message: 'could not classify: none of 8 images could be loaded (HTTP 404)' });
    expect(service.getEntry('a')?.status).toBe('done');
    expect(service.getState().run).toMatchObject({ state: 'done', message: '1 series could not be classified' });
  });

  it('fails the run in plain words when the model cannot be loaded, and retries on the next run', async () => {
    let attempts = 0;
    const client = new ClassifierClient(() =>
      inProcessWorker([], async (src, progress) => {
        attempts++;
        const files = fixtureFiles();
        if (attempts === 1) delete files[src.modelUrl + 'model.onnx'];
        const model = await fetchModel(src.modelUrl, { fetch: memoryFetch(files), sha256: webCryptoSha256 }, progress);
        return createRuntime(ortNodeAsWeb, model, src, { progress });
      }),
    );
    const service = makeService(fakeSource(10), client);
    await service.classifyDisplaySets([ds('a')]);
    const state = service.getState();
    expect(state.model).toEqual({
      state: 'failed',
      message: `the model could not be loaded: could not load the model file: ${TEST_SOURCE.modelUrl}model.onnx answered HTTP 404`,
    });
    expect(state.run.state).toBe('failed');
    expect(service.getEntry('a')).toMatchObject({ status: 'failed', message: 'not classified: the model is not available' });

    await service.classifyDisplaySets([ds('a')], { force: true });
    expect(service.getEntry('a')?.status).toBe('done');
    expect(attempts).toBe(2);
  });

  it('classifies the slice being viewed on demand, once, and adds it to the series', async () => {
    const source = fakeSource(10);
    const service = makeService(source);
    await service.classifyDisplaySets([ds('a')]);
    const sampled = service.getEntry('a')?.slices.map((s) => s.imageIndex) ?? [];
    const other = [...Array(10).keys()].find((i) => !sampled.includes(i)) as number;
    const [v1, v2] = await Promise.all([service.requestSlice('a', other), service.requestSlice('a', other)]);
    expect(v1).toBe(v2);
    expect(v1).toMatchObject({ imageIndex: other, sampled: false });
    expect(v1?.cam?.geometry.width).toBe(48);
    expect(source.slicesLoaded).toEqual([other]);
    expect(service.sliceView('a', other)).toBe(v1);
    expect(service.getEntry('a')?.slices.map((s) => s.imageIndex)).toEqual([...sampled, other].sort((x, y) => x - y));
    // sampled slices are answered from what is known
    expect(await service.requestSlice('a', sampled[0])).toMatchObject({ sampled: true });
    expect(await service.requestSlice('unknown', 0)).toBeNull();
  });

  it('takes a first look at a few central slices of every series, then confirms each on the full sample', async () => {
    const asked: string[] = [];
    const source: SeriesSource = {
      async load(d, max, _signal, region = 'whole') {
        const n = d.numImageFrames ?? 10;
        const indices = region === 'central' ? centralImageIndices(n, max) : sampleImageIndices(n, max);
        asked.push(`${d.displaySetInstanceUID}:${region}:${indices.join(',')}`);
        return toSampledSeries(d, indices.map(viewerImage));
      },
      loadSlice: async (_d, k) => toSliceImage(viewerImage(k)),
    };
    const service = new ClassifierService({
      client: new ClassifierClient(() => inProcessWorker()),
      source,
      settings: { model: TEST_SOURCE, samplesPerSeries: 8, quickSlices: 3, classify: { slices: 4 } },
    });
    const timeline: string[] = [];
    service.subscribe<ClassifierState>(ClassifierService.EVENTS.STATE_CHANGED, (st) => {
      for (const e of st.series) {
        const mark = e.status === 'done' ? `${e.displaySetInstanceUID}:${e.partial ? 'first look' : 'full'}` : '';
        if (mark && timeline[timeline.length - 1] !== mark && !timeline.includes(mark)) timeline.push(mark);
      }
    });
    await service.classifyDisplaySets([ds('a'), ds('b', 'MR', 2), { ...ds('tiny', 'MR', 3), numImageFrames: 3 }]);
    // first looks (central slices) of every series before any full classification; the 3-image series is seen whole at once
    expect(timeline).toEqual(['a:first look', 'b:first look', 'tiny:full', 'a:full', 'b:full']);
    expect(asked).toEqual(['a:central:2,5,7', 'b:central:2,5,7', 'tiny:central:0,1,2', 'a:whole:0,1,3,4,5,6,8,9', 'b:whole:0,1,3,4,5,6,8,9']);
    const a = service.getEntry('a');
    expect(a?.partial).toBe(false);
    expect(a?.result?.slices.length).toBe(4);
    expect(service.getState().run).toMatchObject({ state: 'done', done: 3, total: 3 });
  });

  it('gives series added one by one (as OHIF adds them) their first looks before any full classification', async () => {
    const service = new ClassifierService({
      client: new ClassifierClient(() => inProcessWorker()),
      source: fakeSource(10),
      settings: { model: TEST_SOURCE, samplesPerSeries: 8, quickSlices: 3, classify: { slices: 4 } },
    });
    const timeline: string[] = [];
    service.subscribe<ClassifierState>(ClassifierService.EVENTS.STATE_CHANGED, (st) => {
      for (const e of st.series) {
        const mark = e.status === 'done' ? `${e.displaySetInstanceUID}:${e.partial ? 'first look' : 'full'}` : '';
        if (mark && !timeline.includes(mark)) timeline.push(mark);
      }
    });
    const first = service.classifyDisplaySets([ds('a')]);
    await new Promise((r) => setTimeout(r, 0));
    const rest = service.classifyDisplaySets([ds('b', 'MR', 2), ds('c', 'MR', 3)]);
    await Promise.all([first, rest]);
    expect(timeline).toEqual(['a:first look', 'b:first look', 'c:first look', 'a:full', 'b:full', 'c:full']);
  });

  it('forgets the study on reset and keeps the model', async () => {
    const service = makeService(fakeSource(10));
    await service.classifyDisplaySets([ds('a')]);
    service.reset();
    expect(service.getState().series).toEqual([]);
    expect(service.getState().model.state).toBe('ready');
    expect(service.getLabel('a')).toBeUndefined();
  });
});
