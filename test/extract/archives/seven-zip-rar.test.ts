import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rarExtractor } from '../../../src/extract/archives/rar.js';
import { sevenZipExtractor } from '../../../src/extract/archives/seven-zip.js';
import { tarExtractor } from '../../../src/extract/archives/tar.js';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import { sniffType } from '../../../src/extract/sniff.js';
import { makeRar4, makeRar5 } from '../../../fixtures/generator/rar-writer.js';
import { sevenZipArchive } from '../../../fixtures/generator/seven-zip-writer.js';
import { makeTar } from '../../../fixtures/generator/tar-writer.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { CSV, inner, issue, run, thrown, TXT } from './archive-cases.js';

describe('7z (7z-wasm)', () => {
  it('gives each entry as an inner part, folders skipped', async () => {
    const archive = await sevenZipArchive('7z', [{ name: 'clients.csv', data: CSV }, { name: 'dir/notes.txt', data: TXT }]);
    expect(sniffType({ content: archive, declaredType: null })).toBe('7z');
    expect(await run(sevenZipExtractor, 'clients.7z', archive, ctxWith())).toEqual([inner('clients.7z!clients.csv', CSV), inner('clients.7z!dir/notes.txt', TXT)]);
  });

  it('reports encrypted entries and encrypted names', async () => {
    const entries = await sevenZipArchive('7z', [{ name: 'salaires.csv', data: CSV }], ['-pSECRET']);
    expect(await run(sevenZipExtractor, 'a.7z', entries, ctxWith())).toEqual([issue('encrypted', 'a.7z!salaires.csv', 'password-protected entry')]);
    const names = await sevenZipArchive('7z', [{ name: 'salaires.csv', data: CSV }], ['-pSECRET', '-mhe=on']);
    expect(await thrown(run(sevenZipExtractor, 'a.7z', names, ctxWith()))).toEqual({ code: 'encrypted', message: 'password-protected archive (names encrypted too)' });
  });

  it('reports a cut-off archive as truncated', async () => {
    const archive = await sevenZipArchive('7z', [{ name: 'clients.csv', data: Buffer.from(CSV.toString().repeat(500)) }]);
    expect(await thrown(run(sevenZipExtractor, 'a.7z', archive.subarray(0, archive.length - 20), ctxWith()))).toEqual({ code: 'truncated', message: 'the archive is cut off' });
  });

  it('refuses a bomb by its declared sizes before inflating it (16 MiB of zeros)', async () => {
    const archive = await sevenZipArchive('7z', [{ name: 'zeros.bin', data: Buffer.alloc(16 * 1024 * 1024) }]);
    const ctx = ctxWith();
    const out = await run(sevenZipExtractor, 'a.7z', archive, ctx);
    expect(out).toEqual([issue('too-large', 'a.7z', `compression ratio ${Math.round((16 * 1024 * 1024) / archive.length)}:1 looks like a bomb`)]);
    expect(ctx.budget.inflatedLeft()).toBe(ctx.limits.maxInflatedBytes);
  });

  it('stops at maxArchiveEntries with a too-large issue on the archive', async () => {
    const archive = await sevenZipArchive('7z', ['1.txt', '2.txt', '3.txt'].map((name) => ({ name, data: TXT })));
    expect(await run(sevenZipExtractor, 'a.7z', archive, ctxWith({ maxArchiveEntries: 2 }))).toEqual([
      issue('too-large', 'a.7z', 'more than 2 archive entries and embedded files in the message; the rest were not read'),
      inner('a.7z!1.txt', TXT),
      inner('a.7z!2.txt', TXT),
    ]);
  });

  it('opens a tar.gz inside a 7z in turn (nested parts, each charged one level deeper)', async () => {
    const tgz = gzipSync(makeTar([{ name: 'clients.csv', data: CSV }]));
    const archive = await sevenZipArchive('7z', [{ name: 'export.tar.gz', data: tgz }]);
    const log: ExtractLog = { parts: [], issues: [] };
    await collect(extractPart(filePart('a.7z', archive), ctxWith(), log));
    expect(log.issues).toEqual([]);
    expect(log.parts.map((p) => [p.where, p.type, p.status])).toEqual([
      ['a.7z', '7z', 'scanned'],
      ['a.7z!export.tar.gz', 'gzip', 'scanned'],
      ['a.7z!export.tar.gz!clients.csv', 'csv', 'scanned'],
    ]);
  });
});

