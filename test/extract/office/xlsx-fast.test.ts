import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ExtractContext } from '../../../src/extract/extractor.js';
import { ParserThread } from '../../../src/extract/isolate/parser-thread.js';
import { xlsxExtractor } from '../../../src/extract/office/xlsx.js';
import { readWorkbook, readWithExceljs } from '../../../src/extract/office/xlsx-read.js';
import { readWorkbookFast, UnsupportedWorkbook } from '../../../src/extract/office/xlsx-fast.js';
import { toXlsx } from '../../../fixtures/generator/files.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { textCell, xlsxWithSheetData } from '../../helpers/sheet-xml.js';
import { xmlEntry } from '../../../fixtures/generator/office-parts.js';

type Read = (content: Buffer, where: string, ctx: ExtractContext, ahead: (rows: string[][]) => void) => AsyncIterable<unknown>;

/** Every unit a reader gives, the rows it sent ahead joined back onto their table (as parse-isolated.ts joins them). */
async function units(read: Read, content: Buffer, ctx = ctxWith()): Promise<unknown[]> {
  const out: unknown[] = [];
  let ahead: string[][] = [];
  for await (const o of read(content, 'w.xlsx', ctx, (rows) => ahead.push(...rows))) {
    const unit = (o as { kind?: string }).kind === 'unit' ? (o as { unit: { rows: string[][] } }).unit : (o as { rows: string[][] });
    unit.rows = [...ahead, ...unit.rows];
    ahead = [];
    out.push(unit);
  }
  return out;
}

const fast: Read = (content, where, ctx, ahead) => readWorkbookFast(content, where, ctx, ahead);

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const CUSTOMERS = customerTable(makePeople(20221203, 6_000));

describe('the fast XLSX reader gives what exceljs gives', () => {
  it.each([
    ['6,000 customers (rows sent ahead in batches of 5,000)', () => toXlsx(CUSTOMERS, { sheetName: 'Abonnés' })],
    [
      'strings, rich text, numbers, booleans, errors, formulas, dates and a time, two sheets',
      () =>
        workbook((wb) => {
          const ws = wb.addWorksheet('Clients & "VIP"');
          ws.addRow(['Nom', 'Riche', 'Montant', 'Actif', 'Erreur', 'Total', 'Texte calculé', 'Né le', 'Heure', 'Code']);
          ws.addRow(['DUPONT', { richText: [{ text: 'Jean ' }, { font: { bold: true }, text: 'DUPONT' }] }, 3.5, true, { error: '#N/A' }, { formula: '1+1', result: 2 }, { formula: 'A2&"x"', result: 'DUPONTx' }, new Date(Date.UTC(1980, 1, 29)), 0.5, '06 12 34 56 78']);
          ws.getCell('H2').numFmt = 'dd/mm/yyyy';
          ws.getCell('I2').numFmt = 'hh:mm';
          ws.addRow([]);
          ws.addRow(['  espaces  ', '<balise> & "guillemets"', 1e-7, false, null, null, null, 44000, 1234567.891]);
          ws.getCell('H4').numFmt = '[$-40C]d mmmm yyyy;@';
          const other = wb.addWorksheet('Tarifs');
          other.getCell('C3').value = 'loin';
          other.getCell('A1').value = 'Prestation';
        }),
    ],
  ])('%s', async (_name, build) => {
    const content = await build();
    const mine = await units(fast, content);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(await units(readWithExceljs, content));
  });

  it('reads the dates as the French write them, a 1904 workbook too', async () => {
    const content = await workbook((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Feuil1');
      ws.addRow([new Date(Date.UTC(2022, 7, 5))]);
      ws.getCell('A1').numFmt = 'dd/mm/yyyy';
    });
    const mine = await units(fast, content);
    expect(mine).toEqual([{ kind: 'table', where: 'w.xlsx#Feuil1', header: null, rows: [['05/08/2022']], totalRows: 1 }]);
    expect(mine).toEqual(await units(readWithExceljs, content));
  });

  it('charges the cells and the inflated bytes to the message, and stops at its cell limit (too-large)', async () => {
    const content = await toXlsx(customerTable(makePeople(7, 50)), { sheetName: 'Feuil1' });
    const ctx = ctxWith();
    await units(fast, content, ctx);
    expect(ctx.budget.state().cells).toBe(51 * CUSTOMERS.header.length);
    expect(ctx.budget.state().inflated).toBeGreaterThan(5_000);
    await expect(units(fast, content, ctxWith({ maxCellsPerMessage: 100 }))).rejects.toMatchObject({ code: 'too-large' });
  });
});

/** Styles whose second cell format (s="1") is a date. */
const dateStyles = xmlEntry('xl/styles.xml', '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>');

describe('what the fast XLSX reader leaves to exceljs, before it sends anything', () => {
  it.each([
    ['a cell without its reference', xlsxWithSheetData(`<row r="1"><c t="inlineStr"><is><t>DUPONT</t></is></c></row>`)],
    ['rich text inside a cell', xlsxWithSheetData(`<row r="1"><c r="A1" t="inlineStr"><is><r><t>DUP</t></r><r><t>ONT</t></r></is></c></row>`)],
    ['prefixed element names', xlsxWithSheetData(`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>DUPONT</x:t></x:is></x:c></x:row>`)],
    ['a million cell tags that never close (one pass, not one per tag)', xlsxWithSheetData(`<row r="1">${'<c '.repeat(1_000_000)}</row>`)],
    ['a cell in a row that carries a date style', xlsxWithSheetData(`<row r="1" s="1" customFormat="1">${textCell('A1', 'DUPONT')}<c r="B1"><v>44000</v></c></row>`, [dateStyles])],
  ])('%s', async (_name, content) => {
    await expect(units(fast, content)).rejects.toBeInstanceOf(UnsupportedWorkbook);
    // readWorkbook then reads it through exceljs, whatever exceljs makes of it (it fails on a cell without its reference).
    const outcome = (p: Promise<unknown[]>) => p.then((ok) => ({ ok }), (err: Error) => ({ err: err.message }));
    expect(await outcome(units(readWorkbook as Read, content))).toEqual(await outcome(units(readWithExceljs, content)));
  });
});

describe('where a workbook is read', () => {
  it('a small workbook the fast reader takes is read in the scanning thread: no parser thread started', async () => {
    const started = ParserThread.started;
    const out = await collect(xlsxExtractor.extract(filePart('c.xlsx', await toXlsx(customerTable(makePeople(5, 30)), { sheetName: 'Clients' })), ctxWith()));
    expect(out).toMatchObject([{ kind: 'unit', unit: { where: 'c.xlsx#Clients', totalRows: 31 } }]);
    expect(ParserThread.started).toBe(started);
  });

  it('one whose XML inflates past 8 MiB goes to a parser thread, and is read whole there', async () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => `<row r="${i + 1}">${textCell(`A${i + 1}`, `DUPONT${i}`)}</row>`).join('');
    const started = ParserThread.started;
    const out = await collect(xlsxExtractor.extract(filePart('gros.xlsx', xlsxWithSheetData(rows)), ctxWith()));
    expect(out).toMatchObject([{ kind: 'unit', unit: { where: 'gros.xlsx#Feuil1', totalRows: 150_000 } }]);
    expect(ParserThread.started).toBeGreaterThan(started);
  }, 60_000);
});
