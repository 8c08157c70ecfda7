/**
 * Recognising DICOM bytes: Part 10 files ('DICM' at offset 128), and the two common variants without
 * the 128-byte preamble (file meta group first, or a bare dataset starting with group 0008).
 */

const EXPLICIT_VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 4 && bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d;
}

function vrAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1]);
}

/** Group of the first element when the bytes start with a plausible little-endian data element. */
function leadingGroup(bytes: Uint8Array): number | undefined {
  if (bytes.length < 12) return undefined;
  const group = bytes[0] | (bytes[1] << 8);
  const element = bytes[2] | (bytes[3] << 8);
  if (group !== 0x0002 && group !== 0x0008) return undefined;
  if (EXPLICIT_VRS.has(vrAt(bytes, 4))) return group;
  // Implicit VR: a 32-bit length that fits in the file, for a low element number.
  const length = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16)) + bytes[7] * 2 ** 24;
  return group === 0x0008 && element < 0x0100 && length < bytes.length ? group : undefined;
}

/** 'DICM' at offset 128, or a file that starts with a DICOM data element (no preamble). */
export function isDicom(bytes: Uint8Array): boolean {
  return hasMagic(bytes, 128) || leadingGroup(bytes) !== undefined;
}

function element(group: number, elem: number, vr: string, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  out.set([group & 0xff, group >> 8, elem & 0xff, elem >> 8, vr.charCodeAt(0), vr.charCodeAt(1)]);
  out[6] = value.length & 0xff;
  out[7] = value.length >> 8;
  out.set(value, 8);
  return out;
}

/**
 * Bytes dcmjs can read (a Part 10 file). Files without preamble get one; a bare dataset also gets a
 * minimal file meta group whose transfer syntax is guessed (explicit or implicit VR little endian).
 * Returns undefined when the bytes do not look like DICOM.
 */
export function toPart10(bytes: Uint8Array): Uint8Array | undefined {
  if (hasMagic(bytes, 128)) return bytes;
  const group = leadingGroup(bytes);
  if (group === undefined) return undefined;
  let meta = new Uint8Array(0);
  if (group === 0x0008) {
    const explicit = EXPLICIT_VRS.has(vrAt(bytes, 4));
    let uid = explicit ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2';
    if (uid.length % 2) uid += '\0';
    const ts = element(0x0002, 0x0010, 'UI', new TextEncoder().encode(uid));
    const lengthValue = new Uint8Array(4);
    new DataView(lengthValue.buffer).setUint32(0, ts.length, true);
    const groupLength = element(0x0002, 0x0000, 'UL', lengthValue);
    meta = new Uint8Array(groupLength.length + ts.length);
    meta.set(groupLength, 0);
    meta.set(ts, groupLength.length);
  }
  const out = new Uint8Array(132 + meta.length + bytes.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(meta, 132);
  out.set(bytes, 132 + meta.length);
  return out;
}
