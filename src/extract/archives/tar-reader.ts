import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';

const BLOCK = 512;

/** One member of a tar archive: a regular file with its bytes, or another kind to report. */
export interface TarEntry {
  name: string;
  /** 'file' for regular files; 'skip' for folders, links, devices; 'sparse' for GNU sparse files. */
  kind: 'file' | 'skip' | 'sparse';
  content: Buffer;
}

/** True when the 512-byte header at `at` carries the ustar magic (POSIX ustar, pax, GNU). */
export function isTarHeader(buf: Buffer, at = 0): boolean {
  return buf.length >= at + BLOCK && buf.subarray(at + 257, at + 262).toString('latin1') === 'ustar';
}

/**
 * Walks a tar archive held in memory (POSIX ustar, pax extended headers, GNU long names) and
 * yields its members in order. Names come from the headers (pax `path` and GNU `L` records win
 * over the 100-byte field) and are never used as paths. A header that fails its checksum is
 * `corrupt`; a member that runs past the end of the data is `truncated`.
 */
export function* tarEntries(buf: Buffer): Generator<TarEntry> {
  let at = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  let paxSize: number | null = null;
  while (at + BLOCK <= buf.length) {
    const header = buf.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return; // end-of-archive blocks
    if (!checksumOk(header)) throw new PartIssueError('corrupt', issueDetail('tar-header-damaged', { offset: at }));
    const type = String.fromCharCode(header[156] || 0x30);
    const size = paxSize ?? octal(header, 124, 12);
    const dataStart = at + BLOCK;
    if (dataStart + size > buf.length) throw new PartIssueError('truncated', issueDetail('tar-cut-off-in-member'));
    const data = buf.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'x') {
      ({ path: paxPath, size: paxSize } = paxRecords(data));
      continue;
    }
    if (type === 'g' || type === 'K') continue; // global pax defaults, GNU long link target: nothing to read
    const name = paxPath ?? longName ?? headerName(header);
    longName = paxPath = paxSize = null;
    const kind = type === '0' || type === '7' ? 'file' : type === 'S' ? 'sparse' : 'skip';
    yield { name, kind, content: data };
  }
  if (at < buf.length) throw new PartIssueError('truncated', issueDetail('tar-cut-off-in-header'));
}

/** ustar name: `prefix/name` when the prefix field (at 345) is set. */
function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const prefix = isTarHeader(header) ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

/** Numeric field: octal text, or GNU base-256 (high bit of the first byte set) for sizes past 8 GiB. */
function octal(header: Buffer, at: number, length: number): number {
  const field = header.subarray(at, at + length);
  if (field[0] & 0x80) return field.subarray(1).reduce((n, b) => n * 256 + b, field[0] & 0x7f);
  const text = field.toString('latin1').replace(/[\0 ]+$/, '').trim();
  const value = text ? parseInt(text, 8) : 0;
  if (!Number.isFinite(value)) throw new PartIssueError('corrupt', issueDetail('tar-header-size-damaged'));
  return value;
}

/** The header checksum: the byte sum with the checksum field read as spaces (POSIX ustar). */
function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return octal(header, 148, 8) === sum;
}

/** pax records (`LEN key=value\n`): the path and size that override the next header's. */
function paxRecords(data: Buffer): { path: string | null; size: number | null } {
  let path: string | null = null;
  let size: number | null = null;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (space < 0 || !(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    if (record.slice(0, eq) === 'size') size = Number(record.slice(eq + 1));
    at += length;
  }
  return { path, size };
}
