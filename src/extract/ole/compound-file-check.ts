import { childrenOf, corrupt, cutOff, followChain, MINI_STREAM_CUTOFF, readCompoundFile } from './compound-file.js';
import type { CompoundFile } from './compound-file.js';

const MINI_SECTOR = 64;
/** Storages inside storages: a mail nested 8 deep in .msg is 16 levels; hundreds is an attack. */
const MAX_STORAGE_DEPTH = 128;

/**
 * Reads a compound file and checks all of it before a parser sees it: the directory is a tree
 * (no loop, no entry in two places, bounded depth), and every stream's sector chain is in the
 * file, taken by no other chain and exactly as long as the stream's size. After this, the
 * parsers' unbounded loops (msgreader, SheetJS's CFB) have nothing to loop on.
 */
export function openCompoundFile(buf: Buffer): CompoundFile {
  const file = readCompoundFile(buf);
  checkTree(file);
  checkStreams(buf, file);
  return file;
}

function checkTree(file: CompoundFile): void {
  const visited = new Uint8Array(file.entries.length);
  const pending: [index: number, depth: number][] = [[0, 0]];
  while (pending.length > 0) {
    const [index, depth] = pending.pop() as [number, number];
    if (depth > MAX_STORAGE_DEPTH) throw corrupt(`storages nested more than ${MAX_STORAGE_DEPTH} deep`);
    for (const child of childrenOf(file, index, visited)) {
      if (file.entries[child].type === 'storage') pending.push([child, depth + 1]);
    }
  }
}

function checkStreams(buf: Buffer, file: CompoundFile): void {
  const { sectorSize, fat } = file;
  // Directory sectors are taken first: a stream chain running through them is corrupt too.
  const owned = new Uint8Array(file.sectorCount);
  followChain(file.directoryStart, fat, owned, 'directory');
  const root = file.entries[0];
  checkRegularStream(buf, file, root.start, root.size, owned, 'mini stream');
  const miniFatSectors = file.miniFatSectors > 0 ? followChain(file.miniFatStart, fat, owned, 'mini FAT') : [];
  const miniFat = new Uint32Array(miniFatSectors.length * (sectorSize / 4));
  miniFatSectors.forEach((sid, i) => {
    const at = (sid + 1) * sectorSize;
    if (at + sectorSize > buf.length) throw cutOff();
    for (let j = 0; j < sectorSize / 4; j++) miniFat[i * (sectorSize / 4) + j] = buf.readUInt32LE(at + 4 * j);
  });
  // Only mini sectors inside the mini stream exist; the owned table's length says so.
  const miniOwned = new Uint8Array(Math.ceil(root.size / MINI_SECTOR));
  for (const entry of file.entries) {
    if (entry.type !== 'stream' || entry.size === 0) continue;
    if (entry.size >= MINI_STREAM_CUTOFF) {
      checkRegularStream(buf, file, entry.start, entry.size, owned, `stream ${entry.name}`);
      continue;
    }
    // Past the mini stream's end is a broken link, not a cut-off file: the mini stream was checked whole.
    const sectors = followChain(entry.start, miniFat, miniOwned, `stream ${entry.name}`, () => corrupt(`stream ${entry.name} outside the mini stream`));
    if (sectors.length !== Math.ceil(entry.size / MINI_SECTOR)) throw corrupt(`stream ${entry.name} does not match its size`);
  }
}

function checkRegularStream(buf: Buffer, file: CompoundFile, start: number, size: number, owned: Uint8Array, what: string): void {
  if (size === 0) return;
  if (size > buf.length) throw cutOff();
  const sectors = followChain(start, file.fat, owned, what);
  if (sectors.length !== Math.ceil(size / file.sectorSize)) throw corrupt(`${what} does not match its size`);
  const last = sectors[sectors.length - 1];
  if ((last + 1) * file.sectorSize + (size - (sectors.length - 1) * file.sectorSize) > buf.length) throw cutOff();
}
