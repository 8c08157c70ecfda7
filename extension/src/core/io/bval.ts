/**
 * FSL .bval sidecar: b-values (s/mm²) separated by spaces, tabs or newlines (one row, or one per line).
 * Tokens that are not numbers are ignored; an empty or unreadable file gives [].
 */
export function parseBval(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((t) => t.length > 0)
    .map(Number)
    .filter((v) => Number.isFinite(v));
}
