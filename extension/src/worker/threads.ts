/**
 * How many WASM threads onnxruntime-web gets in the classifier worker. Measured on a 2-core machine
 * (README, benchmarks): a second thread was slower than one, because it had no core of its own (the
 * viewer's main thread and cornerstone's decoders need one) and onnxruntime's pool threads
 * spin-wait between operators. So: never more threads than cores - 1, and pool threads that sleep
 * instead of spinning whenever there is more than one. Pure.
 */
export interface ThreadChoice {
  threads: number;
  /** Why fewer threads than asked for, if so. */
  note?: string;
  /** Session options that go with the choice (onnxruntime-web `extra` config entries). */
  extra?: { session: { intra_op: { allow_spinning: '0' }; inter_op: { allow_spinning: '0' } } };
}

export function wasmThreads(wanted: number | undefined, cores: number | undefined, crossOriginIsolated: boolean): ThreadChoice {
  const asked = Math.max(1, Math.floor(wanted ?? 1));
  if (!crossOriginIsolated) return { threads: 1, note: asked > 1 ? 'one WASM thread: the page is not cross-origin isolated' : undefined };
  const cap = Math.max(1, Math.floor(cores ?? 1) - 1);
  const threads = Math.min(asked, cap);
  return {
    threads,
    note: threads < asked ? `${threads} WASM thread${threads > 1 ? 's' : ''} of ${asked} asked for: ${cores ?? 1} core(s), one left to the viewer` : undefined,
    extra: threads > 1 ? { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } : undefined,
  };
}
