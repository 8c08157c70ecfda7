/**
 * The panel as OHIF mounts it: services in, PanelView out. The viewport column shows where each
 * series hangs on screen (the layout controller's assignment, which may be provisional), and the
 * empty viewports are those on screen, once the study is classified (shownPlan.ts).
 */
import { useMemo } from 'react';
import { COMMANDS } from '../commandNames';
import type { LayoutController } from '../hangingProtocols/layoutController';
import { planOnScreen } from '../hangingProtocols/shownPlan';
import type { OverlayStore } from '../overlays/overlayStore';
import type { ClassifierService } from '../services/ClassifierService';
import type { ActiveViewportSource } from '../services/viewerTypes';
import { useActiveViewport, useClassifierState, useLayoutVersion, useOverlaySettings } from './hooks';
import { PanelView, type PanelActions } from './PanelView';

export interface PanelDeps {
  service: ClassifierService;
  viewport: ActiveViewportSource;
  overlay: OverlayStore;
  /** What the 2x2 shows; without it the panel shows the plan of the current predictions. */
  layout?: LayoutController;
  runCommand(name: string, options?: Record<string, unknown>): unknown;
}

export function PanelSequences({ deps }: { deps: PanelDeps }) {
  const state = useClassifierState(deps.service);
  const active = useActiveViewport(deps.viewport);
  const overlay = useOverlaySettings(deps.overlay);
  const layoutVersion = useLayoutVersion(deps.layout);
  const plan = useMemo(() => planOnScreen(deps.service, deps.layout), [deps.service, deps.layout, state, layoutVersion]);
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
