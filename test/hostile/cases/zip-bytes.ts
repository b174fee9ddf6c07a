import { crc32, deflateRawSync } from 'node:zlib';

/** An entry already compressed: the same body can be shared by many entries without deflating again. */
export interface RawEntry {
  name: string;
  /** Compressed bytes (method 8) or stored bytes (method 0). */
  body: Buffer;
  method: 0 | 8;
  crc: number;
  size: number;
  /** Point the central record at another entry's local header (overlapping entries). */
  localOf?: number;
}

/** A deflated entry of `data`. */
export function deflated(name: string, data: Buffer): RawEntry {
  return { name, body: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length };
}

/** A stored entry of `data`. */
export function stored(name: string, data: Buffer): RawEntry {
  return { name, body: data, method: 0, crc: crc32(data), size: data.length };
}

function header(sig: number, len: number, e: RawEntry, name: Buffer, central: boolean): Buffer {
  const b = Buffer.alloc(len);
  b.writeUInt32LE(sig, 0);
  const o = central ? 2 : 0;
  if (central) b.writeUInt16LE(20, 4);
  b.writeUInt16LE(20, 4 + o);
  b.writeUInt16LE(e.method, 8 + o);
  b.writeUInt32LE(e.crc >>> 0, 14 + o);
  b.writeUInt32LE(e.body.length, 18 + o);
  b.writeUInt32LE(e.size >>> 0, 22 + o);
  b.writeUInt16LE(name.length, 26 + o);
  return b;
}

/**
 * A ZIP from pre-compressed entries (no zip64). An entry with `localOf` has no local header of
 * its own: its central record points at entry `localOf`'s, so all of them inflate the same bytes.
 */
export function rawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    if (e.localOf === undefined) {
      offsets.push(offset);
      const local = header(0x04034b50, 30, e, name, false);
      locals.push(local, name, e.body);
      offset += local.length + name.length + e.body.length;
    } else {
      offsets.push(offsets[e.localOf]);
    }
    const central = header(0x02014b50, 46, e, name, true);
    central.writeUInt32LE(offsets[offsets.length - 1], 42);
    centrals.push(central, name);
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, ...endRecords(entries.length, directory.length, offset)]);
}

/** The end of central directory record, preceded by the zip64 ones when the count needs them. */
function endRecords(count: number, size: number, offset: number): Buffer[] {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  if (count < 0xffff) return [end];
  const zip64 = Buffer.alloc(56);
  zip64.writeUInt32LE(0x06064b50, 0);
  zip64.writeBigUInt64LE(44n, 4);
  zip64.writeUInt16LE(45, 12);
  zip64.writeUInt16LE(45, 14);
  zip64.writeBigUInt64LE(BigInt(count), 24);
  zip64.writeBigUInt64LE(BigInt(count), 32);
  zip64.writeBigUInt64LE(BigInt(size), 40);
  zip64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + size), 8);
  locator.writeUInt32LE(1, 16);
  return [zip64, locator, end];
}
