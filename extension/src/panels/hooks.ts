/** Hooks that follow a service's state and unsubscribe on cleanup. */
import { useEffect, useState } from 'react';
import type { ActiveViewportInfo, ActiveViewportTracker } from '../ohif/activeViewport';
import type { ClassifierService } from '../services/ClassifierService';
import type { ClassifierState } from '../services/types';

export function useClassifierState(service: ClassifierService): ClassifierState {
  const [state, setState] = useState(() => service.getState());
  useEffect(() => {
    setState(service.getState());
    const sub = service.subscribe<ClassifierState>(service.EVENTS.STATE_CHANGED, setState);
    return () => sub.unsubscribe();
  }, [service]);
  return state;
}

export function useActiveViewport(tracker: ActiveViewportTracker): ActiveViewportInfo | null {
  const [info, setInfo] = useState(() => tracker.get());
  useEffect(() => {
    setInfo(tracker.get());
    const sub = tracker.subscribe<ActiveViewportInfo | null>(tracker.EVENTS.CHANGED, setInfo);
    return () => sub.unsubscribe();
  }, [tracker]);
  return info;
}
