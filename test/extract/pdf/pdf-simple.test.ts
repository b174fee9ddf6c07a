import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExtractOutput } from '../../../src/extract/extractor.js';
import { ParserThread } from '../../../src/extract/isolate/parser-thread.js';
import { pdfExtractor } from '../../../src/extract/pdf/pdf.js';
import { readPdf, readWithPdfjs } from '../../../src/extract/pdf/pdf-read.js';
import { readSimplePdf } from '../../../src/extract/pdf/pdf-simple.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { encryptedPdf, imageOnlyPdf, toPdfTable, toPdfText } from '../../../fixtures/generator/pdf.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { pdfjsOnlyPdf } from '../../helpers/hostile-parts.js';
import { flate, onePagePdf } from '../../helpers/pdf-objects.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const CUSTOMERS = customerTable(makePeople(20221203, 40));
/** Debian's fonts-dejavu-core (installed by .ci/run): TrueType files to embed, as office suites do. */
const DEJAVU = { regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' };
const hasDejavu = existsSync(DEJAVU.regular) && existsSync(DEJAVU.bold);

const noRows = () => undefined;
const fast = (pdf: Buffer) => readSimplePdf(pdf, ctxWith(), noRows);
const viaReader = async (pdf: Buffer): Promise<ExtractOutput[]> => collect(readPdf(pdf, 'doc.pdf', ctxWith(), noRows));
const viaPdfjs = async (pdf: Buffer): Promise<ExtractOutput[]> => collect(readWithPdfjs(pdf, 'doc.pdf', ctxWith()));

/** A one-page PDF with Helvetica as /F1 drawing `content`. */
const page = (content: string) => onePagePdf(flate('', Buffer.from(content, 'latin1')));

describe('the fast PDF reader gives what pdf.js gives', () => {
  it.each([
    ['a 40-person table written row by row', () => toPdfTable(CUSTOMERS)],
    ['a 40-person table written column by column', () => toPdfTable(CUSTOMERS, { order: 'columns' })],
    ['a table over 4 pages with a title and a 45° stamp', () => toPdfTable(CUSTOMERS, { rowsPerPage: 12, title: 'Abonnés 2022', watermark: 'CONFIDENTIEL' })],
    ['wrapped paragraphs', () => toPdfText(['Madame, Monsieur, votre facture d’eau du 2e trimestre est disponible.', 'Contactez le service clients au 04 94 00 00 00.'])],
    ['TJ arrays: kerning before and inside a word, wide gaps between cells', () => page('BT /F1 10 Tf 72 700 Td [-40 (NO) 20 (M) -3000 (PR) 15 (ENOM)] TJ 0 -14 Td [(DUPONT) -3000 (Jeanne)] TJ ET')],
    ['escapes, octal codes, Tc/Tw/Tz/Ts, TL and T*, the \' and " operators', () => page('BT /F1 9 Tf 14 TL 0.5 Tc 2 Tw 90 Tz 72 700 Td (Ligne \\(1\\) \\351t\\351) Tj T* 3 Ts (deux) \' 1 0 (trois mots ici) " ET')],
    ['a form XObject placed by its matrix', () => onePagePdf(flate('', Buffer.from('q 1 0 0 1 100 50 cm /X Do Q')), [flate('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 10 10] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>', Buffer.from('BT /F1 12 Tf 72 600 Td (Dans le formulaire) Tj ET'))], '/X 5 0 R')],
  ])('%s: the same units, read without pdf.js', async (_name, build) => {
    const pdf = await build();
    expect(fast(pdf)).not.toBeNull();
    const units = await viaReader(pdf);
    expect(units.length).toBeGreaterThan(0);
    expect(units).toEqual(await viaPdfjs(pdf));
  });

  it('reads the table rows cell for cell, header apart', async () => {
    const units = await viaReader(await toPdfTable(CUSTOMERS));
    expect(units).toContainEqual({ kind: 'unit', unit: { kind: 'table', where: 'doc.pdf#table1', header: CUSTOMERS.header, rows: CUSTOMERS.rows, totalRows: 40 } });
  });

  it.runIf(hasDejavu)('embedded TrueType fonts (Type0, Identity-H, ToUnicode, /W widths): the same table', async () => {
    const pdf = await toPdfTable(CUSTOMERS, { fonts: DEJAVU });
    expect(pdf.includes('/Identity-H')).toBe(true);
    expect(fast(pdf)).not.toBeNull();
    const units = await viaReader(pdf);
    expect(units).toContainEqual({ kind: 'unit', unit: { kind: 'table', where: 'doc.pdf#table1', header: CUSTOMERS.header, rows: CUSTOMERS.rows, totalRows: 40 } });
    expect(units).toEqual(await viaPdfjs(pdf));
  });
  if (!hasDejavu) it('embedded TrueType fonts: not run here (no DejaVu fonts; .ci/run installs fonts-dejavu-core)', () => undefined);

  it('maps codes through /Differences and a ToUnicode CMap, as pdf.js does', async () => {
    const cmap = Buffer.from('/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <00C9> endbfchar 1 beginbfrange <61> <63> <0078> endbfrange endcmap end end');
    const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [66 /eacute /ccedilla] >> /ToUnicode 6 0 R >>';
    const pdf = onePagePdf(flate('', Buffer.from('BT /F2 12 Tf 72 700 Td (ABCabc) Tj ET')), [font, flate('', cmap)], '');
    const withFont = Buffer.from(pdf.toString('latin1').replace('/Font << /F1', '/Font << /F2 5 0 R /F1'), 'latin1');
    // The xref offsets no longer match: both readers rebuild them.
    const units = await viaReader(withFont);
    expect(units).toEqual([{ kind: 'unit', unit: { kind: 'text', where: 'doc.pdf', text: 'Ééçxyz' } }]);
    expect(units).toEqual(await viaPdfjs(withFont));
  });
});

describe('what the fast reader leaves to pdf.js', () => {
  it.each([
    ['a password-protected PDF', () => encryptedPdf()],
    ['a scanned page (no text)', () => imageOnlyPdf()],
    ['a filter other than FlateDecode', () => pdfjsOnlyPdf()],
    ['a Type 3 font', () => Buffer.from(page('BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET').toString('latin1').replace('/Subtype /Type1 /BaseFont /Helvetica', '/Subtype /Type3 /BaseFont /Helvetica'), 'latin1')],
    ['a font named without widths that is no core font', () => Buffer.from(page('BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET').toString('latin1').replace('/BaseFont /Helvetica', '/BaseFont /Garamond'), 'latin1')],
    ['a form that draws itself', () => onePagePdf(flate('', Buffer.from('/S Do')), [flate('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /S 5 0 R >> >>', Buffer.from('/S Do'))], '/S 5 0 R')],
    ['letter-spaced text (pdf.js splits it glyph by glyph)', () => page('BT /F1 9 Tf 2 Tc 72 700 Td (CONFIDENTIEL) Tj ET')],
    ['stretched word spacing', () => page('BT /F1 9 Tf 6 Tw 72 700 Td (Jean DUPONT) Tj ET')],
    ['arrays nested 10,000 deep in the content', () => page(`${'['.repeat(10_000)}${']'.repeat(10_000)} BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET`)],
  ])('%s', async (_name, build) => {
    expect(fast(await build())).toBeNull();
  });

  it('a cut file: pdf.js reads it and the report says it is cut', async () => {
    const pdf = await toPdfTable(CUSTOMERS);
    const cut = pdf.subarray(0, pdf.length - 200);
    await expect(viaReader(cut)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('charges the message what the fast reader spent, and nothing when it leaves the file to pdf.js', () => {
    const ctx = ctxWith();
    const content = 'BT /F1 12 Tf 72 700 Td (Bonjour) Tj 0 -14 Td (DUPONT) Tj ET';
    expect(readSimplePdf(page(content), ctx, (budget, runs) => budget.chargeCells(runs))).not.toBeNull();
    expect(ctx.budget.state()).toMatchObject({ inflated: content.length, cells: 2 });
    const declined = ctxWith();
    expect(readSimplePdf(pdfjsOnlyPdf(), declined, (budget, runs) => budget.chargeCells(runs))).toBeNull();
    expect(declined.budget.state()).toMatchObject({ inflated: 0, cells: 0 });
  });

  it('stops at the message\'s cell limit as pdf.js\'s reading does (too-large)', async () => {
    const content = Array.from({ length: 3000 }, (_, i) => `BT /F1 8 Tf 40 ${700 - (i % 80) * 8} Td (C${i}) Tj ET`).join('\n');
    await expect(collect(readPdf(page(content), 'doc.pdf', ctxWith({ maxCellsPerMessage: 2000 }), noRows))).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('where a PDF is read', () => {
  it('a small PDF the fast reader takes is read in the scanning thread: no parser thread started', async () => {
    const started = ParserThread.started;
    const out = await collect(pdfExtractor.extract(filePart('c.pdf', await toPdfTable(CUSTOMERS)), ctxWith()));
    expect(out).toContainEqual({ kind: 'unit', unit: { kind: 'table', where: 'c.pdf#table1', header: CUSTOMERS.header, rows: CUSTOMERS.rows, totalRows: 40 } });
    expect(ParserThread.started).toBe(started);
  });

  it('one whose streams inflate past 8 MiB goes to a parser thread, and is read whole there', async () => {
    const started = ParserThread.started;
    const big = page(`BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET\n${' '.repeat(9 * 1024 * 1024)}`);
    const out = await collect(pdfExtractor.extract(filePart('lourd.pdf', big), ctxWith()));
    expect(out).toEqual([{ kind: 'unit', unit: { kind: 'text', where: 'lourd.pdf', text: 'DUPONT' } }]);
    expect(ParserThread.started).toBeGreaterThan(started);
  }, 60_000);
});
