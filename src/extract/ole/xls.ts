import { PartIssueError } from '../../model/issues.js';
import type { TableUnit } from '../../model/units.js';
import { openCompoundFile } from './compound-file-check.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { frenchDate } from '../office/xlsx.js';

/** A SheetJS cell, as much of it as is read here. */
interface SheetCell {
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
const BIFF_BOF = new Set([0x0009, 0x0209, 0x0409, 0x0809]);

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

/** Rows of one SheetJS sheet, empty rows left out (as exceljs leaves them out of .xlsx), up to `maxRows`. */
export function sheetTable(sheet: SheetLike, where: string, maxRows: number, deadline: number, timeoutDetail: string): TableUnit {
  const rows: string[][] = [];
  let total = 0;
  for (const row of sheet['!data'] ?? []) {
    if (!row) continue;
    // Array.from, not map: dense rows have holes where cells are empty, and map keeps holes.
    const cells = Array.from(row, xlsCellText);
    if (cells.every((c) => c === '')) continue;
    total++;
    if (rows.length < maxRows) rows.push(cells);
    if ((total & 0x3ff) === 0 && Date.now() > deadline) throw new PartIssueError('timeout', timeoutDetail);
  }
  return { kind: 'table', where, header: null, rows, totalRows: total };
}

/**
 * Excel 97-2003 workbooks (.xls, BIFF5/8) through SheetJS, every sheet a table
 * (`file.xls#Feuil1`). Only parts sniffed `xls` get here: SheetJS "reads" any bytes as a sheet.
 * The compound file is checked whole first (compound-file-check.ts), a FILEPASS record means
 * `encrypted`. SheetJS parses synchronously, so a timer cannot cut it short: the time limit is
 * checked after the parse and while rows are read, and the input is bounded by maxPartBytes.
 */
export const xlsExtractor: Extractor = {
  id: 'xls',
  accepts: (type) => type === 'xls',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const deadline = Date.now() + limits.partTimeoutMs;
    const timeoutDetail = `workbook not read within ${limits.partTimeoutMs / 1000} s`;
    openCompoundFile(part.content);
    const XLSX = await import('@e965/xlsx');
    let book: { SheetNames: string[]; Sheets: Record<string, SheetLike> };
    try {
      const cfb = XLSX.CFB.read(part.content, { type: 'buffer' });
      const stream = (XLSX.CFB.find(cfb, '/Workbook') ?? XLSX.CFB.find(cfb, '/Book')) as { content?: Uint8Array } | null;
      const content = stream?.content;
      // SheetJS returns an empty workbook, without error, for a stream that is not BIFF at all.
      if (!content || content.length < 4 || !BIFF_BOF.has(content[0] | (content[1] << 8))) throw new PartIssueError('corrupt', 'the workbook stream does not start with a BOF record');
      if (hasFilePass(content)) throw new PartIssueError('encrypted', 'password-protected workbook');
      book = XLSX.read(part.content, { type: 'buffer', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
      if (book.SheetNames.length === 0) throw new PartIssueError('corrupt', 'workbook without any sheet');
    } catch (err) {
      if (err instanceof PartIssueError) throw err;
      if (/password|encrypt/i.test(oneLine(err))) throw new PartIssueError('encrypted', 'password-protected workbook');
      throw new PartIssueError('corrupt', `unreadable workbook: ${oneLine(err)}`);
    }
    if (Date.now() > deadline) throw new PartIssueError('timeout', timeoutDetail);
    const tables = book.SheetNames.map((name) => sheetTable(book.Sheets[name] ?? {}, `${part.where}#${name}`, limits.maxRowsPerTable, deadline, timeoutDetail));
    for (const unit of tables) yield { kind: 'unit', unit };
  },
};
