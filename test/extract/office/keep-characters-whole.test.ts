import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Chunks, keepCharactersWhole } from '../../../src/extract/office/keep-characters-whole.js';
import { cellText } from '../../../src/extract/office/xlsx.js';
import { orderWorkbookEntries } from '../../../src/extract/office/xlsx-entry-order.js';
import { accentedRows, accentedWorkbook } from '../../helpers/accented-workbook.js';
import { collect } from '../../helpers/collect.js';

async function* chunksOf(...chunks: (Buffer | string)[]) {
  yield* chunks;
}

const decoded = async (...chunks: (Buffer | string)[]) => (await collect(decodeUtf8Chunks(chunksOf(...chunks)))).join('');

describe('decodeUtf8Chunks', () => {
  // 1-, 2-, 3- and 4-byte UTF-8 characters.
  const TEXTS = ['Molière', 'Œuvre « élan »', 'l’Isère 12 €', 'maison 🏠 Zoë'];

  it.each(TEXTS)('gives %j back whatever byte it is cut at', async (text) => {
    const bytes = Buffer.from(text, 'utf8');
    const cuts = Array.from({ length: bytes.length + 1 }, (_, i) => i);
    const read = await Promise.all(cuts.map((i) => decoded(bytes.subarray(0, i), bytes.subarray(i))));
    expect(read).toEqual(cuts.map(() => text));
  });

  it.each(TEXTS)('gives %j back from one-byte chunks', async (text) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(await decoded(...Array.from(bytes, (b) => Buffer.from([b])))).toBe(text);
  });

  it.each([
    ['strings, passed through', ['<t>Pê', 'che</t>'], '<t>Pêche</t>'],
    ['an invalid byte', [Buffer.from([0x3c, 0xff, 0x3e])], '<\uFFFD>'],
    ['a part cut inside its last character', [Buffer.from('Moli'), Buffer.from([0xc3])], 'Moli\uFFFD'],
    ['no chunk', [], ''],
  ] as [string, (Buffer | string)[], string][])('decodes %s', async (_name, chunks, expected) => {
    expect(await decoded(...chunks)).toBe(expected);
  });
});

describe('keepCharactersWhole', () => {
  /** A stand-in for the reader's internals: each method returns what it was given. */
  const fakeReader = () => ({
    _parseRels: (entry: Readable) => entry,
    _parseWorkbook: (entry: Readable) => entry,
    _parseSharedStrings: (entry: Readable) => entry,
    _parseStyles: (entry: Readable) => entry,
    _parseWorksheet: (iterator: AsyncIterable<unknown>, sheetNo: string) => ({ iterator, sheetNo }),
    _parseHyperlinks: (iterator: AsyncIterable<unknown>, sheetNo: string) => ({ iterator, sheetNo }),
  });
  const cut = Buffer.from('Pêche', 'utf8');

  it.each(['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles'] as const)('hands %s its entry stream decoding UTF-8, every byte counted', async (name) => {
    let counted = 0;
    const reader = keepCharactersWhole(fakeReader(), (bytes) => (counted += bytes));
    const entry = new PassThrough();
    entry.end(Buffer.concat([cut.subarray(0, 2), cut.subarray(2)]));
    const given = reader[name](entry);
    expect((await collect(given as AsyncIterable<unknown>)).join('')).toBe('Pêche');
    expect(counted).toBe(cut.length);
  });

  it.each(['_parseWorksheet', '_parseHyperlinks'] as const)('hands %s its chunks decoded, a cut character joined, every byte counted', async (name) => {
    let counted = 0;
    const reader = keepCharactersWhole(fakeReader(), (bytes) => (counted += bytes));
    const given = reader[name](chunksOf(cut.subarray(0, 2), cut.subarray(2)), '3') as { iterator: AsyncIterable<string>; sheetNo: string };
    expect(given.sheetNo).toBe('3');
    expect((await collect(given.iterator)).join('')).toBe('Pêche');
    expect(counted).toBe(cut.length);
  });

  it.each(['_parseSharedStrings', '_parseWorksheet'] as const)('fails %s with the counter\'s error once it throws (the budget is spent)', async (name) => {
    const spent = new Error('budget spent');
    const reader = keepCharactersWhole(fakeReader(), () => {
      throw spent;
    });
    const entry = new PassThrough();
    entry.end(cut);
    const given = name === '_parseWorksheet' ? (reader[name](chunksOf(cut), '1') as { iterator: AsyncIterable<string> }).iterator : (reader[name](entry) as AsyncIterable<unknown>);
    await expect(collect(given)).rejects.toBe(spent);
  });

  it('refuses a reader without the methods it wraps, naming the first one missing', () => {
    const { _parseStyles: _, ...withoutStyles } = fakeReader();
    expect(() => keepCharactersWhole(withoutStyles)).toThrow(new Error('exceljs WorkbookReader has no _parseStyles(): see keep-characters-whole.ts'));
  });
});

describe('exceljs WorkbookReader with and without keepCharactersWhole', () => {
  async function read(workbook: Buffer, whole: boolean): Promise<string[][]> {
    const input = Readable.from([await orderWorkbookEntries(workbook)]);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
    const rows: string[][] = [];
    for await (const sheet of whole ? keepCharactersWhole(reader) : reader) {
      for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) rows.push(Array.from(row.values.slice(1), cellText));
    }
    return rows;
  }

  // When exceljs fixes issues #2084/#2316 this fails: keep-characters-whole.ts can then go.
  it.each([['shared', 2], ['inline', 2]] as const)('exceljs 4.4.0 alone corrupts %s strings of 1,500 accented rows (%i cells); wrapped, it reads them all', async (strings, corrupted) => {
    const rows = accentedRows(1, 1500);
    const workbook = await accentedWorkbook([{ name: 'Abonnés', rows }], strings);
    expect((await read(workbook, false)).flat().filter((cell) => cell.includes('\uFFFD'))).toHaveLength(corrupted);
    expect(await read(workbook, true)).toEqual(rows);
  });
});
