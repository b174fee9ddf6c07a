import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { odsExtractor } from '../../../src/extract/office/ods.js';
import { PartIssueError } from '../../../src/model/issues.js';
import type { Limits } from '../../../src/model/limits.js';
import { odfPackage, toOds } from '../../../fixtures/generator/office.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const extract = (content: Buffer, limits: Partial<Limits> = {}) => collect(odsExtractor.extract(filePart('x.ods', content), ctxWith(limits)));
const ods = (sheets: string) => odfPackage('application/vnd.oasis.opendocument.spreadsheet', `<office:spreadsheet>${sheets}</office:spreadsheet>`);
const sheet = (name: string, rows: string) => `<table:table table:name="${name}">${rows}</table:table>`;
const cell = (t: string, attrs = '') => `<table:table-cell${attrs} office:value-type="string"><text:p>${t}</text:p></table:table-cell>`;
const table = (where: string, rows: string[][], totalRows = rows.length) => ({ kind: 'unit', unit: { kind: 'table', where, header: null, rows, totalRows } });

const customers = customerTable(makePeople(11, 5));
const TITLE = ['Liste des abonnés – août 2022'];

/** The same sheet through SheetJS's own ODS writer: a file this project did not write by hand. */
function sheetJsOds(rows: string[][], name: string): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}

describe('odsExtractor', () => {
  it('reads a 5-person customer sheet padded as LibreOffice pads it (1,024 columns, 1,048,576 rows)', async () => {
    expect(await extract(toOds(customers, 'Abonnés'))).toEqual([table('x.ods#Abonnés', [customers.header, ...customers.rows])]);
  });

  it('reads a sheet written by SheetJS with a title row and a blank row above the header', async () => {
    const rows = [TITLE, [], customers.header, ...customers.rows];
    expect(await extract(sheetJsOds(rows, 'Feuille1'))).toEqual([table('x.ods#Feuille1', rows)]);
  });

  it('reads numbers, dates and booleans written by SheetJS as the text they show', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Code postal', 'Actif'], [83000, true]]), 'S');
    expect(await extract(XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer)).toEqual([table('x.ods#S', [['Code postal', 'Actif'], ['83000', 'TRUE']])]);
  });

  it('expands neither 1,020 repeated empty cells nor 1,048,000 repeated empty rows, but expands repeated filled ones', async () => {
    const rows = `<table:table-row>${cell('DUPONT')}<table:table-cell/>${cell('Toulon')}<table:table-cell table:number-columns-repeated="1020"/></table:table-row>`
      + `<table:table-row table:number-rows-repeated="2">${cell('0', ' table:number-columns-repeated="3"')}<table:table-cell table:number-columns-repeated="1021"/></table:table-row>`
      + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>';
    expect(await extract(ods(sheet('Feuille1', rows)))).toEqual([table('x.ods#Feuille1', [['DUPONT', '', 'Toulon'], ['0', '0', '0'], ['0', '0', '0']])]);
  });

  it('uses a cell\'s value when it shows no text, joins the lines of a cell, and moves cell comments to the text', async () => {
    const note = '<office:annotation><dc:creator>Agent 7</dc:creator><text:p>ne plus écrire</text:p></office:annotation>';
    const rows = `<table:table-row><table:table-cell office:value-type="float" office:value="83000"/>`
      + `<table:table-cell office:value-type="string">${note}<text:p>12 rue des Lilas</text:p><text:p>Bât. B &amp; C</text:p></table:table-cell></table:table-row>`;
    expect(await extract(ods(sheet('S', rows)))).toEqual([
      { kind: 'unit', unit: { kind: 'text', where: 'x.ods', text: 'ne plus écrire' } },
      table('x.ods#S', [['83000', '12 rue des Lilas\nBât. B & C']]),
    ]);
  });

  it('gives one table per sheet and none for an empty sheet', async () => {
    const out = await extract(ods(sheet('Vide', '<table:table-row><table:table-cell table:number-columns-repeated="1024"/></table:table-row>') + sheet('Tarifs', `<table:table-row>${cell('Eau')}</table:table-row>`)));
    expect(out).toEqual([table('x.ods#Tarifs', [['Eau']])]);
  });

  it('keeps maxRowsPerTable rows and counts the rest in totalRows', async () => {
    expect(await extract(toOds(customers, 'Abonnés'), { maxRowsPerTable: 2 })).toEqual([table('x.ods#Abonnés', [customers.header, customers.rows[0]], 6)]);
  });

  it('throws PartIssueError "truncated" for the first half of a spreadsheet', async () => {
    const whole = toOds(customers, 'Abonnés');
    const err = await extract(whole.subarray(0, whole.length >> 1)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code: 'truncated' });
  });
});
