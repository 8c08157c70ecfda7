/**
 * gzip helpers for .nii.gz and .mgz, built on fflate (pure JavaScript: runs in node and in a browser worker).
 */
import { Gunzip, gunzipSync } from 'fflate';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a whole gzip stream. Throws an Error with a readable message when the data is corrupt or
 * truncated (fflate reports "unexpected EOF" and similar; we prefix it).
 */
export function gunzip(bytes: Uint8Array): Uint8Array {
  // The trailer holds the uncompressed size (mod 2^32); fflate allocates that much up front. A truncated file
  // has random bytes there, so refuse sizes that deflate cannot reach (its best ratio is about 1032:1).
  const n = bytes.length;
  if (n < 18) throw new Error('gzip data is truncated');
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (isize > n * 1100 + (1 << 20)) throw new Error('gzip data is corrupt or truncated (implausible size in trailer)');
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new Error(`gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/**
 * Decompresses only the start of a gzip stream, enough to look at a file header, without inflating the whole
 * file. Returns what could be decompressed (possibly fewer than `want` bytes; empty on error).
 */
export function gunzipHead(bytes: Uint8Array, want: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let have = 0;
  const stream = new Gunzip((chunk) => {
    parts.push(chunk);
    have += chunk.length;
  });
  try {
    for (let at = 0; at < bytes.length && have < want; at += 16384) {
      stream.push(bytes.subarray(at, Math.min(bytes.length, at + 16384)), false);
    }
  } catch {
    // Corrupt stream: keep whatever was produced before the error.
  }
  const out = new Uint8Array(Math.min(have, want));
  let offset = 0;
  for (const part of parts) {
    if (offset >= out.length) break;
    const take = part.subarray(0, out.length - offset);
    out.set(take, offset);
    offset += take.length;
  }
  return out;
}

/** The bytes as they are, or decompressed when they are gzip. */
export function maybeGunzip(bytes: Uint8Array): Uint8Array {
  return isGzip(bytes) ? gunzip(bytes) : bytes;
}
