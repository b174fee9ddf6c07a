import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { createRng } from '../../fixtures/generator/rng.js';

/**
 * Workbooks dense in accented text, written by exceljs's own writers, so that the 16 KiB chunks
 * zlib inflates an XLSX part into end inside characters (exceljs issues #2084, #2316). Words carry
 * 2-byte (é, œ, «), 3-byte (’, €) and 4-byte (🏠) UTF-8 characters.
 */
const WORDS = [
  'Molière', 'Chat-qui-Pêche', 'Noël', 'Œuvre', 'façade', 'Hôtel-Dieu', 'Éloïse', 'Zoë', 'crème', 'brûlée', 'Éléonore',
  'Pérignon', 'Ærø', '« élan »', 'l’Île-d’Yeu', '12 €', 'Straße', '🏠', 'Agnès', 'Gaëlle', 'Françoise', 'Hélène',
];

/** Communes with accents, for sheet names (31 characters at most, as Excel allows). */
const COMMUNES = ['Évry-Courcouronnes', 'Saint-Étienne', 'Besançon', 'Orléans', 'Nîmes', 'Sète', 'Béziers', 'Mâcon', 'Épinal', 'Angoulême', 'Hyères', 'Pérols'];

/** Characters outside the Basic Multilingual Plane: two UTF-16 units, four UTF-8 bytes. */
const HOUSES = [...'🏠🏡🏢🏣🏤🏥🏦🏨🏩🏪🏫🏬🏭🏯🏰'];

/** Header of the sheets {@link accentedRows} makes; the last column is written as rich text. */
export const ACCENTED_HEADER = ['Nom', 'Prénom', 'Adresse', 'Remarque (texte enrichi)'];

/** `count` rows of accented phrases under {@link ACCENTED_HEADER}, the same for the same seed. */
export function accentedRows(seed: number, count: number): string[][] {
  const rng = createRng(seed);
  const phrase = (min: number, max: number) => Array.from({ length: rng.int(min, max) }, () => rng.pick(WORDS)).join(' ');
  return [ACCENTED_HEADER, ...Array.from({ length: count }, () => [phrase(1, 2), phrase(1, 3), `${rng.int(1, 99)} ${phrase(2, 6)}`, phrase(10, 30)])];
}

/**
 * `count` distinct sheet names: an accented commune, its number, and as many 4-byte characters as
 * Excel's 31 UTF-16 units allow, so that even a workbook part of a few hundred names (`xl/workbook.xml`)
 * has chunk boundaries inside characters.
 */
export function accentedSheetNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let name = `${COMMUNES[i % COMMUNES.length]} ${i + 1} `;
    for (const house of HOUSES) if (name.length + house.length <= 31) name += house;
    return name;
  });
}

/** A sheet as written: its name and its rows, every cell text. */
export interface WrittenSheet {
  name: string;
  rows: string[][];
}

/**
 * The last cell of each row as rich text. With shared strings it is split in two runs (the reader
 * joins them); inline, exceljs's streaming reader keeps only the last run of an `<is>` (a separate
 * exceljs limitation), so it is written as one run there.
 */
function rowValues(row: string[], runs: 1 | 2): unknown[] {
  const last = row[row.length - 1] ?? '';
  const cut = runs === 2 && last.includes(' ') ? last.indexOf(' ') + 1 : last.length;
  const richText = [{ text: last.slice(0, cut) }, { font: { bold: true }, text: last.slice(cut) }].filter((r) => r.text !== '');
  return [...row.slice(0, -1), { richText }];
}

/**
 * Writes the sheets with exceljs: `shared` through the Workbook writer (a shared-string table, as
 * fixtures' toXlsx and Excel write), `inline` through the streaming WorkbookWriter without shared
 * strings (`t="str"` cells and `t="inlineStr"` rich text in the sheet XML itself).
 */
export async function accentedWorkbook(sheets: WrittenSheet[], strings: 'shared' | 'inline'): Promise<Buffer> {
  if (strings === 'shared') {
    const book = new ExcelJS.Workbook();
    for (const sheet of sheets) book.addWorksheet(sheet.name).addRows(sheet.rows.map((r) => rowValues(r, 2)));
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(rowValues(row, 1)).commit();
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(chunks);
}
