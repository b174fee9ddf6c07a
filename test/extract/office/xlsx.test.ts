import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, xlsxExtractor } from '../../../src/extract/office/xlsx.js';
import { parseMessage } from '../../../src/message/parse-message.js';
import { PartIssueError } from '../../../src/model/issues.js';
import { DEFAULT_LIMITS } from '../../../src/model/limits.js';
import { toXlsx } from '../../../fixtures/generator/files.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { accentedRows, accentedSheetNames, accentedWorkbook } from '../../helpers/accented-workbook.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const extract = (name: string, content: Buffer, limits = {}) => collect(xlsxExtractor.extract(filePart(name, content), ctxWith(limits)));

// Seed 2: none of the 5 rows has an empty cell (see the todo on empty cells below).
const table = customerTable(makePeople(2, 5));

describe('xlsxExtractor', () => {
  it('reads every row of a toXlsx workbook as one table named after file and sheet', async () => {
    const units = await extract('clients.xlsx', await toXlsx(table, { sheetName: 'Abonnés' }));
    expect(table.rows.flat()).not.toContain('');
    expect(units).toEqual([{ kind: 'unit', unit: { kind: 'table', where: 'clients.xlsx#Abonnés', header: null, rows: [table.header, ...table.rows], totalRows: 6 } }]);
  });

  it('keeps maxRowsPerTable rows and counts them all', async () => {
    const [out] = await extract('clients.xlsx', await toXlsx(table, { sheetName: 'Feuil1' }), { maxRowsPerTable: 2 });
    expect(out).toEqual({ kind: 'unit', unit: { kind: 'table', where: 'clients.xlsx#Feuil1', header: null, rows: [table.header, table.rows[0]], totalRows: 6 } });
  });

  it('reads rich text, hyperlinks, numbers, booleans and formula results through the reader', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Feuil1');
    ws.addRow(['Nom', 'Lien', 'Riche', 'Montant', 'Actif', 'Total']);
    ws.addRow(['DUPONT', { text: 'site', hyperlink: 'https://example.com/' }, { richText: [{ text: 'Jean ' }, { font: { bold: true }, text: 'DUPONT' }] }, 3.5, true, { formula: '1+1', result: 2 }]);
    const units = await extract('w.xlsx', Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(units).toEqual([{ kind: 'unit', unit: { kind: 'table', where: 'w.xlsx#Feuil1', header: null, rows: [
      ['Nom', 'Lien', 'Riche', 'Montant', 'Actif', 'Total'],
      ['DUPONT', 'site', 'Jean DUPONT', '3.5', 'true', '2'],
    ], totalRows: 2 } }]);
  });

  it('throws PartIssueError "truncated" on the first 60 % of a workbook', async () => {
    const full = await toXlsx(table, { sheetName: 'Abonnés' });
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    const err = await extract('clients.xlsx', cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code: 'truncated', message: 'the archive is cut off (no central directory)' });
  });

  it('gives empty cells as empty strings', async () => {
    const sparse = { header: ['Nom', 'Email', 'Ville'], rows: [['DUPONT', '', 'Toulon']] };
    const [out] = await extract('c.xlsx', await toXlsx(sparse, { sheetName: 'S' }));
    expect(out).toMatchObject({ kind: 'unit', unit: { rows: [['Nom', 'Email', 'Ville'], ['DUPONT', '', 'Toulon']] } });
  });

  it('reads a date cell of a workbook as dd/mm/yyyy', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Paie');
    sheet.addRow(['Nom', 'Date de naissance']);
    sheet.addRow(['DUPONT', new Date(Date.UTC(1980, 2, 7))]);
    const [out] = await extract('paie.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(out).toMatchObject({ kind: 'unit', unit: { rows: [['Nom', 'Date de naissance'], ['DUPONT', '07/03/1980']] } });
  });
});

/** Every table an extraction gave, as sheet name and rows. */
const sheetsOf = (units: unknown[]) => units.map((u) => {
  const unit = (u as { unit: { where: string; rows: string[][] } }).unit;
  return { name: unit.where.slice(unit.where.indexOf('#') + 1), rows: unit.rows };
});

