import { describe, expect, it } from 'vitest';
import { csvExtractor } from '../../../src/extract/text/csv.js';
import { toCsv } from '../../../fixtures/generator/files.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const extract = (content: Buffer | string, limits = {}) => collect(csvExtractor.extract(filePart('a.csv', content), ctxWith(limits)));
const table = (rows: string[][], totalRows = rows.length) => ({ kind: 'unit', unit: { kind: 'table', where: 'a.csv', header: null, rows, totalRows } });

describe('csvExtractor', () => {
  it.each([
    ['semicolon', 'Nom;Ville\r\nDUPONT;Toulon\r\nMARTIN;Hyères\r\n', [['Nom', 'Ville'], ['DUPONT', 'Toulon'], ['MARTIN', 'Hyères']]],
    ['comma, with a quoted comma', 'Nom,Ville\nDUPONT,Toulon\nMARTIN,"La Garde, Var"\n', [['Nom', 'Ville'], ['DUPONT', 'Toulon'], ['MARTIN', 'La Garde, Var']]],
    ['tab', 'Nom\tVille\nDUPONT\tToulon\nMARTIN\tCuers\n', [['Nom', 'Ville'], ['DUPONT', 'Toulon'], ['MARTIN', 'Cuers']]],
    ['semicolon over decimal commas', 'Prix;Taux\n1,5;2,5\n3,25;4,75\n', [['Prix', 'Taux'], ['1,5', '2,5'], ['3,25', '4,75']]],
    ['blank lines skipped', 'a;b\n\n1;2\n   \n3;4\n', [['a', 'b'], ['1', '2'], ['3', '4']]],
  ])('%s-separated rows, exactly', async (_name, csv, rows) => {
    expect(await extract(csv)).toEqual([table(rows)]);
  });

  it('reads a Windows-1252 export from toCsv with its accents', async () => {
    const bytes = toCsv({ header: ['Nom', 'Société'], rows: [['LÉGER', 'Générale – 12 €']] }, { encoding: 'cp1252' });
    expect(bytes.includes(0xe9)).toBe(true);
    expect(await extract(bytes)).toEqual([table([['Nom', 'Société'], ['LÉGER', 'Générale – 12 €']])]);
  });

  it('keeps maxRowsPerTable rows and counts them all', async () => {
    expect(await extract('a;b\n1;2\n3;4\n5;6\n', { maxRowsPerTable: 2 })).toEqual([table([['a', 'b'], ['1', '2']], 4)]);
  });

  it('gives a table, a corrupt issue and the raw text, in that order, on a broken quote', async () => {
    const csv = 'Nom;Ville;Note\nDUPONT;Toulon;ok\nMARTIN;"Hyères;bad\nDURAND;Cuers;x\n';
    expect(await extract(csv)).toEqual([
      table([['Nom', 'Ville', 'Note'], ['DUPONT', 'Toulon', 'ok'], ['MARTIN', 'Hyères;bad\nDURAND;Cuers;x\n']]),
      { kind: 'issue', code: 'corrupt', where: 'a.csv', detail: expect.objectContaining({ text: 'unclosed quote near row 3: the rest of the file may be read as one field' }) },
      { kind: 'unit', unit: { kind: 'text', where: 'a.csv', text: csv } },
    ]);
  });

  it.each([
    ['csv', true],
    ['text', false],
    ['xlsx', false],
  ] as const)('accepts(%s) is %s', (type, expected) => {
    expect(csvExtractor.accepts(type)).toBe(expected);
  });
});
