import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import type { Limits } from '../../../src/model/limits.js';
import { truncate } from '../../../fixtures/generator/bad.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { encryptedPdf, imageOnlyPdf, toPdfTable, toPdfText } from '../../../fixtures/generator/pdf.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { plainIssues } from '../../helpers/issues.js';

const W = 'clients.pdf';
const CUSTOMERS = customerTable(makePeople(20220805, 12));
const BIG = customerTable(makePeople(4242, 200));

async function walk(content: Buffer, limits: Partial<Limits> = {}) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = (await collect(extractPart(filePart(W, content), ctxWith(limits), log))).map((u) => u.unit);
  return { units, parts: log.parts, issues: plainIssues(log.issues) };
}

const textUnit = (text: string) => ({ kind: 'text', where: W, text });

describe('PDF tables', () => {
  it.each(['rows', 'columns'] as const)('reads a 12-person table written by %s back cell for cell, header apart', async (order) => {
    const { units, issues } = await walk(await toPdfTable(CUSTOMERS, { order }));
    expect(units).toEqual([
      textUnit('Page 1 / 1'),
      { kind: 'table', where: `${W}#table1`, header: CUSTOMERS.header, rows: CUSTOMERS.rows, totalRows: 12 },
    ]);
    expect(issues).toEqual([]);
  });

  it('keeps cells with spaces whole: columns come from positions, not from splitting words', async () => {
    const [, table] = (await walk(await toPdfTable(CUSTOMERS, { order: 'columns' }))).units;
    const addresses = table.kind === 'table' ? table.rows.map((r) => r[2]) : [];
    expect(addresses.every((a) => / /.test(a))).toBe(true);
    expect(addresses).toEqual(CUSTOMERS.rows.map((r) => r[2]));
  });

  it.each(['rows', 'columns'] as const)('reads a 200-row table over 5 pages (by %s) as one table, the header once', async (order) => {
    const { units } = await walk(await toPdfTable(BIG, { order, rowsPerPage: 40, title: 'Abonnés secteur Var' }));
    expect(units).toEqual([
      textUnit(['Abonnés secteur Var', ...[1, 2, 3, 4, 5].map((p) => `Page ${p} / 5`)].join('\n')),
      { kind: 'table', where: `${W}#table1`, header: BIG.header, rows: BIG.rows, totalRows: 200 },
    ]);
  });

  it('reads a diagonal stamp as text, apart from the table it crosses', async () => {
    const { units } = await walk(await toPdfTable(BIG, { order: 'columns', rowsPerPage: 40, watermark: 'CONFIDENTIEL' }));
    expect(units).toEqual([
      textUnit([1, 2, 3, 4, 5].map((p) => `Page ${p} / 5\nCONFIDENTIEL`).join('\n')),
      { kind: 'table', where: `${W}#table1`, header: BIG.header, rows: BIG.rows, totalRows: 200 },
    ]);
  });

  it('keeps the rows allowed by maxRowsPerTable and counts the others', async () => {
    const [, table] = (await walk(await toPdfTable(CUSTOMERS), { maxRowsPerTable: 5 })).units;
    expect(table).toMatchObject({ kind: 'table', rows: CUSTOMERS.rows.slice(0, 5), totalRows: 12 });
  });

  it('reads a text document as one text unit, line by line, with no table', async () => {
    const paragraphs = ['Madame, Monsieur,', 'Les restrictions d\'eau sont prolongées jusqu\'au 30 septembre.', 'Le service clients'];
    expect((await walk(await toPdfText(paragraphs))).units).toEqual([textUnit(paragraphs.join('\n'))]);
  });
});

describe('PDFs that cannot be read', () => {
  it.each([
    ['a user-password PDF is encrypted', () => encryptedPdf(), 'encrypted', 'password-protected PDF'],
    ['a scanned image with no text layer is no-text', () => imageOnlyPdf(2), 'no-text', 'no text layer (scanned image?): not read'],
    ['a PDF cut in half is truncated', async () => truncate(await toPdfTable(CUSTOMERS), 0.5), 'truncated', 'the PDF is cut off (no end-of-file marker)'],
    ['a PDF header over junk is corrupt', async () => Buffer.from('%PDF-1.4\n1 0 obj\ngarbage\n%%EOF\n'), 'corrupt', 'unreadable PDF: Invalid PDF structure.'],
  ])('%s', async (_name, make, code, detail) => {
    const content = await make();
    expect(await walk(content)).toEqual({
      units: [],
      parts: [{ where: W, type: 'pdf', bytes: content.length, status: 'issue' }],
      issues: [{ code, where: W, detail }],
    });
  });
});

describe('PDF fixtures', () => {
  it('are the same bytes from one run to the next (fixed dates, file ID derived from them)', async () => {
    expect((await toPdfTable(CUSTOMERS, { order: 'columns' })).equals(await toPdfTable(CUSTOMERS, { order: 'columns' }))).toBe(true);
    expect((await imageOnlyPdf()).equals(await imageOnlyPdf())).toBe(true);
  });
});

describe('pdf.js instance', () => {
  it('is the copy pdf-parse depends on, not a second one', () => {
    const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse')).resolve('pdfjs-dist/legacy/build/pdf.mjs');
    const fromExtractor = createRequire(new URL('../../../src/extract/pdf/pdf.ts', import.meta.url)).resolve('pdfjs-dist/legacy/build/pdf.mjs');
    expect(fromExtractor).toBe(fromPdfParse);
  });
});
