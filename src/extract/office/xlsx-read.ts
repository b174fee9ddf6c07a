import { Readable } from 'node:stream';
import { PartIssueError } from '../../model/issues.js';
import type { TableUnit } from '../../model/units.js';
import type { MessageBudget } from '../budget.js';
import type { ExtractOutput } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { keepCharactersWhole } from './keep-characters-whole.js';
import { cellText } from './xlsx.js';
import { orderWorkbookEntries } from './xlsx-entry-order.js';

/**
 * A row's cells as text, from exceljs's sparse `values` (index = column, 0 unused): the holes of
 * empty cells become '' and the row ends at its last cell holding text, so `<c r="XFD1"/>`
 * (empty, 16,384 columns to the right) does not make a 16,384-cell row.
 */
export function rowCells(values: readonly unknown[]): string[] {
  const cells: string[] = [];
  // forEach skips holes: a row is walked by its cells, not by its width.
  values.forEach((value, column) => {
    if (column === 0) return;
    const text = cellText(value);
    if (text === '') return;
    while (cells.length < column - 1) cells.push('');
    cells.push(text);
  });
  return cells;
}

/** Rows sent ahead at a time. */
const ROWS_AHEAD = 5_000;

/**
 * Each sheet's table as soon as it is read (a workbook's sheets are not all held at once), its
 * rows sent ahead in batches while the sheet is read: the table yielded holds only the last ones.
 */
async function* readSheets(content: Buffer, where: string, maxRows: number, budget: MessageBudget, sendRowsAhead: (rows: string[][]) => void): AsyncGenerator<TableUnit> {
  const { default: ExcelJS } = await import('exceljs');
  // keepCharactersWhole: exceljs alone turns an accented letter cut by a chunk boundary into U+FFFD.
  // Every byte exceljs inflates passes through it, and is charged to the message's budget there.
  const reader = keepCharactersWhole(
    new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
      sharedStrings: 'cache',
      // Styles are what tell a date from a number: without them a birth date is a serial (29287).
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    }),
    (bytes) => budget.chargeInflated(bytes),
  );
  let sheets = 0;
  for await (const sheet of reader) {
    sheets++;
    let rows: string[][] = [];
    let kept = 0;
    let total = 0;
    for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) {
      total++;
      const cells = rowCells(row.values ?? []);
      budget.chargeCells(Math.max(1, cells.length));
      if (kept < maxRows) {
        rows.push(cells);
        kept++;
        // Rows go to the scanner's thread as they are read, not held here until the sheet ends.
        if (rows.length === ROWS_AHEAD) {
          sendRowsAhead(rows);
          rows = [];
        }
      }
      if ((total & 0x3ff) === 0) budget.checkTime();
    }
    const name = (sheet as { name?: string }).name ?? `sheet${sheets}`;
    yield { kind: 'table', where: `${where}#${name}`, header: null, rows, totalRows: total };
  }
}

/**
 * XLSX through exceljs's streaming reader, every sheet a table (`file.xlsx#Sheet1`), in a parser
 * thread (see xlsx.ts). The central directory is read first (a cut-off file is `truncated`; it
 * also lets the entries be reordered and trimmed to what exceljs reads, see xlsx-entry-order.ts).
 */
export const readWorkbook: ParserFunction = async function* (content, where, ctx, sendRowsAhead): AsyncIterable<ExtractOutput> {
  const ordered = await orderWorkbookEntries(content);
  try {
    for await (const unit of readSheets(ordered, where, ctx.limits.maxRowsPerTable, ctx.budget, sendRowsAhead)) yield { kind: 'unit', unit };
  } catch (e) {
    throw e instanceof PartIssueError ? e : new PartIssueError('corrupt', `unreadable workbook: ${(e as Error).message}`);
  }
};
