/** The panel as OHIF mounts it: services in, PanelView out. */
import { useEffect, useMemo } from 'react';
import { COMMANDS } from '../commandNames';
import { planFor } from '../hangingProtocols/customAttributes';
import type { ActiveViewportTracker } from '../ohif/activeViewport';
import type { ClassifierService } from '../services/ClassifierService';
import { useActiveViewport, useClassifierState } from './hooks';
import { PanelView, type PanelActions } from './PanelView';

export interface PanelDeps {
  service: ClassifierService;
  tracker: ActiveViewportTracker;
  runCommand(name: string, options?: Record<string, unknown>): unknown;
}

/** Classify the slice on screen shortly after scrolling stops, so the chart follows it. */
const FOLLOW_DELAY_MS = 120;

export function PanelSequences({ deps }: { deps: PanelDeps }) {
  const state = useClassifierState(deps.service);
  const active = useActiveViewport(deps.tracker);
  const plan = useMemo(() => planFor(deps.service), [deps.service, state]);
  const uid = active?.displaySetInstanceUID;
  const index = active?.imageIndex ?? 0;
  const done = uid ? deps.service.getEntry(uid)?.status === 'done' : false;
  useEffect(() => {
    if (!uid || !done) return;
    const t = setTimeout(() => void deps.service.requestSlice(uid, index), FOLLOW_DELAY_MS);
    return () => clearTimeout(t);
  }, [deps.service, uid, index, done]);
  const actions: PanelActions = useMemo(
    () => ({
      classify: () => deps.runCommand(COMMANDS.classifyStudy, { force: true }),
      arrange: () => deps.runCommand(COMMANDS.arrangeBySequence),
      toggleOverlay: () => deps.runCommand(COMMANDS.toggleOverlay),
      setOpacity: (opacity: number) => deps.runCommand(COMMANDS.setOverlayOpacity, { opacity }),
      hangInSlot: (slot, displaySetInstanceUID) => deps.runCommand(COMMANDS.hangInSlot, { slot, displaySetInstanceUID }),
    }),
    [deps],
  );
  return <PanelView state={state} active={active} plan={plan} actions={actions} />;
}
