/**
 * One React for a runtime plugin of the prebuilt OHIF 3.13.2 viewer.
 *
 * The viewer bundles React privately and (before 3.14) offers runtime plugins no way to share it; a
 * plugin with its own copy breaks hooks and context. The viewer's rspack runtime keeps its chunk
 * array on `globalThis[chunkGlobal]`; pushing an entry with a runtime callback makes the runtime call
 * it with its module `require`, through which we take the host's own React by module id. The ids
 * are read from the pinned dist at build time (scripts/start/hostModules.ts) and injected as
 * `__MRSEQ_HOST__`. Everything that depends on this trick lives in this file and hostShims/; when
 * OHIF's official sharing mechanism ships, replace the shims and delete this file.
 */

export interface HostModuleMap {
  /** Name of the host's chunk-loading array on globalThis, e.g. "rspackChunk". */
  chunkGlobal: string;
  /** Module id of each shared package in the host bundle. */
  modules: Partial<Record<HostModuleName, number>>;
  /** The OHIF version the ids were read from, for messages. */
  ohifVersion: string;
}

export type HostModuleName = 'react' | 'react/jsx-runtime' | 'react-dom' | 'react-dom/client';

declare const __MRSEQ_HOST__: HostModuleMap | null | undefined;

export class HostModuleError extends Error {
  override name = 'HostModuleError';
}

type HostRequire = (id: number) => unknown;
type ChunkEntry = [Array<string | number>, Record<string, unknown>, (require: HostRequire) => void];

const CHECKS: Record<HostModuleName, (m: Record<string, unknown>) => boolean> = {
  react: (m) => typeof m.useState === 'function' && typeof m.createElement === 'function' && /^18\./.test(String(m.version)),
  'react/jsx-runtime': (m) => typeof m.jsx === 'function' && typeof m.jsxs === 'function',
  'react-dom': (m) => typeof m.createPortal === 'function',
  'react-dom/client': (m) => typeof m.createRoot === 'function',
};

let cachedRequire: HostRequire | null = null;

/** Take the host bundle's module `require` from its chunk array (or from `globalRef` in tests). */
export function hostRequire(map: HostModuleMap, globalRef: Record<string, unknown> = globalThis as never): HostRequire {
  if (cachedRequire) return cachedRequire;
  const chunks = globalRef[map.chunkGlobal] as ChunkEntry[] | undefined;
  if (!Array.isArray(chunks) || typeof chunks.push !== 'function') {
    throw new HostModuleError(
      `mrseq: the OHIF viewer's module registry (globalThis.${map.chunkGlobal}) is missing; ` +
        `this build of the plugin was made for the prebuilt OHIF ${map.ohifVersion} viewer`,
    );
  }
  let captured: HostRequire | null = null;
  chunks.push([[`mrseq-host-${Math.random().toString(36).slice(2)}`], {}, (req) => (captured = req)]);
  if (!captured) {
    throw new HostModuleError(`mrseq: the OHIF viewer's runtime did not hand out its module registry (OHIF ${map.ohifVersion} expected)`);
  }
  cachedRequire = captured;
  return captured;
}

/** The host's copy of a shared package, checked to be what it claims; throws a readable HostModuleError otherwise. */
export function hostModule(name: HostModuleName, map: HostModuleMap | null | undefined = readMap(), globalRef?: Record<string, unknown>): unknown {
  if (!map) {
    throw new HostModuleError(
      `mrseq: this plugin build has no module map for the OHIF viewer, so it cannot share the viewer's React; ` +
        'build it with `npm run build:plugin` against the pinned OHIF dist',
    );
  }
  const id = map.modules[name];
  if (id === undefined) throw new HostModuleError(`mrseq: no module id for ${name} in the OHIF ${map.ohifVersion} module map`);
  let mod: unknown;
  try {
    mod = hostRequire(map, globalRef)(id);
  } catch (err) {
    if (err instanceof HostModuleError) throw err;
    throw new HostModuleError(`mrseq: module ${id} (${name}) could not be loaded from the OHIF viewer: ${(err as Error).message}`);
  }
  if (!mod || typeof mod !== 'object' || !CHECKS[name](mod as Record<string, unknown>)) {
    throw new HostModuleError(
      `mrseq: module ${id} of the OHIF viewer is not ${name}; the viewer is not the OHIF ${map.ohifVersion} ` +
        'dist this plugin was built against (rebuild the plugin against it)',
    );
  }
  return mod;
}

function readMap(): HostModuleMap | null {
  return typeof __MRSEQ_HOST__ === 'undefined' ? null : __MRSEQ_HOST__;
}

/** For tests only: forget the captured registry. */
export function resetHostRequireForTests(): void {
  cachedRequire = null;
}
