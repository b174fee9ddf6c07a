import { describe, expect, it } from 'vitest';
import { zipExtractor } from '../../../src/extract/archives/zip.js';
import { docxExtractor } from '../../../src/extract/office/docx.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';
import { deflated, rawZip } from '../../hostile/cases/zip-bytes.js';

/**
 * The "overlapping entries" bomb: one local header and its deflate stream, and `count` central
 * directory entries (distinct names) that all point at it. Each entry is within every size and
 * ratio limit; together they inflate the one stream `count` times.
 */
function overlappingZip(count: number, data: Buffer, name = (i: number) => `f${i}.csv`): Buffer {
  const first = deflated(name(0), data);
  return rawZip(Array.from({ length: count }, (_, i) => (i === 0 ? first : { ...first, name: name(i), localOf: 0 })));
}

// 512 KiB of CSV, under the 1 MiB from which the ratio check applies: only the overlap gives it away.
const CSV = Buffer.from('Nom;Ville\nDUPONT;Toulon\n'.repeat(21_846));

describe('ZIP entries that overlap (the "better zip bomb")', () => {
  it('refuses 1,000 central entries sharing one local header before inflating any (too-large on the archive)', async () => {
    const zip = overlappingZip(1000, CSV);
    const ctx = ctxWith();
    await expect(collect(zipExtractor.extract(filePart('bomb.zip', zip), ctx))).rejects.toMatchObject({
      code: 'too-large',
      message: 'overlapping entries: 1000 of 1000 entries share their data (a zip bomb); not inflated',
    });
    expect(ctx.budget.state()).toMatchObject({ inflated: 0, entries: 0 });
  });

  it('refuses two entries whose data overlap without sharing a header', async () => {
    const zip = overlappingZip(2, CSV);
    // The second entry points 10 bytes into the first one's data.
    const directory = zip.readUInt32LE(zip.length - 6);
    const second = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), directory + 46);
    zip.writeUInt32LE(10, second + 42);
    await expect(collect(zipExtractor.extract(filePart('bomb.zip', zip), ctxWith()))).rejects.toMatchObject({ code: 'too-large', message: 'overlapping entries: 2 of 2 entries share their data (a zip bomb); not inflated' });
  });

  it('refuses a Word document built the same way (the Office package reader opens the same ZIP)', async () => {
    const docx = overlappingZip(300, Buffer.from('<w:document/>'), (i) => (i === 0 ? 'word/document.xml' : `word/header${i}.xml`));
    await expect(collect(docxExtractor.extract(filePart('lettre.docx', docx), ctxWith()))).rejects.toMatchObject({ code: 'too-large', message: 'overlapping entries: 300 of 300 entries share their data (a zip bomb); not inflated' });
  });

  it('reads an ordinary archive of many entries laid one after the other', async () => {
    const zip = makeZip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.csv`, data: CSV.subarray(0, 100 + i) })));
    const out = await collect(zipExtractor.extract(filePart('ok.zip', zip), ctxWith()));
    expect(out.map((o) => o.kind)).toEqual(new Array(50).fill('part'));
  });
});
