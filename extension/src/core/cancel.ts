/** Cancelled work: the caller no longer wants the answer. Not a failure to report to anyone. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'cancelled: no longer needed') {
    super(message);
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'CancelledError';
}
