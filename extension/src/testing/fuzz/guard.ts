/**
 * An allocation guard for fuzzing: while installed, creating a typed array, an ArrayBuffer or an
 * Array.from() larger than the limit throws "fuzz guard: …" instead of allocating. The readers run on
 * inputs of a few KiB, so an allocation that large means a declared size was trusted before it was
 * checked. (Allocations inside WebAssembly codecs are not seen here; the long fuzz script measures the
 * process's resident memory for those.)
 */

export const GUARD_MARK = 'fuzz guard:';

const TYPED = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
] as const;

type Ctor = { new (...args: unknown[]): unknown; BYTES_PER_ELEMENT?: number };

function elementsOf(arg: unknown): number {
  if (typeof arg === 'number') return arg;
  if (arg && typeof arg === 'object' && !(arg instanceof ArrayBuffer) && 'length' in arg) return Number((arg as { length: unknown }).length) || 0;
  return 0;
}

/** Install the guard on `scope` (globalThis by default); returns a function that removes it. */
export function installAllocationGuard(limitBytes: number, scope: typeof globalThis = globalThis): () => void {
  const g = scope as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>();
  const refuse = (what: string, bytes: number) => {
    throw new Error(`${GUARD_MARK} ${what} of ${bytes} bytes (limit ${limitBytes})`);
  };
  for (const name of TYPED) {
    const target = g[name] as Ctor;
    saved.set(name, target);
    g[name] = new Proxy(target, {
      construct(t, args, newTarget) {
        const bytes = elementsOf(args[0]) * (t.BYTES_PER_ELEMENT ?? 1);
        if (bytes > limitBytes) refuse(name, bytes);
        return Reflect.construct(t, args, newTarget);
      },
    });
  }
  const buffer = g.ArrayBuffer as Ctor;
  saved.set('ArrayBuffer', buffer);
  g.ArrayBuffer = new Proxy(buffer, {
    construct(t, args, newTarget) {
      if (typeof args[0] === 'number' && args[0] > limitBytes) refuse('ArrayBuffer', args[0]);
      return Reflect.construct(t, args, newTarget);
    },
  });
  const arrayFrom = Array.from;
  Array.from = function guardedFrom(this: unknown, ...args: unknown[]) {
    const n = elementsOf(args[0]);
    if (n * 8 > limitBytes) refuse('Array.from', n * 8);
    return (arrayFrom as (...a: unknown[]) => unknown[]).apply(this, args);
  } as typeof Array.from;
  return () => {
    for (const [name, v] of saved) g[name] = v;
    Array.from = arrayFrom;
  };
}
