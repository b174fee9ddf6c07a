import { describe, expect, it } from 'vitest';
import { odsExtractor } from '../../../src/extract/office/ods.js';
import { odfPackage } from '../../../fixtures/generator/office.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const ods = (rows: string) => odfPackage('application/vnd.oasis.opendocument.spreadsheet', `<office:spreadsheet><table:table table:name="Feuille1">${rows}</table:table></office:spreadsheet>`);
const cell = (t: string, attrs = '') => `<table:table-cell${attrs} office:value-type="string"><text:p>${t}</text:p></table:table-cell>`;
const EMPTY_ROWS = '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>';

describe('ODS sheets within the message budget', () => {
  it('a sheet claiming a million rows of 16,384 empty cells expands none of them: two cells charged', async () => {
    const ctx = ctxWith();
    const out = await collect(odsExtractor.extract(filePart('x.ods', ods(`<table:table-row>${cell('Nom')}</table:table-row>${EMPTY_ROWS}<table:table-row>${cell('DUPONT')}</table:table-row>`)), ctx));
    // Blank rows before content are kept up to 1,000 (layout), as empty rows.
    expect(out).toEqual([{ kind: 'unit', unit: { kind: 'table', where: 'x.ods#Feuille1', header: null, rows: [['Nom'], ...new Array(1000).fill([]), ['DUPONT']], totalRows: 1002 } }]);
    expect(ctx.budget.state().cells).toBe(2);
  });

  it('charges repeated filled cells: 100 rows of a value repeated 20 times pass a 1,000-cell budget (too-large)', async () => {
    const rows = `<table:table-row table:number-rows-repeated="100">${cell('Toulon', ' table:number-columns-repeated="20"')}</table:table-row>`;
    await expect(collect(odsExtractor.extract(filePart('x.ods', ods(rows)), ctxWith({ maxCellsPerMessage: 1000 })))).rejects.toMatchObject({
      code: 'too-large',
      message: 'more than 1000 table cells in the message; the rest were not read',
    });
  });

  it('refuses a filled cell repeated 16,384 times in a million rows without building them (too-large)', async () => {
    const rows = `<table:table-row table:number-rows-repeated="1048576">${cell('x', ' table:number-columns-repeated="16384"')}</table:table-row>`;
    await expect(collect(odsExtractor.extract(filePart('x.ods', ods(rows)), ctxWith()))).rejects.toMatchObject({ code: 'too-large', message: 'repeated cells expand past 8000000 cells' });
  });

  it('uses what is left of the message time: a message past its deadline reads no more sheets (timeout)', async () => {
    const ctx = ctxWith({ messageTimeoutMs: 1 });
    const big = `<table:table-row>${cell('DUPONT')}</table:table-row>`.repeat(50_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(collect(odsExtractor.extract(filePart('x.ods', ods(big)), ctx))).rejects.toMatchObject({ code: 'timeout' });
  });
});
