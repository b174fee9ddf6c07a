import { describe, expect, it } from 'vitest';
import { openCompoundFile } from '../../../src/extract/ole/compound-file-check.js';
import { readCompoundFile, rootNames } from '../../../src/extract/ole/compound-file.js';
import { sniffOle } from '../../../src/extract/ole/sniff-ole.js';
import type { PartType } from '../../../src/model/part.js';
import { compoundFile, encryptedOfficeFile, toXls } from '../../../fixtures/generator/legacy.js';
import { toMsg } from '../../../fixtures/generator/outlook.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';

const SECTOR = 512;
const big = Buffer.alloc(5000, 0x41); // over the 4096-byte mini-stream cutoff: a chain in the FAT
const small = Buffer.from('petit flux');
const sample = () => compoundFile([{ path: '/Gros', data: big }, { path: '/Petit', data: small }]);

/** Byte offset of directory entry `index` (the directory's first sector holds entries 0-3). */
function entryOffset(buf: Buffer, index: number): number {
  expect(index).toBeLessThan(4);
  return (buf.readUInt32LE(0x30) + 1) * SECTOR + index * 128;
}
const indexOf = (buf: Buffer, name: string) => readCompoundFile(buf).entries.findIndex((e) => e.name === name);
/** Byte offset of FAT entry `sid` (the first FAT sector maps sectors 0-127). */
const fatOffset = (buf: Buffer, sid: number) => (buf.readUInt32LE(0x4c) + 1) * SECTOR + 4 * sid;

describe('openCompoundFile', () => {
  it('reads the directory of a file written by SheetJS and checks every stream', () => {
    const file = openCompoundFile(sample());
    expect(rootNames(file).sort()).toEqual(['\x01Sh33tJ5', 'Gros', 'Petit']);
    expect(file.entries.find((e) => e.name === 'Gros')).toMatchObject({ type: 'stream', size: 5000 });
  });

  it.each([
    ['the header alone', (b: Buffer) => b.subarray(0, 300), 'truncated', 'the compound file is cut off'],
    ['60 % of the file', (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.6)), 'truncated', 'the compound file is cut off'],
    ['a bad byte-order mark', (b: Buffer) => (b.writeUInt16LE(0x1234, 0x1c), b), 'corrupt', 'damaged compound file: unknown header layout'],
  ] as const)('reports %s', (_name, damage, code, message) => {
    expect(() => openCompoundFile(damage(Buffer.from(sample())))).toThrow(expect.objectContaining({ code, message }));
  });

  it('reports a FAT chain that loops back on itself as corrupt (msgreader would spin on it)', () => {
    const buf = Buffer.from(sample());
    const start = readCompoundFile(buf).entries[indexOf(buf, 'Gros')].start;
    buf.writeUInt32LE(start, fatOffset(buf, start));
    expect(() => openCompoundFile(buf)).toThrow(expect.objectContaining({ code: 'corrupt', message: 'damaged compound file: sector chain of the stream Gros loops or crosses another' }));
  });

  it('reports a directory whose sibling link points back at itself as corrupt', () => {
    const buf = Buffer.from(sample());
    const index = indexOf(buf, 'Gros');
    buf.writeUInt32LE(index, entryOffset(buf, index) + 0x44);
    expect(() => openCompoundFile(buf)).toThrow(expect.objectContaining({ code: 'corrupt', message: 'damaged compound file: directory tree loops' }));
  });

  it('reports a stream longer than its chain as corrupt', () => {
    const buf = Buffer.from(sample());
    buf.writeUInt32LE(6000, entryOffset(buf, indexOf(buf, 'Gros')) + 0x78);
    expect(() => openCompoundFile(buf)).toThrow(expect.objectContaining({ code: 'corrupt', message: 'damaged compound file: stream Gros does not match its size' }));
  });

  it('reports a mini stream chain that leaves the mini stream as corrupt', () => {
    const buf = Buffer.from(sample());
    buf.writeUInt32LE(100_000, entryOffset(buf, indexOf(buf, 'Petit')) + 0x74);
    expect(() => openCompoundFile(buf)).toThrow(expect.objectContaining({ code: 'corrupt', message: 'damaged compound file: stream Petit outside the mini stream' }));
  });

  it('never throws anything but PartIssueError on noise behind the OLE signature', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const buf = Buffer.alloc(4096);
      let x = seed;
      for (let i = 0; i < buf.length; i++) buf[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf);
      // A plausible header over noise: the chains and links it leads to are the noise.
      buf.writeUInt16LE(0xfffe, 0x1c);
      buf.writeUInt16LE(9, 0x1e);
      buf.writeUInt16LE(6, 0x20);
      buf.writeUInt32LE(seed % 3, 0x2c);
      expect(() => openCompoundFile(buf)).toThrow(expect.objectContaining({ name: 'PartIssueError' }));
    }
  });
});

describe('sniffOle', () => {
  const table = customerTable(makePeople(4, 3));
  it.each<[string, PartType, () => Buffer]>([
    ['an Excel 97-2003 workbook', 'xls', () => toXls(table, 'Clients')],
    ['a BIFF5 workbook (stream Book)', 'xls', () => compoundFile([{ path: '/Book', data: Buffer.alloc(8) }])],
    ['an Outlook .msg', 'msg', () => toMsg({ subject: 'x', body: 'y' })],
    ['a password-protected .xlsx', 'office-encrypted', encryptedOfficeFile],
    ['a Word 97-2003 document', 'ole', () => compoundFile([{ path: '/WordDocument', data: Buffer.alloc(8) }])],
    ['an Excel workbook embedded in a Word document', 'ole', () => compoundFile([{ path: '/WordDocument', data: Buffer.alloc(8) }, { path: '/ObjectPool/_1/Workbook', data: Buffer.alloc(8) }])],
    ['a directory that cannot be read', 'ole', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)])],
  ])('%s → %s', (_name, expected, make) => {
    expect(sniffOle(make())).toBe(expected);
  });
});
