/**
 * The extension's life in the viewer, assembled in one place: created at pre-registration from
 * OHIF's configuration (service, worker client, viewport tracker, overlay, layout controller), with
 * the model loading at once in the background; started by the mrseq mode (classify the study as
 * display sets arrive; the layout controller keeps the 2x2 up to date from the header, the first
 * looks and the full results); stopped on every mode exit, which cancels the study's work and
 * terminates the worker (entering the mode again starts a new one). Other modes are left alone.
 * One runtime per viewer, keyed by its services manager.
 */
import { modeBehaviour, pluginBaseUrl, resolveSettings, type ExtensionSettings, type ModeSettings, type MrseqConfiguration } from './config';
import { decideArrangement } from './hangingProtocols/arrangement';
import { viewportId } from './hangingProtocols/brainMR2x2';
import { planFor, registerCustomAttributes } from './hangingProtocols/customAttributes';
import { DEFAULT_LAYOUT_POLICY } from './hangingProtocols/evidence';
import { LayoutController, type SlotChange } from './hangingProtocols/layoutController';
import { SLOTS, type SlotId } from './hangingProtocols/planLayout';
import { planOnScreen } from './hangingProtocols/shownPlan';
import { PROTOCOL_ID, SERVICE_NAME } from './id';
import { ActiveViewportTracker } from './ohif/activeViewport';
import { centerViewports } from './ohif/centerViewports';
import { getCornerstone, type ExtensionManagerLike, type OhifServices } from './ohif/cornerstone';
import { createCornerstoneSeriesSource } from './ohif/cornerstoneSeriesSource';
import { hangInSlot } from './ohif/hangInSlot';
import { showSeriesInActiveViewport } from './ohif/showSeries';
import { EmptySlotNotes } from './overlays/EmptySlotNotes';
import { OverlayController } from './overlays/OverlayController';
import { OverlayStore } from './overlays/overlayStore';
import type { PanelDeps } from './panels/PanelSequences';
import { ClassifierService } from './services/ClassifierService';
import { followActiveSlice } from './services/followActiveSlice';
import type { ClassifierState, DisplaySetLike } from './services/types';
import { ClassifierClient, type WorkerLike } from './worker/client';
import { takeEarlyWorker } from './worker/early';

/** Fills of empty viewports wait this long for other series' first results, to reach the viewer together (evidence.ts). */
const FILL_HOLD_MS = 300;

export interface Managers {
  servicesManager: { services: OhifServices; registerService(registration: unknown, configuration?: unknown): void };
  commandsManager: { run(command: unknown, options?: Record<string, unknown>): unknown };
  extensionManager: ExtensionManagerLike;
  appConfig?: { mrseq?: MrseqConfiguration };
  /** The configuration OHIF hands over from an `extensions: [[extension, configuration]]` entry. */
  configuration?: MrseqConfiguration;
}

export class MrseqRuntime {
  readonly settings: ExtensionSettings;
  readonly service: ClassifierService;
  readonly tracker: ActiveViewportTracker;
  readonly overlaySettings: OverlayStore;
  readonly layout: LayoutController;
  private readonly overlay: OverlayController;
  private readonly notes: EmptySlotNotes;
  private readonly active: Array<{ unsubscribe(): void }> = [];
  private stopFollowing: () => void = () => undefined;
  private stopCentering: () => void = () => undefined;
  private behaviour: ReturnType<typeof modeBehaviour>;
  private entered = false;

