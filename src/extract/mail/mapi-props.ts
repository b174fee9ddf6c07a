/**
 * Reads a few properties out of a TNEF MAPI property list ([MS-OXTNEF] 2.1.3.4): the long file
 * name of an attachment, the bodies of the message. Everything else is stepped over by its size.
 * The list is optional information, so a property this reader cannot size (an unknown type) or a
 * length past the end stops it with what it has: nothing here is trusted for more than that.
 */

const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
export const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;
const VARIABLE = new Set([PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT]);
/** Sizes of fixed-size types; in TNEF each value is padded to 4 bytes. */
const FIXED: Record<number, number> = { 0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16 };

export interface MapiValue {
  type: number;
  /** The first value's bytes (strings keep their NUL terminator). */
  bytes: Buffer;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** Values of the wanted property ids (`0x3707`, not the full tag), first value of each. */
export function readMapiProps(data: Buffer, wanted: ReadonlySet<number>): Map<number, MapiValue> {
  const found = new Map<number, MapiValue>();
  if (data.length < 4) return found;
  const count = data.readUInt32LE(0);
  let at = 4;
  for (let i = 0; i < count && at + 4 <= data.length; i++) {
    const type = data.readUInt16LE(at);
    const id = data.readUInt16LE(at + 2);
    at += 4;
    if (id >= 0x8000) {
      // Named property: a GUID, then a numeric id or a UTF-16 name.
      if (at + 20 > data.length) break;
      const kind = data.readUInt32LE(at + 16);
      at += 20;
      if (kind === 1) {
        if (at + 4 > data.length) break;
        at += 4 + pad4(data.readUInt32LE(at));
      } else at += 4;
    }
    const next = readValue(data, at, type);
    if (!next) break;
    if (wanted.has(id) && !found.has(id)) found.set(id, { type: type & ~MV_FLAG, bytes: next.first });
    at = next.end;
  }
  return found;
}

/** One property's value(s) from `at`: the first value and where the next property starts. */
function readValue(data: Buffer, at: number, type: number): { first: Buffer; end: number } | null {
  const base = type & ~MV_FLAG;
  const multi = (type & MV_FLAG) !== 0;
  if (!VARIABLE.has(base)) {
    const size = FIXED[base];
    if (size === undefined) return null;
    let values = 1;
    if (multi) {
      if (at + 4 > data.length) return null;
      values = data.readUInt32LE(at);
      at += 4;
    }
    const end = at + values * size;
    return end <= data.length ? { first: data.subarray(at, at + size), end } : null;
  }
  if (at + 4 > data.length) return null;
  const values = data.readUInt32LE(at);
  at += 4;
  let first: Buffer | null = null;
  for (let v = 0; v < values; v++) {
    if (at + 4 > data.length) return null;
    const length = data.readUInt32LE(at);
    if (at + 4 + length > data.length) return null;
    first ??= data.subarray(at + 4, at + 4 + length);
    at += 4 + pad4(length);
  }
  return { first: first ?? Buffer.alloc(0), end: Math.min(at, data.length) };
}

/** A string property's text, without its NUL terminator; PT_STRING8 through `decode8`. */
export function mapiString(value: MapiValue | undefined, decode8: (bytes: Buffer) => string): string | null {
  if (!value) return null;
  if (value.type === PT_UNICODE) return value.bytes.toString('utf16le').replace(/\0+$/, '');
  if (value.type === PT_STRING8) return decode8(value.bytes).replace(/\0+$/, '');
  return null;
}
