import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { toXlsx } from '../../../fixtures/generator/files.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { excelEntryOrder, reorderZip } from '../../../fixtures/generator/zip-order.js';
import { parseInThisThread } from '../../../src/extract/isolate/parser-jobs.js';
import { messageContext } from '../../../src/extract/extractor.js';
import { xlsxExtractor } from '../../../src/extract/office/xlsx.js';
import { readWorkbook } from '../../../src/extract/office/xlsx-read.js';
import { orderWorkbookEntries } from '../../../src/extract/office/xlsx-entry-order.js';
import { entries, entryName, openZip } from '../../../src/extract/archives/zip-reader.js';
import { DEFAULT_LIMITS } from '../../../src/model/limits.js';
import type { TableUnit } from '../../../src/model/units.js';

async function names(zip: Buffer): Promise<string[]> {
  const out: string[] = [];
  for await (const e of entries(await openZip(zip))) out.push(entryName(e));
  return out;
}

/** Tables of a workbook, read here (`inThisThread`, so that a spy sees exceljs's calls) or in a parser thread. */
async function tables(content: Buffer, inThisThread = false): Promise<TableUnit[]> {
  const out: TableUnit[] = [];
  const read = inThisThread ? (p: { content: Buffer; where: string }, ctx: ReturnType<typeof messageContext>) => parseInThisThread(readWorkbook, p.content, p.where, ctx) : xlsxExtractor.extract;
  for await (const o of read({ where: 'c.xlsx', filename: 'c.xlsx', declaredType: null, content, depth: 0 }, messageContext(DEFAULT_LIMITS))) {
    if (o.kind === 'unit' && o.unit.kind === 'table') out.push(o.unit);
  }
  return out;
}

describe('workbooks in Excel entry order (shared strings and workbook after the sheets)', () => {
  const table = customerTable(makePeople(11, 30));

  it('the test workbook really is in that order', async () => {
    const excel = reorderZip(await toXlsx(table, { sheetName: 'Clients' }), excelEntryOrder);
    expect((await names(excel)).slice(-3)).toEqual(['xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml']);
  });

  it('reads the same rows and sheet name as in exceljs order, without writing anything to disk', async () => {
    const original = await toXlsx(table, { sheetName: 'Clients' });
    const excel = reorderZip(original, excelEntryOrder);
    const writes = vi.spyOn(fs, 'createWriteStream');
    try {
      const [fromExcelOrder] = await tables(excel, true);
      const [fromOriginal] = await tables(original);
      expect(writes).not.toHaveBeenCalled();
      expect(fromExcelOrder.where).toBe('c.xlsx#Clients');
      expect(fromExcelOrder.rows).toEqual([table.header, ...table.rows]);
      expect(fromExcelOrder.rows).toEqual(fromOriginal.rows);
    } finally {
      writes.mockRestore();
    }
  });

  it('orderWorkbookEntries puts relations, workbook, shared strings and styles first', async () => {
    const excel = reorderZip(await toXlsx(table, { sheetName: 'Clients' }), excelEntryOrder);
    const ordered = await orderWorkbookEntries(excel);
    // The central directory is the original one (only a streaming reader reads this buffer):
    // list the local headers instead.
    const locals: string[] = [];
    for (let at = ordered.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])); at !== -1; at = ordered.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at + 4)) {
      locals.push(ordered.subarray(at + 30, at + 30 + ordered.readUInt16LE(at + 26)).toString('utf8'));
    }
    expect(locals.slice(0, 4)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml']);
    // Only what exceljs reads is kept: the rest (theme, document properties) it would inflate just to drain it.
    expect(locals.slice(4)).toEqual(['xl/worksheets/sheet1.xml']);
    expect((await names(excel)).length).toBeGreaterThan(5);
  });
});

describe('a sheet longer than one batch of rows sent ahead by the parser thread', () => {
  it('gives every row once, in order, with its header, as the same sheet read in this thread', async () => {
    const table = customerTable(makePeople(7, 12_345));
    const book = await toXlsx(table, { sheetName: 'Abonnés' });
    const [threaded] = await tables(book);
    const [here] = await tables(book, true);
    expect(threaded.where).toBe('c.xlsx#Abonnés');
    expect(threaded.totalRows).toBe(12_346);
    expect(threaded.rows).toHaveLength(12_346);
    expect(threaded.rows[0]).toEqual(table.header);
    expect(threaded.rows[12_345]).toEqual(table.rows[12_344]);
    expect(threaded.rows).toEqual(here.rows);
  });
});