describe('RAR (node-unrar-js), on stored archives written byte by byte', () => {
  it.each([
    ['RAR 5', makeRar5],
    ['RAR 4', makeRar4],
  ])('%s: gives each entry as an inner part, a ../ name kept as a name', async (_v, make) => {
    const archive = make([{ name: 'clients.csv', data: CSV }, { name: '../x.txt', data: TXT }]);
    expect(sniffType({ content: archive, declaredType: null })).toBe('rar');
    expect(await run(rarExtractor, 'a.rar', archive, ctxWith())).toEqual([inner('a.rar!clients.csv', CSV), inner('a.rar!../x.txt', TXT)]);
  });

  it('reports an encrypted entry and still reads the other', async () => {
    const archive = makeRar5([{ name: 'salaires.csv', data: CSV, encrypted: true }, { name: 'clients.csv', data: CSV }]);
    expect(await run(rarExtractor, 'a.rar', archive, ctxWith())).toEqual([issue('encrypted', 'a.rar!salaires.csv', 'password-protected entry'), inner('a.rar!clients.csv', CSV)]);
  });

  it('reports a cut-off archive as truncated and damaged data as corrupt', async () => {
    const archive = makeRar5([{ name: 'clients.csv', data: CSV }]);
    expect(await thrown(run(rarExtractor, 'a.rar', archive.subarray(0, 60), ctxWith()))).toEqual({ code: 'truncated', message: 'the archive is cut off' });
    const damaged = Buffer.from(archive);
    damaged[damaged.length - 20] ^= 0xff;
    expect(await thrown(run(rarExtractor, 'a.rar', damaged, ctxWith()))).toMatchObject({ code: 'corrupt' });
  });

  it('refuses an entry past maxPartBytes and stops at maxArchiveEntries', async () => {
    const archive = makeRar5([{ name: 'big.csv', data: Buffer.alloc(5000, 0x41) }, { name: '1.txt', data: TXT }, { name: '2.txt', data: TXT }]);
    expect(await run(rarExtractor, 'a.rar', archive, ctxWith({ maxPartBytes: 1000, maxArchiveEntries: 2 }))).toEqual([
      issue('too-large', 'a.rar!big.csv', 'entry inflates past the 1000-byte limit'),
      issue('too-large', 'a.rar', 'more than 2 archive entries and embedded files in the message; the rest were not read'),
      inner('a.rar!1.txt', TXT),
    ]);
  });
});

describe('tar', () => {
  it('reads ustar, GNU long names; reports GNU sparse members as unsupported', async () => {
    const long = `${'n'.repeat(130)}.csv`;
    const tar = makeTar([{ name: 'a.csv', data: CSV }, { name: long, data: TXT, longName: 'gnu' }, { name: 'sparse.bin', data: TXT, type: 'S' }]);
    expect(sniffType({ content: tar, declaredType: null })).toBe('tar');
    expect(await run(tarExtractor, 't.tar', tar, ctxWith())).toEqual([inner('t.tar!a.csv', CSV), inner(`t.tar!${long}`, TXT), issue('unsupported', 't.tar!sparse.bin', 'GNU sparse tar member')]);
  });

  it('reports a cut-off archive as truncated and a damaged header as corrupt', async () => {
    const tar = makeTar([{ name: 'a.csv', data: Buffer.alloc(2000, 0x41) }]);
    expect(await thrown(run(tarExtractor, 't.tar', tar.subarray(0, 1024), ctxWith()))).toEqual({ code: 'truncated', message: 'the tar archive is cut off in the middle of a member' });
    const damaged = Buffer.from(tar);
    damaged[10] ^= 0xff;
    expect(await thrown(run(tarExtractor, 't.tar', damaged, ctxWith()))).toEqual({ code: 'corrupt', message: 'damaged tar header at byte 0' });
  });
});