  constructor(
    private readonly managers: Managers,
    createWorker: () => WorkerLike,
  ) {
    const m = managers;
    this.settings = resolveSettings({ configuration: m.configuration, appConfig: m.appConfig?.mrseq }, pluginBaseUrl());
    this.behaviour = modeBehaviour(this.settings, undefined);
    // the worker the page may have started at navigation for this model (worker/early.ts), else a new one
    const model = this.settings.model;
    const client = new ClassifierClient(() => takeEarlyWorker(model) ?? createWorker(), this.settings.timeouts);
    const services = m.servicesManager.services;
    m.servicesManager.registerService(ClassifierService.REGISTRATION, {
      client,
      source: createCornerstoneSeriesSource(m.extensionManager),
      settings: this.settings,
      displaySet: (uid: string) => services.displaySetService?.getDisplaySetByUID?.(uid) as DisplaySetLike | undefined,
    });
    this.service = services[SERVICE_NAME] as ClassifierService;
    const cornerstone = () => getCornerstone(m.extensionManager);
    this.tracker = new ActiveViewportTracker(services, cornerstone);
    this.overlaySettings = new OverlayStore(this.settings.overlay);
    this.overlay = new OverlayController(this.tracker, this.service, this.overlaySettings, (imageId, coords) =>
      cornerstone().utilities.imageToWorldCoords(imageId, coords),
    );
    this.layout = new LayoutController(
      {
        displaySets: () => (services.displaySetService?.getActiveDisplaySets?.() ?? []) as DisplaySetLike[],
        showing: () => !!services.viewportGridService?.getState?.()?.viewports?.has?.(viewportId('T1')),
        protocolApplied: () => services.hangingProtocolService?.getState?.()?.protocolId !== undefined,
        hang: () => this.hangProtocol(),
        setSlots: (changes) => this.setSlots(changes),
        shownIn: (slot) => {
          const vp = services.viewportGridService?.getState?.()?.viewports?.get?.(viewportId(slot));
          return vp ? (vp.displaySetInstanceUIDs?.[0] ?? null) : undefined;
        },
      },
      this.service,
      { ...DEFAULT_LAYOUT_POLICY, holdFillsMs: FILL_HOLD_MS },
      () => {
        const m = this.service.getState().model;
        return m.state === 'ready' ? m.info.labels : [];
      },
    );
    registerCustomAttributes(services.hangingProtocolService, this.service, (uid) => this.layout.slotOf(uid));
    this.notes = new EmptySlotNotes(services, () => planOnScreen(this.service, this.layout), [
      (cb) => this.service.subscribe(ClassifierService.EVENTS.STATE_CHANGED, cb),
      (cb) => this.layout.subscribe(cb),
    ]);
    if (this.settings.preload) this.preload();
  }

  /** Start the worker and load the model now (errors show when a study is classified). */
  preload(): void {
    this.service.ensureModel().catch(() => undefined);
  }

  panelDeps = (): PanelDeps => ({
    service: this.service,
    viewport: this.tracker,
    overlay: this.overlaySettings,
    layout: this.layout,
    runCommand: (name, options) => this.managers.commandsManager.run(name, options),
  });

  private services(): OhifServices {
    return this.managers.servicesManager.services;
  }

  /** The mrseq mode was entered: follow the study (the mode's configuration over the extension's). */
  enterMode(mode?: ModeSettings): void {
    if (this.entered) this.exitMode();
    this.entered = true;
    this.behaviour = modeBehaviour(this.settings, mode);
    if (this.behaviour.overlay) this.overlaySettings.set(this.behaviour.overlay);
    const { displaySetService } = this.services();
    this.tracker.start();
    this.overlay.start();
    this.notes.start();
    this.stopFollowing = followActiveSlice(this.tracker, this.service);
    this.layout.reset();
    this.layout.enabled = this.behaviour.autoArrange;
    const classifyNew = () => {
      if (this.behaviour.autoClassify) void this.classifyStudy(false);
      this.layout.schedule();
    };
    for (const e of [displaySetService.EVENTS.DISPLAY_SETS_ADDED, displaySetService.EVENTS.DISPLAY_SETS_CHANGED]) {
      if (e) this.active.push(displaySetService.subscribe(e, classifyNew));
    }
    const { hangingProtocolService, viewportGridService } = this.services();
    const protocolChanged = hangingProtocolService?.EVENTS?.PROTOCOL_CHANGED;
    if (protocolChanged) this.active.push(hangingProtocolService.subscribe(protocolChanged, () => this.layout.schedule()));
    // a series the reader dragged onto a viewport of the 2x2 (or put there any other way) stays there
    const gridChanged = viewportGridService?.EVENTS?.GRID_STATE_CHANGED;
    if (gridChanged) this.active.push(viewportGridService.subscribe(gridChanged, () => this.layout.noticeReader()));
    this.active.push(this.service.subscribe(this.service.EVENTS.STATE_CHANGED, () => this.layout.schedule()));
    this.active.push(
      this.service.subscribe<ClassifierState>(this.service.EVENTS.PREDICTIONS_READY, () => {
        if (!this.behaviour.autoArrange) return;
        this.layout.update();
        // nothing could be hung: say why (failed, or none of the four recognised)
        if (!this.layout.isShown()) this.explain(true);
      }),
    );
    // the worker was terminated on the last exit: start it again now, before the first series
    this.preload();
    classifyNew();
  }

