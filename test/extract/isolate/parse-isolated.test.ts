import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../../fixtures/generator/files.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { xlsxExtractor } from '../../../src/extract/office/xlsx.js';
import { pdfExtractor } from '../../../src/extract/pdf/pdf.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { cleanPdf, garbledWorkbook, nestedFormsPdf } from '../../helpers/hostile-parts.js';
import { flate, onePagePdf } from '../../helpers/pdf-objects.js';
import { ParserThread } from '../../../src/extract/isolate/parser-thread.js';
import { textCell, xlsxWithSheetData } from '../../helpers/sheet-xml.js';

const MiB = 1024 * 1024;
describe('PDF in a parser thread, within the budget', () => {
  it('refuses a content stream that inflates past maxPartBytes before pdf.js decodes it (too-large)', async () => {
    const pdf = onePagePdf(flate('', Buffer.alloc(64 * MiB, 0x20)));
    expect(pdf.length).toBeLessThan(200_000);
    await expect(collect(pdfExtractor.extract(filePart('bombe.pdf', pdf), ctxWith({ maxPartBytes: 16 * MiB })))).rejects.toMatchObject({ code: 'too-large', message: 'a PDF stream inflates past 16777216 bytes' });
  });

  it('charges every deflated stream to the message: four of 12 MiB drawn on a page pass a 32 MiB budget (too-large)', async () => {
    const block = (i: number) => flate('/Type /XObject /Subtype /Form /BBox [0 0 1 1]', Buffer.alloc(12 * MiB, 0x20 + i));
    const pdf = onePagePdf(flate('', Buffer.from('BT /F1 12 Tf (x) Tj ET /X0 Do /X1 Do /X2 Do /X3 Do')), [block(0), block(1), block(2), block(3)], '/X0 5 0 R /X1 6 0 R /X2 7 0 R /X3 8 0 R');
    const ctx = ctxWith({ maxInflatedBytes: 32 * MiB });
    await expect(collect(pdfExtractor.extract(filePart('bombe.pdf', pdf), ctx))).rejects.toMatchObject({
      code: 'too-large',
      message: "the message's archives and documents inflate past 33554432 bytes in all; the rest was not read",
    });
  });

  it('keeps its thread after a corrupt PDF (pdf.js leaves nothing behind): the next PDF starts no new thread', async () => {
    const ok = { kind: 'unit', unit: { kind: 'text', where: 'ok.pdf', text: 'Bonjour DUPONT' } };
    expect(await collect(pdfExtractor.extract(filePart('ok.pdf', cleanPdf()), ctxWith()))).toEqual([ok]);
    const started = ParserThread.started;
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x41), Buffer.from('\n%%EOF\n')]);
    await expect(collect(pdfExtractor.extract(filePart('bad.pdf', corrupt), ctxWith()))).rejects.toMatchObject({ code: 'corrupt' });
    expect(await collect(pdfExtractor.extract(filePart('ok.pdf', cleanPdf()), ctxWith()))).toEqual([ok]);
    expect(ParserThread.started).toBe(started);
  });

  it('charges a clean PDF: its streams to the inflated bytes, its text runs to the cells', async () => {
    const ctx = ctxWith();
    const out = await collect(pdfExtractor.extract(filePart('ok.pdf', cleanPdf()), ctx));
    expect(out).toEqual([{ kind: 'unit', unit: { kind: 'text', where: 'ok.pdf', text: 'Bonjour DUPONT' } }]);
    expect(ctx.budget.state()).toMatchObject({ inflated: 45, cells: 1 });
  });

  it('stops 200 levels of nested form XObjects at the part deadline (timeout), and the stopped parser no longer runs', async () => {
    await expect(collect(pdfExtractor.extract(filePart('formes.pdf', nestedFormsPdf(200)), ctxWith({ partTimeoutMs: 3000 })))).rejects.toMatchObject({
      code: 'timeout',
      message: 'PDF not read within 3 s: its parser was stopped',
    });
    // The next part gets a parser of its own and reads normally.
    const out = await collect(pdfExtractor.extract(filePart('ok.pdf', cleanPdf()), ctxWith()));
    expect(out).toEqual([{ kind: 'unit', unit: { kind: 'text', where: 'ok.pdf', text: 'Bonjour DUPONT' } }]);
    // Idle, the process spends little CPU: the stopped pdf.js is not running on in some thread.
    await sleep(1000);
    const before = process.cpuUsage();
    await sleep(2000);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  }, 120_000);

  it('reads a form that draws itself as pdf.js does (the cycle is cut): no text, an issue', async () => {
    const self = flate('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /S 5 0 R >> >>', Buffer.from('/S Do /S Do'));
    const pdf = onePagePdf(flate('', Buffer.from('/S Do')), [self], '/S 5 0 R');
    await expect(collect(pdfExtractor.extract(filePart('boucle.pdf', pdf), ctxWith()))).rejects.toMatchObject({ code: 'no-text' });
  }, 120_000);
});

