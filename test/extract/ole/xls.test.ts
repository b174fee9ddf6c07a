import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { hasFilePass, xlsCellText, xlsExtractor } from '../../../src/extract/ole/xls.js';
import { PartIssueError } from '../../../src/model/issues.js';
import { compoundFile, passwordProtectedXls, toXls } from '../../../fixtures/generator/legacy.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const extract = (name: string, content: Buffer, limits = {}) => collect(xlsExtractor.extract(filePart(name, content), ctxWith(limits)));
const failure = (name: string, content: Buffer) => extract(name, content).then(() => null, (e: unknown) => e);
const table = customerTable(makePeople(2, 5));

/** Deterministic bytes that are not any format. */
function noise(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7919 + 13) & 0xff;
  return out;
}

/** A BIFF8 workbook written from cells as given (numbers with a format, dates as serials). */
function workbookOf(sheets: Record<string, XLSX.WorkSheet>): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, sheet] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, sheet, name);
  return Buffer.from(XLSX.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer);
}

describe('xlsExtractor', () => {
  it('reads a 5-person customer table as one table named after file and sheet, header row first', async () => {
    const units = await extract('x.xls', toXls(table, 'Clients'));
    expect(units).toEqual([{ kind: 'unit', unit: { kind: 'table', where: 'x.xls#Clients', header: null, rows: [table.header, ...table.rows], totalRows: 6 } }]);
  });

  it('keeps maxRowsPerTable rows and counts them all', async () => {
    const [out] = await extract('x.xls', toXls(table, 'Feuil1'), { maxRowsPerTable: 2 });
    expect(out).toEqual({ kind: 'unit', unit: { kind: 'table', where: 'x.xls#Feuil1', header: null, rows: [table.header, table.rows[0]], totalRows: 6 } });
  });

  it('gives every sheet its own table, in workbook order', async () => {
    const units = await extract('b.xls', workbookOf({ Abonnés: XLSX.utils.aoa_to_sheet([['Nom'], ['DUPONT']]), Tarifs: XLSX.utils.aoa_to_sheet([['Prix'], ['3,5']]) }));
    expect(units.map((u) => (u.kind === 'unit' ? [u.unit.where, u.unit.kind === 'table' ? u.unit.rows : null] : null))).toEqual([
      ['b.xls#Abonnés', [['Nom'], ['DUPONT']]],
      ['b.xls#Tarifs', [['Prix'], ['3,5']]],
    ]);
  });

  it('shows dates as dd/mm/yyyy whatever their format, numbers as displayed, empty cells as ""', async () => {
    // 29287 is 07/03/1980; format 14 is the locale's short date, which SheetJS displays m/d/yy.
    const sheet = XLSX.utils.aoa_to_sheet([['Nom', 'Né le', 'Montant', 'Ville'], ['DUPONT', 29287, 3.5, 'Toulon'], ['MARTIN', 29288, 1234, null]]);
    sheet['B2'].z = 'm/d/yy';
    sheet['B3'].z = 'dd/mm/yyyy';
    sheet['C3'].z = '0.00';
    sheet['A4'] = { t: 's', v: 'LEROY' };
    sheet['D4'] = { t: 's', v: 'Cuers' };
    sheet['!ref'] = 'A1:D4';
    const [out] = await extract('p.xls', workbookOf({ Paie: sheet }));
    expect(out).toMatchObject({ kind: 'unit', unit: { rows: [['Nom', 'Né le', 'Montant', 'Ville'], ['DUPONT', '07/03/1980', '3.5', 'Toulon'], ['MARTIN', '08/03/1980', '1234.00'], ['LEROY', '', '', 'Cuers']], totalRows: 4 } });
  });

  it('reports a password-protected workbook (FILEPASS record) as encrypted', async () => {
    expect(await failure('paie.xls', passwordProtectedXls(table, 'Paie'))).toMatchObject({ code: 'encrypted', message: 'password-protected workbook' });
  });

  // SheetJS itself returns an empty workbook, without error, for a stream that is not BIFF.
  it('reports a Workbook stream that is not BIFF as corrupt', async () => {
    expect(await failure('x.xls', compoundFile([{ path: '/Workbook', data: noise(6000) }]))).toMatchObject({ code: 'corrupt', message: 'the workbook stream does not start with a BOF record' });
  });

  it('reports a BIFF stream SheetJS cannot parse as corrupt, in one line', async () => {
    const stream = noise(6000);
    stream.writeUInt32LE(0x00100809, 0); // a BOF record header, then an unknown BIFF version
    const err = await failure('x.xls', compoundFile([{ path: '/Workbook', data: stream }]));
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^unreadable workbook: [^\n]+$/) });
  });

  it('reports a cut-off .xls as truncated without calling SheetJS on it', async () => {
    const full = toXls(table, 'Clients');
    expect(await failure('x.xls', full.subarray(0, Math.floor(full.length * 0.6)))).toMatchObject({ code: 'truncated', message: 'the compound file is cut off' });
  });
});

describe('hasFilePass', () => {
  const record = (type: number, data: number[]) => Buffer.from([type & 0xff, type >> 8, data.length, 0, ...data]);
  it.each([
    ['BOF then FILEPASS', [record(0x0809, [0, 6]), record(0x002f, [0, 0, 1, 2])], true],
    ['no FILEPASS before EOF', [record(0x0809, [0, 6]), record(0x000a, []), record(0x002f, [0])], false],
    ['a record length past the end', [record(0x0809, [0, 6]), Buffer.from([0x5c, 0x00, 0xff, 0x7f])], false],
  ])('%s', (_name, records, expected) => {
    expect(hasFilePass(Buffer.concat(records))).toBe(expected);
  });
});

describe('xlsCellText', () => {
  it.each([
    ['no cell', undefined, ''],
    ['displayed text wins over the value', { t: 'n', v: 0.5, w: '50%' }, '50%'],
    ['a date cell at UTC midnight', { t: 'd', v: new Date(Date.UTC(2004, 11, 31)), w: '12/31/04' }, '31/12/2004'],
    ['an error cell', { t: 'e', v: 7, w: '#DIV/0!' }, ''],
    ['a value without display text', { t: 'b', v: true }, 'true'],
  ])('%s', (_name, cell, expected) => {
    expect(xlsCellText(cell)).toBe(expected);
  });
});
