import { issueDetail } from '../../model/issue-details.js';
import type { IssueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { TableUnit } from '../../model/units.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { oneLine } from '../one-line.js';
import { openCompoundFile } from './compound-file-check.js';
import { BIFF_BOF, hasFilePass, xlsCellText } from './xls.js';
import type { SheetCell, SheetLike } from './xls.js';

/** A row's cells as text up to its last one holding text (a cell far to the right does not widen every row). */
function rowCells(row: readonly (SheetCell | undefined)[]): string[] {
  const cells: string[] = [];
  // forEach skips holes: a row is walked by its cells, not by its width.
  row.forEach((cell, column) => {
    const text = xlsCellText(cell);
    if (text === '') return;
    while (cells.length < column) cells.push('');
    cells.push(text);
  });
  return cells;
}

/** Rows of one sheet, empty rows left out (as exceljs leaves them out of .xlsx), up to `maxRows`; cells charged to the budget. */
export function sheetTable(sheet: SheetLike, where: string, ctx: ExtractContext, timeoutDetail: IssueDetail): TableUnit {
  const rows: string[][] = [];
  let total = 0;
  for (const row of sheet['!data'] ?? []) {
    if (!row) continue;
    const cells = rowCells(row);
    if (cells.length === 0) continue;
    total++;
    ctx.budget.chargeCells(cells.length);
    if (rows.length < ctx.limits.maxRowsPerTable) rows.push(cells);
    if ((total & 0x3ff) === 0 && Date.now() > ctx.budget.deadline) throw new PartIssueError('timeout', timeoutDetail);
  }
  return { kind: 'table', where, header: null, rows, totalRows: total };
}

/**
 * Excel 97-2003 workbooks (.xls, BIFF5/8) through SheetJS, every sheet a table
 * (`file.xls#Feuil1`), run in a parser thread (see xls.ts). Only parts sniffed `xls` get here: SheetJS "reads" any bytes as a sheet.
 * The compound file is checked whole first (compound-file-check.ts), a FILEPASS record means
 * `encrypted`. SheetJS parses synchronously: the thread's deadline stops it; the time limit is also
 * checked after the parse and while rows are read, and cells are charged to the message's budget.
 */
export const readXlsWorkbook: ParserFunction = async function* (content, where, ctx): AsyncIterable<ExtractOutput> {
  const timeoutDetail = issueDetail('workbook-timeout', { seconds: ctx.limits.partTimeoutMs / 1000 });
  openCompoundFile(content);
  const XLSX = await import('@e965/xlsx');
  let book: { SheetNames: string[]; Sheets: Record<string, SheetLike> };
  try {
    const cfb = XLSX.CFB.read(content, { type: 'buffer' });
    const stream = (XLSX.CFB.find(cfb, '/Workbook') ?? XLSX.CFB.find(cfb, '/Book')) as { content?: Uint8Array } | null;
    const biff = stream?.content;
    // SheetJS returns an empty workbook, without error, for a stream that is not BIFF at all.
    if (!biff || biff.length < 4 || !BIFF_BOF.has(biff[0] | (biff[1] << 8))) throw new PartIssueError('corrupt', issueDetail('workbook-no-bof'));
    if (hasFilePass(biff)) throw new PartIssueError('encrypted', issueDetail('workbook-encrypted'));
    book = XLSX.read(content, { type: 'buffer', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
    if (book.SheetNames.length === 0) throw new PartIssueError('corrupt', issueDetail('workbook-without-sheet'));
  } catch (err) {
    if (err instanceof PartIssueError) throw err;
    if (/password|encrypt/i.test(oneLine(err))) throw new PartIssueError('encrypted', issueDetail('workbook-encrypted'));
    throw new PartIssueError('corrupt', issueDetail('unreadable-workbook', { cause: oneLine(err) }));
  }
  if (Date.now() > ctx.budget.deadline) throw new PartIssueError('timeout', timeoutDetail);
  for (const name of book.SheetNames) yield { kind: 'unit', unit: sheetTable(book.Sheets[name] ?? {}, `${where}#${name}`, ctx, timeoutDetail) };
};
