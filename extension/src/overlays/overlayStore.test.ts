import { OverlayStore, type OverlaySettings } from './overlayStore';

describe('OverlayStore', () => {
  it('keeps the opacity in range and tells its listeners of real changes only', () => {
    const store = new OverlayStore({ enabled: true, opacity: 3 });
    expect(store.get()).toEqual({ enabled: true, opacity: 1 });
    const heard: OverlaySettings[] = [];
    store.subscribe<OverlaySettings>(store.EVENTS.CHANGED, (s) => heard.push(s));
    store.set({ opacity: -1 });
    store.set({ opacity: 0 });
    store.toggle();
    expect(heard).toEqual([
      { enabled: true, opacity: 0 },
      { enabled: false, opacity: 0 },
    ]);
  });
});
