import { describe, expect, it } from 'vitest';
import { zipExtractor } from '../../../src/extract/archives/zip.js';
import { PartIssueError } from '../../../src/model/issues.js';
import type { Limits } from '../../../src/model/limits.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';

const CSV = Buffer.from('Nom;Ville\nDUPONT;Toulon\n');
const TXT = Buffer.from('bonjour');
const extract = (zip: Buffer, limits: Partial<Limits> = {}) => collect(zipExtractor.extract(filePart('a.zip', zip), ctxWith(limits)));
const inner = (name: string, content: Buffer) => ({ kind: 'part', part: { where: `a.zip!${name}`, filename: name, declaredType: null, content, depth: 1 } });
const issue = (code: string, where: string, detail: string) => ({ kind: 'issue', code, where, detail: expect.objectContaining({ text: detail }) });

describe('zipExtractor', () => {
  it.each([
    ['deflated and stored entries', makeZip([{ name: 'x.csv', data: CSV }, { name: 'y.txt', data: TXT, method: 'store' }]), [inner('x.csv', CSV), inner('y.txt', TXT)]],
    ['folder entries skipped, paths kept', makeZip([{ name: 'dir/', data: Buffer.alloc(0), method: 'store' }, { name: 'dir/x.csv', data: CSV }]), [inner('dir/x.csv', CSV)]],
    ['a hostile name is only a name', makeZip([{ name: '../../x.csv', data: CSV }]), [inner('../../x.csv', CSV)]],
    ['a UTF-8 name (flag bit 11)', makeZip([{ name: 'abonnés.csv', data: CSV, flags: 0x800 }]), [inner('abonnés.csv', CSV)]],
  ])('yields each entry as an inner part: %s', async (_name, zip, expected) => {
    expect(await extract(zip)).toEqual(expected);
  });

  it('reports an encrypted entry (flag bit 0) and still yields the other entry', async () => {
    const zip = makeZip([{ name: 'salaires.csv', data: CSV, flags: 0x1 }, { name: 'x.csv', data: CSV }]);
    expect(await extract(zip)).toEqual([issue('encrypted', 'a.zip!salaires.csv', 'password-protected entry'), inner('x.csv', CSV)]);
  });

  it('stops at maxArchiveEntries with a too-large issue on the archive', async () => {
    const zip = makeZip(['1.txt', '2.txt', '3.txt'].map((name) => ({ name, data: TXT })));
    expect(await extract(zip, { maxArchiveEntries: 2 })).toEqual([
      inner('1.txt', TXT),
      inner('2.txt', TXT),
      issue('too-large', 'a.zip', 'more than 2 archive entries and embedded files in the message; the rest were not read'),
    ]);
  });

  it('refuses a 2 MB entry of zeros over maxCompressionRatio (zip bomb) and reads the next entry', async () => {
    const zip = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(2 * 1024 * 1024) }, { name: 'x.csv', data: CSV }]);
    expect(await extract(zip)).toEqual([issue('too-large', 'a.zip!zeros.bin', 'compression ratio 1024:1 looks like a zip bomb'), inner('x.csv', CSV)]);
  });

  it('lets the same entry through when the ratio limit is above its ratio', async () => {
    const zeros = Buffer.alloc(2 * 1024 * 1024);
    const out = await extract(makeZip([{ name: 'zeros.bin', data: zeros }]), { maxCompressionRatio: 2000 });
    // Buffer.equals, not toEqual: a deep compare of 2 MB byte by byte takes seconds.
    expect(out.map((o) => (o.kind === 'part' ? [o.part.where, o.part.content.equals(zeros)] : o))).toEqual([['a.zip!zeros.bin', true]]);
  });

  it('throws PartIssueError on a truncated archive (first 60 %)', async () => {
    const zip = makeZip([{ name: 'x.csv', data: CSV }, { name: 'y.csv', data: CSV }]);
    const err = await extract(zip.subarray(0, Math.floor(zip.length * 0.6))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code: 'truncated', message: 'the archive is cut off (no central directory)' });
  });

  it('reports an entry over maxPartBytes on that entry and still reads the next entries', async () => {
    const zip = makeZip([{ name: 'big.csv', data: Buffer.alloc(5000, 0x41) }, { name: 'x.csv', data: CSV }]);
    expect(await extract(zip, { maxPartBytes: 1000 })).toEqual([issue('too-large', 'a.zip!big.csv', 'entry inflates past the 1000-byte limit'), inner('x.csv', CSV)]);
  });

  it('stops with a too-large issue on the archive once it inflates past maxInflatedBytes', async () => {
    const a = Buffer.alloc(3000, 0x41);
    const zip = makeZip([{ name: 'a.csv', data: a }, { name: 'b.csv', data: a }, { name: 'c.csv', data: CSV }]);
    expect(await extract(zip, { maxInflatedBytes: 4000 })).toEqual([inner('a.csv', a), issue('too-large', 'a.zip', "the message's archives inflate past 4000 bytes in all; the rest was not read")]);
  });

  it('charges entries and inflated bytes to the message, not to each archive: a second archive of the same message gets what the first left', async () => {
    const a = Buffer.alloc(3000, 0x41);
    const ctx = ctxWith({ maxInflatedBytes: 8000, maxArchiveEntries: 3 });
    const first = await collect(zipExtractor.extract(filePart('a.zip', makeZip([{ name: 'a.csv', data: a }, { name: 'b.csv', data: a }])), ctx));
    expect(first).toEqual([inner('a.csv', a), inner('b.csv', a)]);
    const second = await collect(zipExtractor.extract(filePart('b.zip', makeZip([{ name: 'c.csv', data: a }, { name: 'd.csv', data: CSV }])), ctx));
    expect(second).toEqual([issue('too-large', 'b.zip', "the message's archives inflate past 8000 bytes in all; the rest was not read")]);
    const third = await collect(zipExtractor.extract(filePart('c.zip', makeZip([{ name: 'e.csv', data: CSV }])), ctx));
    expect(third).toEqual([issue('too-large', 'c.zip', 'more than 3 archive entries and embedded files in the message; the rest were not read')]);
  });
});