// exceljs 4.4.0 decodes each inflated chunk of a part on its own (exceljs issues #2084, #2316):
// a character cut by a chunk boundary came out as two U+FFFD. These workbooks are dense enough in
// multi-byte text for boundaries to fall inside characters (keep-characters-whole.test.ts proves
// that exceljs alone corrupts them).
describe('xlsxExtractor: characters cut by chunk boundaries', () => {
  it.each(['shared', 'inline'] as const)('reads back every cell of 1,500 accented rows with %s strings exactly as written', async (strings) => {
    const rows = accentedRows(1, 1500);
    const units = await extract('accents.xlsx', await accentedWorkbook([{ name: 'Abonnés', rows }], strings));
    expect(sheetsOf(units)).toEqual([{ name: 'Abonnés', rows }]);
  });

  it('reads back the names of 300 sheets (a 33 KB xl/workbook.xml) exactly as written', async () => {
    const sheets = accentedSheetNames(300).map((name, i) => ({ name, rows: [[`${i + 1}`, 'Pêche']] }));
    expect(sheetsOf(await extract('relevés.xlsx', await accentedWorkbook(sheets, 'shared')))).toEqual(sheets);
  });

  it('reads the founding fixture\'s 15,930 customers exactly as generated, without one U+FFFD', async () => {
    const message = await parseMessage(readFileSync('fixtures/outbox/secheresse-abonnes.eml'), { prefix: '', depth: 0, limits: DEFAULT_LIMITS });
    const workbook = message.parts.find((p) => p.where === 'clients_secheresse.xlsx');
    const [out] = await extract('clients_secheresse.xlsx', workbook?.content ?? Buffer.alloc(0));
    const rows = (out as { unit: { rows: string[][] } }).unit.rows;
    expect(rows.flat().filter((cell) => cell.includes('\uFFFD'))).toEqual([]);
    expect(rows.flat()).toEqual(expect.arrayContaining(['98 place du Chat-qui-Pêche', '20 quai Molière']));
    // fixtures/generate.ts: seed 20220815, 15,930 customers (test/e2e/fixtures.test.ts checks the bytes).
    const written = customerTable(makePeople(20220815, 15930));
    expect(rows).toEqual([written.header, ...written.rows]);
  });
});

describe('cellText', () => {
  it.each([
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['string', 'DUPONT', 'DUPONT'],
    ['integer', 83000, '83000'],
    ['decimal', 3.5, '3.5'],
    ['boolean', false, 'false'],
    ['Date', new Date(Date.UTC(1980, 2, 7)), '07/03/1980'],
    ['Date at the end of a UTC day', new Date(Date.UTC(2004, 11, 31, 23, 30)), '31/12/2004'],
    ['rich text', { richText: [{ text: 'Jean ' }, { font: { bold: true }, text: 'DUPONT' }] }, 'Jean DUPONT'],
    ['hyperlink', { text: 'jean@example.com', hyperlink: 'mailto:jean@example.com' }, 'jean@example.com'],
    ['hyperlink with rich text', { text: { richText: [{ text: 'Jean' }, { text: ' DUPONT' }] }, hyperlink: 'https://example.com/' }, 'Jean DUPONT'],
    ['formula with a number result', { formula: '1+1', result: 2 }, '2'],
    ['formula with a string result', { formula: 'A1&B1', result: 'DUPONT Jean' }, 'DUPONT Jean'],
    ['formula with a Date result', { formula: 'TODAY()', result: new Date(Date.UTC(2022, 7, 5)) }, '05/08/2022'],
    ['formula with an error result', { formula: '1/0', result: { error: '#DIV/0!' } }, ''],
    ['error', { error: '#N/A' }, ''],
  ])('%s', (_name, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });

  it.each([[{ formula: 'A1' }], [{ sharedFormula: 'A1' }]])('gives "" for a formula without a cached result: %j', (value) => {
    expect(cellText(value)).toBe('');
  });
});
