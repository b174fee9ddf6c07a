import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bzip2Extractor } from '../../../src/extract/archives/bzip2.js';
import { gzipExtractor } from '../../../src/extract/archives/gzip.js';
import { xzExtractor } from '../../../src/extract/archives/xz.js';
import type { Extractor } from '../../../src/extract/extractor.js';
import { sniffType } from '../../../src/extract/sniff.js';
import { sevenZipArchive } from '../../../fixtures/generator/seven-zip-writer.js';
import { makeTar } from '../../../fixtures/generator/tar-writer.js';
import { ctxWith } from '../../helpers/parts.js';
import { charged, CSV, inner, issue, run, thrown, TXT } from './archive-cases.js';

const ZEROS = Buffer.alloc(16 * 1024 * 1024);
type Compress = (data: Buffer, name: string) => Promise<Buffer> | Buffer;
const RATIO = 'compression ratio over 200:1 looks like a bomb; not inflated further';
/** deflate cannot pass ~1:1032, so a gzip bomb meets the 64 MiB part limit before the 1:200 ratio. */
const PART = 'inflates past the 67108864-byte limit';
const FORMATS: [string, Extractor, string, Compress, string][] = [
  ['gzip', gzipExtractor, 'gz', (data) => gzipSync(data), PART],
  ['bzip2', bzip2Extractor, 'bz2', (data, name) => sevenZipArchive('bzip2', [{ name, data }]), RATIO],
  ['xz', xzExtractor, 'xz', (data, name) => sevenZipArchive('xz', [{ name, data }]), RATIO],
];

describe.each(FORMATS)('%s', (format, extractor, suffix, compress, bombStop) => {
  it('is sniffed from its magic bytes', async () => {
    expect(sniffType({ content: await compress(CSV, 'clients.csv'), declaredType: null })).toBe(format);
  });

  it('gives one inner part named after the file without its suffix', async () => {
    expect(await run(extractor, `clients.csv.${suffix}`, await compress(CSV, 'clients.csv'), ctxWith())).toEqual([inner(`clients.csv.${suffix}!clients.csv`, CSV)]);
  });

  it('reads concatenated streams as one file', async () => {
    const both = Buffer.concat([await compress(CSV, 'a'), await compress(TXT, 'b')]);
    expect(await run(extractor, `x.csv.${suffix}`, both, ctxWith())).toEqual([inner(`x.csv.${suffix}!x.csv`, Buffer.concat([CSV, TXT]))]);
  });

  it('gives a compressed tar\'s entries (pax long names, folders skipped, ../ names kept as names)', async () => {
    const long = `${'d'.repeat(120)}/clients.csv`;
    const tar = makeTar([{ name: 'dir', data: Buffer.alloc(0), type: '5' }, { name: '../x.csv', data: CSV }, { name: long, data: TXT, longName: 'pax' }]);
    expect(await run(extractor, `export.tar.${suffix}`, await compress(tar, 'export.tar'), ctxWith())).toEqual([inner(`export.tar.${suffix}!../x.csv`, CSV), inner(`export.tar.${suffix}!${long}`, TXT)]);
  });

  it('stops at maxArchiveEntries with a too-large issue on the archive', async () => {
    const tar = makeTar(['1.txt', '2.txt', '3.txt'].map((name) => ({ name, data: TXT })));
    expect(await run(extractor, `t.tgz`, await compress(tar, 't.tar'), ctxWith({ maxArchiveEntries: 2 }))).toEqual([
      inner('t.tgz!1.txt', TXT),
      inner('t.tgz!2.txt', TXT),
      issue('too-large', 't.tgz', 'more than 2 archive entries and embedded files in the message; the rest were not read'),
    ]);
  });

  it('reports a cut-off file as truncated', async () => {
    const whole = await compress(Buffer.from(CSV.toString().repeat(2000)), 'clients.csv');
    expect(await thrown(run(extractor, `clients.csv.${suffix}`, whole.subarray(0, Math.floor(whole.length * 0.6)), ctxWith()))).toMatchObject({ code: 'truncated' });
  });

  it('reports damaged data (its check value or trailer overwritten) as corrupt', async () => {
    const whole = Buffer.from(await compress(Buffer.from(CSV.toString().repeat(2000)), 'clients.csv'));
    for (let i = whole.length - 8; i < whole.length - 4; i++) whole[i] ^= 0x5a;
    expect(await thrown(run(extractor, `clients.csv.${suffix}`, whole, ctxWith()))).toMatchObject({ code: 'corrupt' });
  });

  it('stops a bomb of 1 GiB of zeros (64 streams of 16 MiB) after a few megabytes, as too-large', async () => {
    const bomb = Buffer.concat(Array(64).fill(await compress(ZEROS, 'zeros')));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const ctx = ctxWith();
    expect(await thrown(run(extractor, `zeros.${suffix}`, bomb, ctx))).toEqual({ code: 'too-large', message: bombStop });
    // Stopped at 200 times its own size or 64 MiB, give or take one chunk of output: never inflated whole.
    expect(charged(ctx)).toBeLessThan(Math.min(200 * bomb.length, 64 * 1024 * 1024) + 4 * 1024 * 1024);
  });

  it('with the ratio limit lifted, the same bomb stops at what the message may inflate', async () => {
    const bomb = Buffer.concat(Array(64).fill(await compress(ZEROS, 'zeros')));
    const ctx = ctxWith({ maxCompressionRatio: 1e9, maxInflatedBytes: 32 * 1024 * 1024 });
    expect(await thrown(run(extractor, `zeros.${suffix}`, bomb, ctx))).toEqual({ code: 'too-large', message: "the message's archives inflate past 33554432 bytes in all; the rest was not read" });
    expect(charged(ctx)).toBeLessThanOrEqual(32 * 1024 * 1024);
  });
});

describe('gzip names', () => {
  it('uses the name stored in the header (FNAME) when the file has no .gz suffix', async () => {
    const header = Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 0x03]);
    const body = gzipSync(CSV).subarray(10);
    const gz = Buffer.concat([header, Buffer.from('abonnes.csv\0'), body]);
    expect(await run(gzipExtractor, 'piece-jointe', gz, ctxWith())).toEqual([inner('piece-jointe!abonnes.csv', CSV)]);
  });
});
