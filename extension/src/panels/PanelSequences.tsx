/** The panel as OHIF mounts it: services in, PanelView out. */
import { useMemo } from 'react';
import { COMMANDS } from '../commandNames';
import { planFor } from '../hangingProtocols/customAttributes';
import type { OverlayStore } from '../overlays/overlayStore';
import type { ClassifierService } from '../services/ClassifierService';
import type { ActiveViewportSource } from '../services/viewerTypes';
import { useActiveViewport, useClassifierState, useOverlaySettings } from './hooks';
import { PanelView, type PanelActions } from './PanelView';

export interface PanelDeps {
  service: ClassifierService;
  viewport: ActiveViewportSource;
  overlay: OverlayStore;
  runCommand(name: string, options?: Record<string, unknown>): unknown;
}

export function PanelSequences({ deps }: { deps: PanelDeps }) {
  const state = useClassifierState(deps.service);
  const active = useActiveViewport(deps.viewport);
  const overlay = useOverlaySettings(deps.overlay);
  const plan = useMemo(() => planFor(deps.service), [deps.service, state]);
  const actions: PanelActions = useMemo(
    () => ({
      classify: () => deps.runCommand(COMMANDS.classifyStudy, { force: true }),
      arrange: () => deps.runCommand(COMMANDS.arrangeBySequence),
      toggleOverlay: () => deps.runCommand(COMMANDS.toggleOverlay),
      setOpacity: (opacity: number) => deps.runCommand(COMMANDS.setOverlayOpacity, { opacity }),
      showSeries: (displaySetInstanceUID: string) => deps.runCommand(COMMANDS.showSeries, { displaySetInstanceUID }),
      hangInSlot: (slot, displaySetInstanceUID) => deps.runCommand(COMMANDS.hangInSlot, { slot, displaySetInstanceUID }),
    }),
    [deps],
  );
  return <PanelView state={state} active={active} plan={plan} overlay={overlay} actions={actions} />;
}
