/**
 * The extension's life in the viewer: created at registration (service, worker client, viewport
 * tracker, overlay), started by the mrseq mode (classify the study as display sets arrive, re-hang
 * it when predictions are ready) and stopped on mode exit. Other modes are left alone.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- OHIF managers are untyped at this boundary */
import { PROTOCOL_ID, SERVICE_NAME } from '../id';
import { registerCustomAttributes, planFor } from '../hangingProtocols/customAttributes';
import { EmptySlotNotes } from '../overlays/EmptySlotNotes';
import { OverlayController } from '../overlays/OverlayController';
import type { PanelDeps } from '../panels/PanelSequences';
import { ClassifierService } from '../services/ClassifierService';
import type { ClassifierState, DisplaySetLike } from '../services/types';
import { decideArrangement } from '../hangingProtocols/arrangement';
import { ClassifierClient, type WorkerLike } from '../worker/client';
import { SLOTS, type SlotId } from '../hangingProtocols/planLayout';
import { viewportId } from '../hangingProtocols/brainMR2x2';
import { ActiveViewportTracker } from './activeViewport';
import { centerViewports } from './centerViewports';
import { getCornerstone, type ExtensionManagerLike } from './cornerstone';
import { createCornerstoneSeriesSource } from './cornerstoneSeriesSource';
import { pluginBaseUrl, resolveSettings, type ExtensionSettings, type MrseqAppConfig } from './settings';

export interface Managers {
  servicesManager: { services: Record<string, any>; registerService(registration: unknown, configuration?: unknown): void };
  commandsManager: { run(command: unknown, options?: Record<string, unknown>): unknown; runCommand?(name: string, options?: Record<string, unknown>): unknown };
  extensionManager: ExtensionManagerLike;
  appConfig?: { mrseq?: MrseqAppConfig };
}

export class MrseqRuntime {
  private managers: Managers | null = null;
  settings: ExtensionSettings | null = null;
  service: ClassifierService | null = null;
  tracker: ActiveViewportTracker | null = null;
  private overlay: OverlayController | null = null;
  private notes: EmptySlotNotes | null = null;
  private active: Array<{ unsubscribe(): void }> = [];
  private panel: PanelDeps | null = null;
  private stopCentering: () => void = () => undefined;

  register(m: Managers, createWorker: () => WorkerLike): void {
    this.managers = m;
    this.settings = resolveSettings(m.appConfig?.mrseq, pluginBaseUrl());
    const client = new ClassifierClient(createWorker);
    m.servicesManager.registerService(ClassifierService.REGISTRATION, {
      client,
      source: createCornerstoneSeriesSource(m.extensionManager),
      settings: this.settings,
    });
    const service = m.servicesManager.services[SERVICE_NAME] as ClassifierService;
    this.service = service;
    const cornerstone = () => getCornerstone(m.extensionManager);
    this.tracker = new ActiveViewportTracker(m.servicesManager.services, cornerstone);
    this.overlay = new OverlayController(this.tracker, service, cornerstone);
    registerCustomAttributes(m.servicesManager.services.hangingProtocolService, service);
    this.notes = new EmptySlotNotes(m.servicesManager.services, () => planFor(service), [
      (cb) => service.subscribe(ClassifierService.EVENTS.STATE_CHANGED, cb),
    ]);
    this.panel = { service, tracker: this.tracker, runCommand: (name, options) => m.commandsManager.run(name, options) };
  }

  panelDeps(): PanelDeps {
    if (!this.panel) throw new Error('mrseq: the extension was not registered');
    return this.panel;
  }

  private services(): Record<string, any> {
    if (!this.managers) throw new Error('mrseq: the extension was not registered');
    return this.managers.servicesManager.services;
  }

  /** Start following the study (called by the mrseq mode on enter). */
  start(): void {
    const { displaySetService } = this.services();
    const service = this.service as ClassifierService;
    this.stop();
    this.tracker?.start();
    this.overlay?.start();
    this.notes?.start();
    const classifyNew = () => {
      if (this.settings?.autoClassify) void this.classifyStudy(false);
    };
    for (const e of [displaySetService.EVENTS.DISPLAY_SETS_ADDED, displaySetService.EVENTS.DISPLAY_SETS_CHANGED]) {
      if (e) this.active.push(displaySetService.subscribe(e, classifyNew));
    }
    this.active.push(
      service.subscribe<ClassifierState>(service.EVENTS.PREDICTIONS_READY, () => {
        if (this.settings?.autoArrange) this.arrange({ quiet: true });
      }),
    );
    classifyNew();
  }

  stop(): void {
    this.stopCentering();
    this.active.splice(0).forEach((s) => s.unsubscribe());
    this.overlay?.stop();
    this.notes?.stop();
    this.tracker?.stop();
  }

  /** Classify the display sets of the open study (all again with `force`). */
  classifyStudy(force: boolean): Promise<void> {
    const displaySets = (this.services().displaySetService.getActiveDisplaySets() ?? []) as DisplaySetLike[];
    return (this.service as ClassifierService).classifyDisplaySets(displaySets, { force });
  }

  /**
   * Hang the study as T1 / T1c / T2 / DW. When classification failed or found none of the four,
   * the current (stock) layout stays and the user is told why. Returns whether it re-hung.
   */
  arrange(opts: { quiet?: boolean } = {}): boolean {
    const { hangingProtocolService, uiNotificationService } = this.services();
    const service = this.service as ClassifierService;
    const decision = decideArrangement(service.getState(), planFor(service));
    if (decision.action !== 'hang') {
      if (!opts.quiet || decision.action === 'keep') {
        uiNotificationService?.show?.({
          title: 'Arrange by sequence',
          message: decision.message,
          type: decision.action === 'keep' ? decision.severity : 'info',
          duration: 5000,
        });
      }
      return false;
    }
    const m = this.managers as Managers;
    m.commandsManager.run('setHangingProtocol', {
      protocolId: PROTOCOL_ID,
      activeStudyUID: hangingProtocolService.getState?.().activeStudyUID,
      reset: true,
    });
    this.stopCentering();
    this.stopCentering = centerViewports(this.services(), SLOTS.map((slot) => viewportId(slot.id)));
    return true;
  }

  /**
   * Show a display set in one viewport of the 2x2 layout (the panel's "hang it here" for an empty
   * viewport). Applies the layout first when the study is not hung by sequence yet.
   */
  async hangInSlot(slot: SlotId, displaySetInstanceUID: string): Promise<boolean> {
    const { viewportGridService, hangingProtocolService } = this.services();
    const id = viewportId(slot);
    if (!viewportGridService.getState()?.viewports?.has?.(id)) {
      (this.managers as Managers).commandsManager.run('setHangingProtocol', {
        protocolId: PROTOCOL_ID,
        activeStudyUID: hangingProtocolService.getState?.().activeStudyUID,
        reset: true,
      });
      for (let i = 0; i < 20 && !viewportGridService.getState()?.viewports?.has?.(id); i++) await new Promise((r) => setTimeout(r, 100));
      if (!viewportGridService.getState()?.viewports?.has?.(id)) return false;
    }
    await viewportGridService.setDisplaySetsForViewport({ viewportId: id, displaySetInstanceUIDs: [displaySetInstanceUID] });
    return true;
  }

  destroy(): void {
    this.stop();
    this.service?.destroy();
  }
}
