import type { Extractor, ExtractOutput } from '../extractor.js';
import { parseIsolated } from '../isolate/parse-isolated.js';
import { frenchDate } from '../office/xlsx-cells.js';

/** A SheetJS cell, as much of it as is read here. */
export interface SheetCell {
  t?: string;
  v?: unknown;
  w?: string;
}
export interface SheetLike {
  '!data'?: (SheetCell[] | undefined)[];
}

const FILEPASS = 0x002f;
const BIFF_EOF = 0x000a;
/** BOF record ids of BIFF2 to BIFF8: a workbook stream starts with one. */
export const BIFF_BOF = new Set([0x0009, 0x0209, 0x0409, 0x0809]);

/**
 * Whether the workbook globals carry a FILEPASS record, which Excel writes when a password
 * protects the file. Checked on the records themselves rather than on SheetJS's error text,
 * which differs per encryption scheme (XOR, RC4, CryptoAPI) and is sometimes a bare string.
 */
export function hasFilePass(stream: Uint8Array): boolean {
  const view = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  for (let at = 0; at + 4 <= view.length; ) {
    const type = view.readUInt16LE(at);
    if (type === FILEPASS) return true;
    if (type === BIFF_EOF) return false;
    at += 4 + view.readUInt16LE(at + 2);
  }
  return false;
}

/** Text of a cell as Excel shows it; dates as dd/mm/yyyy whatever the file's (often US) format. */
export function xlsCellText(cell: SheetCell | undefined): string {
  if (!cell) return '';
  if (cell.t === 'd' && cell.v instanceof Date && !Number.isNaN(cell.v.getTime())) {
    // SheetJS 0.20 gives date cells as UTC midnights, whatever the process's time zone.
    return frenchDate(cell.v);
  }
  if (cell.t === 'e') return '';
  if (typeof cell.w === 'string') return cell.w;
  return cell.v === undefined || cell.v === null ? '' : String(cell.v);
}

/**
 * Excel 97-2003 workbooks (.xls, BIFF5/8) through SheetJS (xls-read.ts), every sheet a table
 * (`file.xls#Feuil1`). SheetJS parses synchronously: it runs in a parser thread, terminated at
 * the part's deadline or past its memory cap.
 */
export const xlsExtractor: Extractor = {
  id: 'xls',
  accepts: (type) => type === 'xls',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => parseIsolated('xls', part, ctx, 'workbook'),
};
