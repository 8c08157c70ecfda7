/**
 * `npm start [-- <dicom-folder>] [--dicomweb <url>] [--no-demo] [--port <n>] [--model <dir>] [--no-build] [--build-only]`
 *
 * Fetches the pinned OHIF viewer if missing, builds the mrseq plugin, and serves both from one
 * origin on 127.0.0.1. Without arguments it serves the demo study shipped in demo/ (its first page,
 * the study list, offers it; DICOM files from disk can still be opened at /local); with a folder it
 * serves that folder as a DICOMweb study; with --dicomweb it proxies an existing DICOMweb server
 * (same origin, so no CORS setup is needed on that server); with --no-demo it opens on the
 * local-files page.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Server } from 'node:http';
import { appConfigJs } from './appConfig';
import { buildPlugin, REPO_ROOT, resolveModelDir } from './build';
import { indexFolder } from './dicomFolder';
import { readHostModuleMap } from './hostModules';
import { ensureOhifDist, OHIF_VERSION } from './ohifDist';
import type { CspViolation } from './csp';
import { createServer, type DicomWebBackend } from './server';

export interface StartOptions {
  folder?: string;
  /** The folder is the demo study (no folder was given). */
  demo?: boolean;
  dicomweb?: string;
  port: number;
  host: string;
  modelDir?: string;
  build: boolean;
  buildOnly: boolean;
  quiet?: boolean;
  mrseq?: Record<string, unknown>;
  onRequest?: (method: string, url: string, status: number) => void;
  onCspViolation?: (v: CspViolation) => void;
}

export const PLUGIN_DIR = path.join(REPO_ROOT, 'dist', 'plugin');
/** The demo study `npm start` offers without arguments (scripts/demo/makeDemo.ts, demo/README.md). */
export const DEMO_STUDY_DIR = path.join(REPO_ROOT, 'demo', 'study');

export function parseArgs(argv: readonly string[]): StartOptions {
  const opts: StartOptions = { port: 8080, host: '127.0.0.1', build: true, buildOnly: false };
  let demo = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') opts.port = Number(value());
    else if (a === '--host') opts.host = value();
    else if (a === '--dicomweb') opts.dicomweb = value();
    else if (a === '--model') opts.modelDir = value();
    else if (a === '--no-build') opts.build = false;
    else if (a === '--build-only') opts.buildOnly = true;
    else if (a === '--no-demo') demo = false;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (opts.folder) throw new Error('give one DICOM folder');
    else opts.folder = a;
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port must be 0..65535');
  if (opts.folder && opts.dicomweb) throw new Error('give a folder or --dicomweb, not both');
  if (demo && !opts.folder && !opts.dicomweb && existsSync(DEMO_STUDY_DIR)) {
    opts.folder = DEMO_STUDY_DIR;
    opts.demo = true;
  }
  return opts;
}

export interface Started {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startViewer(opts: StartOptions): Promise<Started | null> {
  const log = opts.quiet ? () => undefined : (s: string) => console.log(s);
  const ohifDir = await ensureOhifDist(path.join(REPO_ROOT, '.ohif'), log);
  if (opts.build) {
    const model = resolveModelDir(opts.modelDir);
    if (model.fixture) log('model: models/fixture-tiny (random weights, a test fixture: predictions are meaningless)');
    else log(`model: ${path.relative(REPO_ROOT, model.dir)}`);
    const hostMap = await readHostModuleMap(ohifDir, OHIF_VERSION);
    const t0 = Date.now();
    await buildPlugin({ outDir: PLUGIN_DIR, modelDir: model.dir, hostMap });
    log(`plugin built in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${path.relative(REPO_ROOT, PLUGIN_DIR)}`);
  }
  if (opts.buildOnly) return null;

  let dicomweb: DicomWebBackend = { kind: 'none' };
  if (opts.folder) {
    const index = await indexFolder(path.resolve(opts.folder));
    if (index.instances.length === 0) throw new Error(`no DICOM files in ${opts.folder} (${index.skipped.length} other files)`);
    const studies = new Set(index.instances.map((i) => i.studyUID));
    log(`serving ${index.instances.length} DICOM files (${studies.size} ${studies.size === 1 ? 'study' : 'studies'}) from ${opts.demo ? 'the demo study (demo/README.md)' : opts.folder}`);
    if (index.skipped.length) log(`  skipped ${index.skipped.length} files, e.g. ${index.skipped[0].file}: ${index.skipped[0].reason}`);
    dicomweb = { kind: 'folder', index };
  } else if (opts.dicomweb) {
    dicomweb = { kind: 'proxy', target: opts.dicomweb };
  }
  const server = createServer({
    ohifDir,
    pluginDir: PLUGIN_DIR,
    appConfigJs: appConfigJs({ dicomweb: dicomweb.kind, mrseq: opts.mrseq }),
    dicomweb,
    onRequest: opts.onRequest,
    onCspViolation: opts.onCspViolation,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}`;
  if (opts.demo) {
    const studies = [...new Set(dicomweb.kind === 'folder' ? dicomweb.index.instances.map((i) => i.studyUID) : [])];
    log(`\nmrseq viewer: ${url}/  (the study list offers a demo study: open it in "MR sequences (mrseq)")`);
    log(`demo study:   ${url}/mrseq?StudyInstanceUIDs=${studies[0]}`);
    log(`your files:   ${url}/local  (open a folder of DICOM files; or npm start -- path/to/dicom)`);
  } else if (dicomweb.kind === 'folder') {
    const studies = [...new Set(dicomweb.index.instances.map((i) => i.studyUID))];
    log(`\nmrseq viewer: ${url}/mrseq?StudyInstanceUIDs=${studies[0]}\nstudy list:   ${url}/`);
  } else if (dicomweb.kind === 'proxy') {
    log(`\nmrseq viewer (study list of ${opts.dicomweb}): ${url}/`);
  } else {
    log(`\nmrseq viewer: ${url}/local  (open a folder of DICOM files, then choose "MR sequences (mrseq)")`);
  }
  return {
    server,
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  let opts: StartOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`npm start: ${(err as Error).message}`);
    process.exit(2);
  }
  startViewer(opts).catch((err) => {
    console.error(`npm start: ${(err as Error).message}`);
    process.exit(1);
  });
}
