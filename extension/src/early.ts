/**
 * mrseq-early.mjs: imported by the viewer's app-config.js (see scripts/start/appConfig.ts and
 * docs/OHIF.md), so that the classifier worker and its model load start at navigation, in parallel
 * with OHIF's own start, instead of at the extension's pre-registration. It reads the same
 * `window.config.mrseq` settings the extension reads and does nothing when `preload` is off.
 */
import { pluginBaseUrl, resolveSettings, type MrseqConfiguration } from './config';
import { createClassifierWorker } from './worker/createWorker';
import { startEarlyWorker } from './worker/early';

const appConfig = (globalThis as { config?: { mrseq?: MrseqConfiguration } }).config?.mrseq;
const settings = resolveSettings({ appConfig }, pluginBaseUrl());
if (settings.preload) startEarlyWorker(settings.model, createClassifierWorker);
