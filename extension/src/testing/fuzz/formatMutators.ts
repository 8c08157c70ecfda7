/**
 * Header-aware mutations of the other formats: NIfTI-1/2 (dims, datatype, vox_offset, scaling,
 * orientation codes), MGH (dims, type, RAS flag), PNG (IHDR fields, chunk lengths), TIFF (IFD entry
 * counts, types, offsets, image size), JPEG (segment lengths, frame size). Gzipped seeds are mutated
 * before compression (so the header change survives) or after (to damage the stream itself).
 */
import { gunzipSync, gzipSync } from 'fflate';
import type { Mutation } from './mutators';
import type { Rng } from './rng';

const HUGE_32 = [0, -1, 0x7fffffff, -0x80000000, 65536, 46341];

function setInt(view: DataView, at: number, size: 2 | 4 | 8, value: number, le: boolean): void {
  if (at + size > view.byteLength) return;
  if (size === 2) view.setInt16(at, value, le);
  else if (size === 4) view.setInt32(at, value, le);
  else view.setBigInt64(at, BigInt(Math.trunc(value)), le);
}

function niftiHeader(bytes: Uint8Array, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const le = view.getInt32(0, true) === 348 || view.getInt32(0, true) === 540;
  const v2 = view.getInt32(0, le) === 540;
  const dimAt = (n: number) => (v2 ? 16 + 8 * n : 40 + 2 * n);
  const dimSize = v2 ? 8 : 2;
  switch (rng.int(6)) {
    case 0: {
      const n = rng.range(0, 7);
      const v = rng.pick(v2 ? [0, -1, 2 ** 31, 2 ** 40, 2 ** 53, 7, 8] : [0, -1, 32767, -32768, 8, 7]);
      setInt(view, dimAt(n), dimSize as 2 | 8, v, le);
      return { bytes: out, what: `NIfTI dim[${n}] = ${v}` };
    }
    case 1: {
      // Every spatial dimension at its maximum: a volume no file can hold.
      const v = v2 ? 2 ** 31 : 32767;
      for (const n of [1, 2, 3]) setInt(view, dimAt(n), dimSize as 2 | 8, v, le);
      return { bytes: out, what: `NIfTI dims ${v}^3` };
    }
    case 2: {
      const v = rng.pick([0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 2304, -1, 9999]);
      setInt(view, v2 ? 12 : 70, 2, v, le);
      return { bytes: out, what: `NIfTI datatype ${v}` };
    }
    case 3: {
      const v = rng.pick([0, -1, 1e9, NaN, 2 ** 40, 351, 353]);
      if (v2) setInt(view, 168, 8, Number.isFinite(v) ? v : 0, le);
      else view.setFloat32(108, v, le);
      return { bytes: out, what: `NIfTI vox_offset ${v}` };
    }
    case 4: {
      const v = rng.pick([NaN, Infinity, -Infinity, 1e38, 0]);
      const at = rng.pick(v2 ? [176, 184, 112, 400, 104] : [112, 116, 80, 280, 256]);
      if (v2) view.setFloat64(at, v, le);
      else view.setFloat32(at, v, le);
      return { bytes: out, what: `NIfTI float at ${at} = ${v}` };
    }
    default: {
      const at = v2 ? rng.pick([344, 348]) : rng.pick([252, 254]);
      const v = rng.pick([0, 1, 2, 3, 4, -1, 32767]);
      if (v2) view.setInt32(at, v, le);
      else view.setInt16(at, v, le);
      return { bytes: out, what: `NIfTI form code at ${at} = ${v}` };
    }
  }
}

function mghHeader(bytes: Uint8Array, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const field = rng.int(4);
  if (field === 0) {
    const at = rng.pick([4, 8, 12, 16]);
    const v = rng.pick(HUGE_32);
    view.setInt32(at, v, false);
    return { bytes: out, what: `MGH dim at ${at} = ${v}` };
  }
  if (field === 1) {
    for (const at of [4, 8, 12]) view.setInt32(at, 2048, false);
    return { bytes: out, what: 'MGH dims 2048^3' };
  }
  if (field === 2) {
    const v = rng.pick([0, 1, 2, 3, 4, 5, -1]);
    view.setInt32(20, v, false);
    return { bytes: out, what: `MGH type ${v}` };
  }
  const at = rng.pick([28, 30, 42, 66]);
  if (at === 28) view.setInt16(28, rng.pick([0, 1, -1]), false);
  else view.setFloat32(at, rng.pick([NaN, 0, Infinity, 1e38]), false);
  return { bytes: out, what: `MGH header at ${at}` };
}

