/**
 * A byte-level walk over a Part 10 file: where each data element (nested ones and encapsulated
 * fragments included) starts, where its length field and value are. The DICOM mutators use it to
 * corrupt lengths and VRs, duplicate or delete elements and rewrite values. Test tooling only: it
 * trusts its input (the fuzz seeds the tests wrote) and stops quietly at anything odd.
 */

export interface WalkedElement {
  /** 'GGGGEEEE' upper-case hex; items and fragments are 'FFFEE000'. */
  tag: string;
  /** Explicit VR, or '' (implicit VR, items). */
  vr: string;
  start: number;
  lengthAt: number;
  lengthSize: 2 | 4;
  valueAt: number;
  /** Declared length (0xFFFFFFFF: undefined). */
  length: number;
  /** First byte after the element (after its delimiter for undefined lengths). */
  end: number;
  depth: number;
  /** Part of the file meta group (always explicit VR little endian). */
  meta: boolean;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
const UNDEFINED = 0xffffffff;

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

interface Ctx {
  bytes: Uint8Array;
  view: DataView;
  explicit: boolean;
  meta: boolean;
  out: WalkedElement[];
}

/** Walk elements from `at` to `end` (or to a delimiter); returns the position after what was read. */
function walk(c: Ctx, at: number, end: number, depth: number): number {
  const { view } = c;
  while (at + 8 <= end) {
    const group = view.getUint16(at, true);
    const element = view.getUint16(at + 2, true);
    if (c.meta && group !== 0x0002) return at;
    if (group === 0xfffe) {
      const length = view.getUint32(at + 4, true);
      if (element === 0xe00d || element === 0xe0dd) return at + 8;
      const item: WalkedElement = { tag: 'FFFEE000', vr: '', start: at, lengthAt: at + 4, lengthSize: 4, valueAt: at + 8, length, end: 0, depth, meta: c.meta };
      c.out.push(item);
      item.end = length === UNDEFINED ? walk(c, at + 8, end, depth + 1) : Math.min(end, at + 8 + length);
      if (length !== UNDEFINED && item.end > at + 8 && depth < 8) walkNested(c, item, depth);
      at = item.end;
      continue;
    }
    const tag = hex(group) + hex(element);
    let vr = '';
    let lengthAt: number;
    let lengthSize: 2 | 4;
    if (c.explicit) {
      vr = String.fromCharCode(c.bytes[at + 4], c.bytes[at + 5]);
      if (LONG_VRS.has(vr)) {
        lengthAt = at + 8;
        lengthSize = 4;
      } else {
        lengthAt = at + 6;
        lengthSize = 2;
      }
    } else {
      lengthAt = at + 4;
      lengthSize = 4;
    }
    if (lengthAt + lengthSize > end) return end;
    const length = lengthSize === 2 ? view.getUint16(lengthAt, true) : view.getUint32(lengthAt, true);
    const valueAt = lengthAt + lengthSize;
    const el: WalkedElement = { tag, vr, start: at, lengthAt, lengthSize, valueAt, length, end: 0, depth, meta: c.meta };
    c.out.push(el);
    if (length === UNDEFINED) {
      el.end = walk(c, valueAt, end, depth + 1);
    } else {
      el.end = Math.min(end, valueAt + length);
      if (vr === 'SQ' && depth < 8) walk(c, valueAt, el.end, depth + 1);
    }
    at = el.end;
  }
  return at;
}

/** Items of defined length inside a sequence hold elements: walk them too. */
function walkNested(c: Ctx, item: WalkedElement, depth: number): void {
  const first = c.view.getUint16(item.valueAt, true);
  if (first !== 0xfffe && first >= 0x0008 && first < 0x7fe1) walk(c, item.valueAt, item.end, depth + 1);
}

/** Elements of a Part 10 file whose dataset is little endian (explicit or implicit VR). */
export function walkDicom(bytes: Uint8Array, explicit: boolean): WalkedElement[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: WalkedElement[] = [];
  const meta: Ctx = { bytes, view, explicit: true, meta: true, out };
  const datasetAt = walk(meta, 132, bytes.length, 0);
  walk({ bytes, view, explicit, meta: false, out }, datasetAt, bytes.length, 0);
  return out;
}

/** Where the dataset starts (after the file meta group). */
export function datasetStart(elements: WalkedElement[]): number {
  const metas = elements.filter((e) => e.meta && e.depth === 0);
  return metas.length ? metas[metas.length - 1].end : 132;
}
