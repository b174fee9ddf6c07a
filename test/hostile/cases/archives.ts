import { makeTar } from '../../../fixtures/generator/tar-writer.js';
import { gzipSync } from 'node:zlib';
import type { HostileCase } from '../hostile-case.js';
import { repeat, streamToFile } from '../hostile-case.js';
import { customersCsv, exportLikeText, put, randomBytes } from './common.js';
import { deflated, rawZip, stored } from './zip-bytes.js';

const MiB = 1024 * 1024;
const zeros64 = () => deflated('zeros.csv', Buffer.alloc(64 * MiB));

/** 42.zip's first level: 16 entries of 64 MiB of zeros each, one deflated body shared (1 GiB claimed). */
function flatBomb(): Buffer {
  const body = zeros64();
  return rawZip(Array.from({ length: 16 }, (_, i) => ({ ...body, name: `zeros-${i}.csv` })));
}

/**
 * 42.zip's shape: zips of 16 deflated zips, `levels` deep, 16 MiB of zeros at the bottom (16 KB
 * deflated, inside deflate's window, so each level's 16 copies deflate to little more than one).
 */
function nestedBomb(levels: number): Buffer {
  let zip = rawZip([deflated('zeros.csv', Buffer.alloc(16 * MiB))]);
  for (let level = levels; level >= 1; level--) {
    const inner = deflated('x', zip);
    zip = rawZip(Array.from({ length: 16 }, (_, i) => ({ ...inner, name: `l${level}-${i}.zip` })));
  }
  return zip;
}

/** 256 MiB of stored zips of zips: a file over the message limit, which must not be held whole. */
function storedNest(): Buffer {
  let zip = rawZip([zeros64()]);
  for (let level = 3; level >= 1; level--) {
    const inner = stored('x', zip);
    zip = rawZip(Array.from({ length: 16 }, (_, i) => ({ ...inner, name: `l${level}-${i}.zip` })));
  }
  return zip;
}

/** One local header (4 MiB of export-like text, an honest 1:4 ratio) that 1,000 central records point at: 4 GB. */
function overlapping(): Buffer {
  const first = deflated('part-0.csv', exportLikeText(4 * MiB));
  return rawZip([first, ...Array.from({ length: 999 }, (_, i) => ({ ...first, name: `part-${i + 1}.csv`, localOf: 0 }))]);
}

/** 100,000 one-byte entries (zip64 end records): ten times the entry limit. */
const manyEntries = () => rawZip(Array.from({ length: 100_000 }, (_, i) => stored(`f${i}.txt`, Buffer.from('x'))));

/** A customer file whose entry names climb out of any folder: read in memory, named as given. */
const dotDot = () => rawZip([deflated('../../../../tmp/clients.csv', customersCsv()), deflated('/etc/cron.d/clients.csv', customersCsv(40, 8))]);

/** A gzip of 16 members of 64 MiB of zeros (a gzip may hold many members): 1 GiB out of 1 MB. */
async function gzBomb(dir: string): Promise<string> {
  return streamToFile(`${dir}/zeros.csv.gz`, repeat(gzipSync(Buffer.alloc(64 * MiB)), 16));
}

function tarOf(name: string, data: Buffer): Buffer {
  return makeTar([{ name, data }]);
}

/** Signature of a format, then seeded noise: a header that lies about everything after it. */
const lying = (magic: number[], seed: number) => Buffer.concat([Buffer.from(magic), randomBytes(64 * 1024, seed)]);

export const ARCHIVE_CASES: HostileCase[] = [
  { name: 'zip: flat bomb, 16 x 64 MiB of zeros (42.zip level 1)', build: (d) => put(d, 'bomb.zip', flatBomb()), expected: { exit: 2, verdict: 'unscannable', issuesInclude: ['too-large@bomb.zip!zeros-0.csv'] } },
  { name: 'zip: nested bomb, 16^3 zips of 16 MiB of zeros', build: (d) => put(d, 'nested.zip', nestedBomb(3)), expected: { exit: 2, verdict: 'unscannable', issuesInclude: ['too-large@nested.zip!l1-0.zip!l2-0.zip!l3-0.zip!zeros.csv'] } },
  { name: 'zip: 256 MiB of stored zips of zips (over the message limit)', build: (d) => put(d, 'stored.zip', storedNest()), expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@stored.zip'] } },
  { name: 'zip: 1,000 entries sharing one local header (4 GB claimed at 1:4)', build: (d) => put(d, 'overlap.zip', overlapping()), expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@overlap.zip'] } },
  { name: 'zip: 100,000 entries', build: (d) => put(d, 'many.zip', manyEntries()), expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@many.zip'] } },
  { name: 'zip: ../ and absolute entry names holding customer files', build: (d) => put(d, 'paths.zip', dotDot()), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'gz: 16 members of 64 MiB of zeros', build: gzBomb, expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@zeros.csv.gz'] } },
  { name: 'tar: customer file under a ../ name', build: (d) => put(d, 'export.tar', tarOf('../../clients.csv', customersCsv())), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'tar.gz: customer file', build: (d) => put(d, 'export.tar.gz', gzipSync(tarOf('clients.csv', customersCsv()))), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: '7z: signature then noise', build: (d) => put(d, 'archive.7z', lying([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4], 71)), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@archive.7z'] } },
  { name: 'rar: signature then noise', build: (d) => put(d, 'archive.rar', lying([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00], 72)), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@archive.rar'] } },
  { name: 'bz2: signature then noise', build: (d) => put(d, 'clients.csv.bz2', lying([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 73)), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@clients.csv.bz2'] } },
  { name: 'xz: signature then noise', build: (d) => put(d, 'clients.csv.xz', lying([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 74)), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@clients.csv.xz'] } },
];