  /**
   * Any mode was left (OHIF calls the extension's onModeExit for every mode): stop following, cancel
   * the study's queued series, image requests and worker calls, and terminate the worker.
   */
  exitMode(): void {
    this.entered = false;
    this.stopCentering();
    this.stopFollowing();
    this.active.splice(0).forEach((s) => s.unsubscribe());
    this.overlay.stop();
    this.notes.stop();
    this.tracker.stop();
    this.layout.reset();
    this.service.stop('the viewer left the study');
  }

  /** Classify the display sets of the open study (all again with `force`). */
  classifyStudy(force: boolean): Promise<void> {
    const displaySets = (this.services().displaySetService.getActiveDisplaySets() ?? []) as DisplaySetLike[];
    return this.service.classifyDisplaySets(displaySets, { force });
  }

  /** Show a series in the active viewport (a click on its row in the panel). */
  showSeries(displaySetInstanceUID: string): boolean {
    return showSeriesInActiveViewport(this.services(), this.managers.commandsManager, displaySetInstanceUID);
  }

  /**
   * Show a series in one viewport of the 2x2 layout (the panel's offer for an empty viewport). The
   * layout controller keeps that viewport as the reader set it.
   */
  hangInSlot(slot: SlotId, displaySetInstanceUID: string): Promise<boolean> {
    this.layout.pin(slot, displaySetInstanceUID);
    return hangInSlot(this.services(), this.managers.commandsManager, slot, displaySetInstanceUID);
  }

  /**
   * The reader's command: hang the study as T1 / T1c / T2 / DW from the evidence now. When
   * classification failed or found none of the four, the current layout stays and the reader is
   * told why. Returns whether it re-hung.
   */
  arrange(): boolean {
    const decision = decideArrangement(this.service.getState(), planFor(this.service));
    if (decision.action === 'keep') return this.explain(false);
    if (this.layout.arrangeNow()) return true;
    return this.explain(false);
  }

  /** Tell the reader why the layout was not changed (quietly: only when something went wrong). */
  private explain(quiet: boolean): false {
    const decision = decideArrangement(this.service.getState(), planFor(this.service));
    if (decision.action !== 'hang' && (!quiet || decision.action === 'keep')) {
      this.services().uiNotificationService?.show?.({
        title: 'Arrange by sequence',
        message: decision.message,
        type: decision.action === 'keep' ? decision.severity : 'info',
        duration: 5000,
      });
    }
    return false;
  }

  /** Run the mrseq protocol afresh (the layout controller's first hanging, or the reader's command). */
  private hangProtocol(): void {
    const { hangingProtocolService } = this.services();
    this.managers.commandsManager.run('setHangingProtocol', {
      protocolId: PROTOCOL_ID,
      activeStudyUID: hangingProtocolService.getState?.().activeStudyUID,
      reset: true,
    });
    this.stopCentering();
    this.stopCentering = centerViewports(this.services(), SLOTS.map((slot) => viewportId(slot.id)));
  }

  /** Change the series of some viewports of the 2x2 only (no protocol run). */
  private setSlots(changes: SlotChange[]): void {
    const { viewportGridService } = this.services();
    viewportGridService.setDisplaySetsForViewports(
      changes.map((c) => ({ viewportId: viewportId(c.slot), displaySetInstanceUIDs: c.displaySetInstanceUID ? [c.displaySetInstanceUID] : [] })),
    );
    this.stopCentering();
    this.stopCentering = centerViewports(this.services(), changes.filter((c) => c.displaySetInstanceUID).map((c) => viewportId(c.slot)));
  }

  destroy(): void {
    this.exitMode();
    this.service.destroy();
  }
}

const runtimes = new WeakMap<object, MrseqRuntime>();

/** Build the runtime of one viewer (pre-registration). */
export function createRuntime(managers: Managers, createWorker: () => WorkerLike): MrseqRuntime {
  const runtime = new MrseqRuntime(managers, createWorker);
  runtimes.set(managers.servicesManager, runtime);
  return runtime;
}

/** The runtime of the viewer that owns this services manager. */
export function runtimeFor(servicesManager: object): MrseqRuntime {
  const runtime = runtimes.get(servicesManager);
  if (!runtime) throw new Error('mrseq: the extension was not registered with this viewer');
  return runtime;
}

export function hasRuntime(servicesManager: object): boolean {
  return runtimes.has(servicesManager);
}