describe('XLSX in a parser thread, within the budget', () => {
  const table = customerTable(makePeople(21, 2000));

  it('charges the parts exceljs inflates to the message: a sheet past the budget is too-large', async () => {
    const xlsx = await toXlsx(table, { sheetName: 'Clients' });
    await expect(collect(xlsxExtractor.extract(filePart('c.xlsx', xlsx), ctxWith({ maxInflatedBytes: 100_000 })))).rejects.toMatchObject({
      code: 'too-large',
      message: "the message's archives and documents inflate past 100000 bytes in all; the rest was not read",
    });
  });

  it('charges cells: the rows of a 2,000-person sheet, row by row, against maxCellsPerMessage', async () => {
    const xlsx = await toXlsx(table, { sheetName: 'Clients' });
    const ctx = ctxWith();
    const [first] = await collect(xlsxExtractor.extract(filePart('c.xlsx', xlsx), ctx));
    const cells = [table.header, ...table.rows].reduce((sum, row) => sum + row.length, 0);
    expect(first).toMatchObject({ kind: 'unit', unit: { where: 'c.xlsx#Clients', totalRows: 2001 } });
    expect(ctx.budget.state().cells).toBe(cells);
    await expect(collect(xlsxExtractor.extract(filePart('c.xlsx', xlsx), ctxWith({ maxCellsPerMessage: cells - 1 })))).rejects.toMatchObject({ code: 'too-large', message: `more than ${cells - 1} table cells in the message; the rest were not read` });
  });

  it('a row with an empty cell at XFD1 stays one cell wide; a value there makes it 16,384 cells, all charged', async () => {
    const ctx = ctxWith();
    const [empty] = await collect(xlsxExtractor.extract(filePart('w.xlsx', xlsxWithSheetData(`<row r="1">${textCell('A1', 'Nom')}<c r="XFD1"/></row>`)), ctx));
    expect(empty).toMatchObject({ kind: 'unit', unit: { rows: [['Nom']] } });
    expect(ctx.budget.state().cells).toBe(1);
    const [wide] = await collect(xlsxExtractor.extract(filePart('w.xlsx', xlsxWithSheetData(`<row r="1">${textCell('A1', 'Nom')}${textCell('XFD1', 'fin')}</row>`)), ctx));
    const row = (wide as { unit: { rows: string[][] } }).unit.rows[0];
    expect([row.length, row[0], row[16_383], row.filter((c) => c === '').length]).toEqual([16_384, 'Nom', 'fin', 16_382]);
    expect(ctx.budget.state().cells).toBe(1 + 16_384);
  });

  it('a workbook exceljs never settles on ends as timeout, and the next workbook is read whole', async () => {
    await expect(collect(xlsxExtractor.extract(filePart('abime.xlsx', garbledWorkbook()), ctxWith({ partTimeoutMs: 3000 })))).rejects.toMatchObject({
      code: 'timeout',
      message: 'workbook not read within 3 s: its parser was stopped',
    });
    const xlsx = await toXlsx(customerTable(makePeople(22, 30)), { sheetName: 'Clients' });
    const [next] = await collect(xlsxExtractor.extract(filePart('c.xlsx', xlsx), ctxWith()));
    expect(next).toMatchObject({ kind: 'unit', unit: { where: 'c.xlsx#Clients', totalRows: 31 } });
  }, 120_000);

  it('the same damage in a workbook the fast reader reads is corrupt at once', async () => {
    await expect(collect(xlsxExtractor.extract(filePart('abime.xlsx', garbledWorkbook({ plain: true })), ctxWith({ partTimeoutMs: 3000 })))).rejects.toMatchObject({ code: 'corrupt' });
  });
});
