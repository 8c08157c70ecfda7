/**
 * gzip and zlib helpers for .nii.gz, .mgz, PNG and TIFF, built on fflate (pure JavaScript: runs in node
 * and in a browser worker). Every decompression here stops at a byte limit the caller derives from the
 * header it has already checked, so a corrupt size field or a "zip bomb" cannot make it allocate more.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

type Format = 'gzip' | 'zlib' | 'deflate';

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0].length === length) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    if (at >= length) break;
    const take = p.subarray(0, length - at);
    out.set(take, at);
    at += take.length;
  }
  return out;
}

/**
 * At most `limit` decompressed bytes (fewer when the stream ends first). Input is fed in 16 KiB pieces,
 * so decompression stops soon after the limit is reached, whatever the stream would go on to produce.
 * Throws an Error with a readable message when the data is corrupt before the limit (`lenient`: returns
 * what came out before the error instead).
 */
export function inflateUpTo(bytes: Uint8Array, limit: number, format: Format, lenient = false): Uint8Array {
  const parts: Uint8Array[] = [];
  let have = 0;
  const onData = (chunk: Uint8Array) => {
    if (have < limit) parts.push(chunk);
    have += chunk.length;
  };
  const stream = format === 'gzip' ? new Gunzip(onData) : format === 'zlib' ? new Unzlib(onData) : new Inflate(onData);
  const name = format === 'gzip' ? 'gzip' : format === 'zlib' ? 'zlib' : 'deflate';
  try {
    for (let at = 0; at < bytes.length && have < limit; at += 16384) {
      const end = Math.min(bytes.length, at + 16384);
      stream.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (e) {
    if (have < limit && !lenient) throw new Error(`${name} data is corrupt or truncated (${(e as Error).message})`);
  }
  return concat(parts, Math.min(have, limit));
}

/** Decompresses a whole gzip stream, up to `limit` bytes (see inflateUpTo). */
export function gunzip(bytes: Uint8Array, limit: number): Uint8Array {
  return inflateUpTo(bytes, limit, 'gzip');
}

/**
 * Decompresses only the start of a gzip stream, enough to look at a file header, without inflating the whole
 * file. Returns what could be decompressed (possibly fewer than `want` bytes; empty on error).
 */
export function gunzipHead(bytes: Uint8Array, want: number): Uint8Array {
  return inflateUpTo(bytes, want, 'gzip', true);
}
