/**
 * Accessors over a raw dcmjs dataset (keys are 8-digit upper-case hex tags, values `{ vr, Value }`).
 * They never throw: a missing, empty or malformed element reads as `undefined`.
 * Elements of VR UN (private tags in implicit-VR files) are decoded as text, or as a binary float when
 * the bytes are not text.
 */

export interface RawElement {
  vr: string;
  Value?: unknown[];
}
export type RawDataset = Record<string, RawElement>;

const textDecoder = new TextDecoder('latin1');

function isBinary(v: unknown): v is ArrayBuffer | ArrayBufferView {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

export function asBytes(v: ArrayBuffer | ArrayBufferView): Uint8Array {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** Binary numbers of an UN element whose real VR is known. */
function decodeBinary(bytes: Uint8Array, vr: string): number[] | undefined {
  const sizes: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };
  const size = sizes[vr];
  if (!size || bytes.length < size) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + size <= bytes.length; i += size) {
    if (vr === 'US') out.push(view.getUint16(i, true));
    else if (vr === 'SS') out.push(view.getInt16(i, true));
    else if (vr === 'UL') out.push(view.getUint32(i, true));
    else if (vr === 'SL') out.push(view.getInt32(i, true));
    else if (vr === 'FL') out.push(view.getFloat32(i, true));
    else out.push(view.getFloat64(i, true));
  }
  return out;
}

/**
 * Values of an UN element (a private tag read from an implicit-VR file). With the real VR known, the
 * bytes are decoded as that VR; otherwise as backslash-separated text when printable (text is padded
 * to even length with a space or one NUL), else as little-endian floats.
 */
function decodeUnknown(bytes: Uint8Array, vrHint?: string): unknown[] {
  const binary = vrHint ? decodeBinary(bytes, vrHint) : undefined;
  if (binary) return binary;
  const body = bytes.length > 0 && bytes[bytes.length - 1] === 0 ? bytes.subarray(0, bytes.length - 1) : bytes;
  const printable = body.length > 0 && body.every((b) => b >= 0x20 && b < 0x7f);
  if (printable || vrHint) {
    const text = textDecoder.decode(body).replace(/ +$/, '');
    return text === '' ? [] : text.split('\\').map((s) => s.trim());
  }
  return decodeBinary(bytes, bytes.length % 8 === 0 && bytes.length !== 4 ? 'FD' : 'FL') ?? [];
}

/** The element's values, with UN elements decoded (as `vrHint` when given). */
export function values(ds: RawDataset | undefined, tag: string, vrHint?: string): unknown[] | undefined {
  const el = ds?.[tag];
  if (!el || !Array.isArray(el.Value) || el.Value.length === 0) return undefined;
  if (el.vr === 'UN' && isBinary(el.Value[0])) {
    const decoded = decodeUnknown(asBytes(el.Value[0]), vrHint);
    return decoded.length ? decoded : undefined;
  }
  return el.Value;
}

function toText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && 'Alphabetic' in (v as object)) return String((v as { Alphabetic: unknown }).Alphabetic).trim();
  return undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** First value as trimmed text; undefined when absent or empty. */
export function str(ds: RawDataset | undefined, tag: string): string | undefined {
  const v = values(ds, tag);
  const t = v ? toText(v[0]) : undefined;
  return t ? t : undefined;
}

/** All values as trimmed, non-empty text. */
export function strs(ds: RawDataset | undefined, tag: string): string[] | undefined {
  const v = values(ds, tag);
  if (!v) return undefined;
  const out = v.map(toText).filter((s): s is string => !!s);
  return out.length ? out : undefined;
}

/** First value as a finite number. */
export function num(ds: RawDataset | undefined, tag: string): number | undefined {
  const v = values(ds, tag);
  return v ? toNumber(v[0]) : undefined;
}

/** All values as numbers; undefined when any is missing or not a number. */
export function nums(ds: RawDataset | undefined, tag: string): number[] | undefined {
  const v = values(ds, tag);
  if (!v) return undefined;
  const out = v.map(toNumber);
  return out.every((n): n is number => n !== undefined) ? (out as number[]) : undefined;
}

/** Items of a sequence element (empty when absent). */
export function items(ds: RawDataset | undefined, tag: string): RawDataset[] {
  const el = ds?.[tag];
  if (!el || el.vr !== 'SQ' || !Array.isArray(el.Value)) return [];
  return el.Value.filter((x): x is RawDataset => !!x && typeof x === 'object' && !isBinary(x));
}

/** First item of a sequence element. */
export function item(ds: RawDataset | undefined, tag: string): RawDataset | undefined {
  return items(ds, tag)[0];
}

/** The raw bytes of a binary element (first buffer of its value). */
export function bytes(ds: RawDataset | undefined, tag: string): Uint8Array | undefined {
  const v = ds?.[tag]?.Value;
  if (!Array.isArray(v) || v.length === 0 || !isBinary(v[0])) return undefined;
  return asBytes(v[0]);
}

/**
 * Values of a private element, found through its private creator: `group` is the odd group,
 * `element` the low byte (e.g. 0x0C for Siemens (0019,xx0C)), `creator` a pattern for the creator
 * string, `vrHint` the element's VR (to decode it from implicit-VR files). Falls back to the conventional block 0x10 when no creator element is present.
 */
export function privateValues(
  ds: RawDataset | undefined,
  group: number,
  element: number,
  creator: RegExp,
  vrHint?: string,
): unknown[] | undefined {
  if (!ds) return undefined;
  const g = group.toString(16).toUpperCase().padStart(4, '0');
  let anyCreator = false;
  for (const [block, creatorTag] of creatorTags(g)) {
    if (!ds[creatorTag]) continue; // most blocks are empty: skip them without decoding
    const name = str(ds, creatorTag);
    if (name === undefined) continue;
    anyCreator = true;
    if (creator.test(name)) {
      const tag = g + ((block << 8) | element).toString(16).toUpperCase().padStart(4, '0');
      return values(ds, tag, vrHint);
    }
  }
  if (anyCreator) return undefined;
  return values(ds, g + (0x1000 | element).toString(16).toUpperCase().padStart(4, '0'), vrHint);
}

const creatorTagCache = new Map<string, Array<[number, string]>>();

/** The private creator tags (gggg,0010)-(gggg,00FF) of a group, with their block numbers. */
function creatorTags(g: string): Array<[number, string]> {
  let list = creatorTagCache.get(g);
  if (!list) {
    list = [];
    for (let block = 0x10; block <= 0xff; block++) list.push([block, g + block.toString(16).toUpperCase().padStart(4, '0')]);
    creatorTagCache.set(g, list);
  }
  return list;
}

/** First value of a private element as a number (see privateValues). */
export function privateNum(
  ds: RawDataset | undefined,
  tag: { group: number; element: number; creator: RegExp; vr?: string },
): number | undefined {
  const v = privateValues(ds, tag.group, tag.element, tag.creator, tag.vr);
  return v ? toNumber(v[0]) : undefined;
}
