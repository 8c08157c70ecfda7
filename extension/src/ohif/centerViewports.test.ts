import { centerViewports } from './centerViewports';

/** A cornerstone stack viewport as centerViewports sees it; `destroyed` ones throw as cornerstone's do. */
function stack(n: number, destroyed = false) {
  const vp = {
    id: 'v',
    element: {} as HTMLDivElement,
    isDisabled: destroyed,
    index: 0,
    worldToCanvas: () => [0, 0] as [number, number],
    getImageIds: () => Array.from({ length: n }, (_, k) => `i${k}`),
    getCurrentImageIdIndex: () => vp.index,
    setImageIdIndex: (i: number) => {
      if (vp.isDisabled) throw new Error('The stack viewport has been destroyed and is no longer usable.');
      vp.index = i;
    },
  };
  return vp;
}

function services(viewports: Map<string, ReturnType<typeof stack> | undefined>) {
  return {
    viewportGridService: { getState: () => ({ viewports: new Map([...viewports.keys()].map((id) => [id, { displaySetInstanceUIDs: ['ds'] }])) }) },
    cornerstoneViewportService: { getCornerstoneViewport: (id: string) => viewports.get(id) },
  } as never;
}

describe('centerViewports', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens each viewport still on its first image on its middle slice', () => {
    const a = stack(20);
    const b = stack(20);
    b.index = 7; // the reader has scrolled: left alone
    centerViewports(services(new Map([['a', a], ['b', b]])), ['a', 'b']);
    jest.advanceTimersByTime(300);
    expect(a.index).toBe(10);
    expect(b.index).toBe(7);
  });

  it('skips a viewport cornerstone has destroyed (no uncaught error) and centres its replacement', () => {
    const old = stack(20, true);
    const vps = new Map<string, ReturnType<typeof stack> | undefined>([['a', old]]);
    centerViewports(services(vps), ['a']);
    expect(() => jest.advanceTimersByTime(300)).not.toThrow();
    expect(old.index).toBe(0);
    // destroyed between the lookup and the call (isDisabled not set yet): caught too
    const racing = stack(20);
    racing.setImageIdIndex = () => {
      throw new Error('The stack viewport has been destroyed and is no longer usable.');
    };
    vps.set('a', racing);
    expect(() => jest.advanceTimersByTime(250)).not.toThrow();
    const fresh = stack(20);
    vps.set('a', fresh);
    jest.advanceTimersByTime(250);
    expect(fresh.index).toBe(10);
  });
});
