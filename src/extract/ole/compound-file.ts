import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';

/**
 * A small, bounded reader of compound files (OLE2 / CFB, [MS-CFB]): the header, the FAT and the
 * directory, nothing of the streams' content. It exists for two reasons. Sniffing is synchronous
 * and runs on every part, so it cannot lazily import SheetJS (8 MB) just to list stream names.
 * And the parsers behind it trust the file: msgreader follows sector chains and sibling links
 * until an end marker, so one crafted loop hangs the process (a relay!), and a sector past the end
 * of a cut-off file is read as zeros. Every chain and link here is followed with a bound and
 * reported as `truncated` or `corrupt` instead (see compound-file-check.ts for the streams).
 */

const MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const HEADER_DIFAT_ENTRIES = 109;
/** Streams under this size live in the mini stream, in 64-byte sectors. */
export const MINI_STREAM_CUTOFF = 4096;
/** Sector ids above this are markers (free, end of chain, FAT, DIFAT), not sectors. */
const MAX_REG_SECT = 0xfffffffa;
const END_OF_CHAIN = 0xfffffffe;
/** "No entry" in the directory's sibling and child links. */
const NO_STREAM = 0xffffffff;
const ENTRY_BYTES = 128;

type EntryType = 'unused' | 'storage' | 'stream' | 'root';
const ENTRY_TYPES: Record<number, EntryType> = { 0: 'unused', 1: 'storage', 2: 'stream', 5: 'root' };

export interface DirectoryEntry {
  name: string;
  type: EntryType;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

export interface CompoundFile {
  sectorSize: number;
  /** Sectors present in the buffer (a partial last sector counts). */
  sectorCount: number;
  fat: Uint32Array;
  directoryStart: number;
  miniFatStart: number;
  miniFatSectors: number;
  entries: DirectoryEntry[];
}

export const corrupt = (detail: string) => new PartIssueError('corrupt', issueDetail('compound-file-damaged', { flaw: detail }));
export const cutOff = () => new PartIssueError('truncated', issueDetail('compound-file-cut-off'));

/**
 * Follows a chain of sector ids through `table` until the end marker. Each sector may be taken once
 * (`owned`, shared by every chain of a file when given): a loop or two chains that cross are
 * corrupt, so any chain ends within `table.length` steps. A sector past `owned` is `pastEnd()`:
 * by default the file was cut off.
 */
export function followChain(start: number, table: Uint32Array, owned: Uint8Array, what: string, pastEnd: () => Error = cutOff): number[] {
  const sectors: number[] = [];
  for (let sid = start; sid !== END_OF_CHAIN; sid = table[sid]) {
    if (sid > MAX_REG_SECT) throw corrupt(`broken sector chain in the ${what}`);
    if (sid >= table.length || sid >= owned.length) throw sid >= owned.length ? pastEnd() : corrupt(`sector outside the allocation table in the ${what}`);
    if (owned[sid]) throw corrupt(`sector chain of the ${what} loops or crosses another`);
    owned[sid] = 1;
    sectors.push(sid);
  }
  return sectors;
}

/** Reads the header, the FAT (through the DIFAT) and the directory. Throws PartIssueError. */
export function readCompoundFile(buf: Buffer): CompoundFile {
  if (buf.length < 512) throw cutOff();
  if (!buf.subarray(0, 8).equals(MAGIC)) throw corrupt('no compound file signature');
  const shift = buf.readUInt16LE(0x1e);
  // Fixed by [MS-CFB] 2.2; msgreader assumes them without reading them, so they must hold here too.
  const fixed = buf.readUInt16LE(0x1c) === 0xfffe && buf.readUInt16LE(0x20) === 6 && buf.readUInt32LE(0x38) === MINI_STREAM_CUTOFF;
  if (!fixed || (shift !== 9 && shift !== 12)) throw corrupt('unknown header layout');
  const sectorSize = 1 << shift;
  const sectorCount = Math.max(0, Math.ceil((buf.length - sectorSize) / sectorSize));
  const sector = (sid: number) => {
    const at = (sid + 1) * sectorSize;
    if (sid >= sectorCount || at + sectorSize > buf.length) throw cutOff();
    return buf.subarray(at, at + sectorSize);
  };
  const fat = readFat(buf, sectorSize, sectorCount, sector);
  const directoryStart = buf.readUInt32LE(0x30);
  const dirSectors = followChain(directoryStart, fat, new Uint8Array(sectorCount), 'directory');
  const entries: DirectoryEntry[] = [];
  for (const sid of dirSectors) {
    const bytes = sector(sid);
    for (let at = 0; at < sectorSize; at += ENTRY_BYTES) entries.push(readEntry(bytes.subarray(at, at + ENTRY_BYTES), shift === 9));
  }
  if (entries[0]?.type !== 'root') throw corrupt('no root entry');
  return {
    sectorSize,
    sectorCount,
    fat,
    directoryStart,
    miniFatStart: buf.readUInt32LE(0x3c),
    miniFatSectors: buf.readUInt32LE(0x40),
    entries,
  };
}

/** The FAT: the sectors the header lists (109), then those of the DIFAT chain, as one table. */
function readFat(buf: Buffer, sectorSize: number, sectorCount: number, sector: (sid: number) => Buffer): Uint32Array {
  const fatSectors = buf.readUInt32LE(0x2c);
  // FAT sectors are sectors of the file: a header that counts more than the file holds belongs to
  // a file that was cut (and the check bounds the table allocated below).
  if (fatSectors > sectorCount) throw cutOff();
  const ids: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && ids.length < fatSectors; i++) ids.push(buf.readUInt32LE(0x4c + 4 * i));
  const perDifat = sectorSize / 4 - 1;
  let difat = buf.readUInt32LE(0x44);
  for (let hops = 0; ids.length < fatSectors; hops++) {
    if (difat > MAX_REG_SECT || hops > sectorCount) throw corrupt('DIFAT chain ends before the FAT is complete');
    const bytes = sector(difat);
    for (let i = 0; i < perDifat && ids.length < fatSectors; i++) ids.push(bytes.readUInt32LE(4 * i));
    difat = bytes.readUInt32LE(4 * perDifat);
  }
  const perSector = sectorSize / 4;
  const fat = new Uint32Array(fatSectors * perSector);
  ids.forEach((sid, i) => {
    if (sid > MAX_REG_SECT) throw corrupt('FAT sector missing');
    const bytes = sector(sid);
    for (let j = 0; j < perSector; j++) fat[i * perSector + j] = bytes.readUInt32LE(4 * j);
  });
  return fat;
}

