/** Hooks that follow a store's state and unsubscribe on cleanup. */
import { useEffect, useState } from 'react';
import type { LayoutController } from '../hangingProtocols/layoutController';
import type { OverlaySettings, OverlayStore } from '../overlays/overlayStore';
import type { ClassifierService } from '../services/ClassifierService';
import type { ClassifierState } from '../services/types';
import type { ActiveViewportInfo, ActiveViewportSource } from '../services/viewerTypes';

export function useClassifierState(service: ClassifierService): ClassifierState {
  const [state, setState] = useState(() => service.getState());
  useEffect(() => {
    setState(service.getState());
    const sub = service.subscribe<ClassifierState>(service.EVENTS.STATE_CHANGED, setState);
    return () => sub.unsubscribe();
  }, [service]);
  return state;
}

export function useActiveViewport(source: ActiveViewportSource): ActiveViewportInfo | null {
  const [info, setInfo] = useState(() => source.get());
  useEffect(() => {
    setInfo(source.get());
    const sub = source.subscribe<ActiveViewportInfo | null>(source.EVENTS.CHANGED, setInfo);
    return () => sub.unsubscribe();
  }, [source]);
  return info;
}

export function useOverlaySettings(store: OverlayStore): OverlaySettings {
  const [settings, setSettings] = useState(() => store.get());
  useEffect(() => {
    setSettings(store.get());
    const sub = store.subscribe<OverlaySettings>(store.EVENTS.CHANGED, setSettings);
    return () => sub.unsubscribe();
  }, [store]);
  return settings;
}

/** A number that changes whenever the layout controller changes the 2x2 (for re-rendering). */
export function useLayoutVersion(layout: LayoutController | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!layout) return undefined;
    const sub = layout.subscribe(() => setVersion((v) => v + 1));
    return () => sub.unsubscribe();
  }, [layout]);
  return version;
}