function pngHeader(bytes: Uint8Array, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  // IHDR data starts at 16: width, height (u32), depth, color, compression, filter, interlace.
  switch (rng.int(4)) {
    case 0: {
      const w = rng.pick([0, 0x7fffffff, 0xffffffff, 65536, 30000]);
      const h = rng.pick([1, 0x7fffffff, 65536, 30000]);
      view.setUint32(16, w);
      view.setUint32(20, h);
      return { bytes: out, what: `PNG IHDR ${w}x${h}` };
    }
    case 1: {
      const at = rng.range(24, 28);
      out[at] = rng.pick([0, 1, 2, 3, 4, 6, 7, 8, 16, 32, 255]);
      return { bytes: out, what: `PNG IHDR byte ${at - 16} = ${out[at]}` };
    }
    case 2: {
      // A chunk length field (the first chunk after IHDR, or IHDR's own).
      const at = rng.pick([8, 33]);
      if (at + 4 <= out.length) view.setUint32(at, rng.pick([0, 0x7fffffff, 0xffffffff, 13, 100000]));
      return { bytes: out, what: `PNG chunk length at ${at}` };
    }
    default: {
      // Move IEND forward: IDAT appears truncated or missing.
      const at = rng.range(33, Math.max(33, out.length - 12));
      out.set([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44], at);
      return { bytes: out, what: `PNG IEND at ${at}` };
    }
  }
}

function tiffHeader(bytes: Uint8Array, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const le = out[0] === 0x49;
  const ifd = view.getUint32(4, le);
  if (ifd + 2 > out.length) return { bytes: out, what: 'nothing (IFD out of file)' };
  const count = view.getUint16(ifd, le);
  const choice = rng.int(4);
  if (choice === 0 || count === 0) {
    const v = rng.pick([0, 1, 0xffff, count + 5]);
    view.setUint16(ifd, v, le);
    return { bytes: out, what: `TIFF IFD entry count ${count} -> ${v}` };
  }
  const entry = ifd + 2 + 12 * rng.int(count);
  if (entry + 12 > out.length) return { bytes: out, what: 'nothing (entry out of file)' };
  const tag = view.getUint16(entry, le);
  if (choice === 1) {
    const type = rng.pick([0, 1, 2, 3, 4, 5, 10, 12, 13, 0xffff]);
    view.setUint16(entry + 2, type, le);
    return { bytes: out, what: `TIFF tag ${tag} type -> ${type}` };
  }
  if (choice === 2) {
    const n = rng.pick([0, 2, 1000, 0xffffffff, 1e7]);
    view.setUint32(entry + 4, n, le);
    return { bytes: out, what: `TIFF tag ${tag} count -> ${n}` };
  }
  const v = rng.pick([0, 0xffff, 0xffffffff, 0x7fffffff, 65536, 30000]);
  const type = view.getUint16(entry + 2, le);
  if (type === 3) view.setUint16(entry + 8, v & 0xffff, le);
  else view.setUint32(entry + 8, v >>> 0, le);
  return { bytes: out, what: `TIFF tag ${tag} value -> ${v}` };
}

function jpegHeader(bytes: Uint8Array, rng: Rng): Mutation {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const segments: Array<{ at: number; marker: number }> = [];
  for (let at = 2; at + 4 <= out.length; ) {
    if (out[at] !== 0xff) break;
    const marker = out[at + 1];
    segments.push({ at, marker });
    if (marker === 0xda) break;
    at += 2 + view.getUint16(at + 2, false);
  }
  if (!segments.length) return { bytes: out, what: 'nothing (no JPEG segments)' };
  const sof = segments.find((s) => s.marker >= 0xc0 && s.marker <= 0xc2);
  if (sof && rng.chance(0.5)) {
    const h = rng.pick([0, 0xffff, 30000]);
    const w = rng.pick([0, 0xffff, 30000]);
    view.setUint16(sof.at + 5, h, false);
    view.setUint16(sof.at + 7, w, false);
    if (rng.chance(0.3)) out[sof.at + 9] = rng.pick([0, 2, 4, 255]);
    return { bytes: out, what: `JPEG SOF ${w}x${h}` };
  }
  const s = rng.pick(segments);
  const v = rng.pick([0, 1, 2, 0xffff, view.getUint16(s.at + 2, false) + 7]);
  view.setUint16(s.at + 2, v, false);
  return { bytes: out, what: `JPEG segment ${s.marker.toString(16)} length -> ${v}` };
}

export type FormatKind = 'nifti' | 'mgh' | 'png' | 'tiff' | 'jpeg';

const HEADER: Record<FormatKind, (b: Uint8Array, rng: Rng) => Mutation> = {
  nifti: niftiHeader,
  mgh: mghHeader,
  png: pngHeader,
  tiff: tiffHeader,
  jpeg: jpegHeader,
};

/** A header mutation; gzipped files are decompressed, mutated and compressed again. */
export function formatMutation(kind: FormatKind, bytes: Uint8Array, gzipped: boolean, rng: Rng): Mutation {
  if (!gzipped) return HEADER[kind](bytes, rng);
  const m = HEADER[kind](gunzipSync(bytes), rng);
  return { bytes: gzipSync(m.bytes), what: `${m.what} (re-gzipped)` };
}