function readEntry(bytes: Buffer, version3: boolean): DirectoryEntry {
  const nameBytes = Math.min(64, bytes.readUInt16LE(0x40));
  const name = bytes.toString('utf16le', 0, Math.max(0, nameBytes - 2)).replace(/\0.*$/s, '');
  const type = ENTRY_TYPES[bytes[0x42]] ?? 'unused';
  // Version 3 files may leave garbage in the high half of the size ([MS-CFB] 2.6.3).
  const high = version3 ? 0 : bytes.readUInt32LE(0x7c);
  const size = high === 0 ? bytes.readUInt32LE(0x78) : Number.MAX_SAFE_INTEGER;
  return { name, type, left: bytes.readUInt32LE(0x44), right: bytes.readUInt32LE(0x48), child: bytes.readUInt32LE(0x4c), start: bytes.readUInt32LE(0x74), size };
}

/**
 * Indices of the entries directly inside `storage`: its child, then that child's siblings (a
 * red-black tree linked by left/right). Each index is visited once, so a looping tree is corrupt.
 */
export function childrenOf(file: CompoundFile, storage: number, visited: Uint8Array = new Uint8Array(file.entries.length)): number[] {
  const out: number[] = [];
  const pending = [file.entries[storage].child];
  while (pending.length > 0) {
    const index = pending.pop() as number;
    if (index === NO_STREAM) continue;
    if (index >= file.entries.length || index === 0) throw corrupt('directory link out of range');
    if (visited[index]) throw corrupt('directory tree loops');
    visited[index] = 1;
    const entry = file.entries[index];
    if (entry.type === 'unused' || entry.type === 'root') throw corrupt('directory link to an unused entry');
    out.push(index);
    pending.push(entry.left, entry.right);
  }
  return out;
}

/** Names of the streams and storages at the root, which is what tells a workbook from a mail. */
export function rootNames(file: CompoundFile): string[] {
  return childrenOf(file, 0).map((i) => file.entries[i].name);
}
