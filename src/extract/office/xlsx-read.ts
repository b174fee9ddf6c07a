import { Readable } from 'node:stream';
import type { TableUnit } from '../../model/units.js';
import type { MessageBudget } from '../budget.js';
import type { ExtractOutput } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { keepCharactersWhole } from './keep-characters-whole.js';
import { rowCells } from './xlsx-cells.js';
import { fastWorkbookReader, UnsupportedWorkbook, workbookIssue } from './xlsx-fast.js';

const fastReader = fastWorkbookReader();
import { orderWorkbookEntries } from './xlsx-entry-order.js';

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
 * XLSX, every sheet a table (`file.xlsx#Sheet1`), in a parser
 * thread (see xlsx.ts): by the fast reader (xlsx-fast.ts) when it can, else by exceljs's streaming
 * reader. For exceljs the central directory is read first (a cut-off file is `truncated`; it also
 * lets the entries be reordered and trimmed to what exceljs reads, see xlsx-entry-order.ts).
 */
export const readWorkbook: ParserFunction = async function* (content, where, ctx, sendRowsAhead): AsyncIterable<ExtractOutput> {
  try {
    yield* fastReader(content, where, ctx, sendRowsAhead);
    return;
  } catch (e) {
    // The fast reader gives up before it sends anything: exceljs reads the workbook instead.
    if (!(e instanceof UnsupportedWorkbook)) throw workbookIssue(e);
  }
  yield* readWithExceljs(content, where, ctx, sendRowsAhead);
};

/** The workbook through exceljs's streaming reader (what the fast reader leaves to it). */
export const readWithExceljs: ParserFunction = async function* (content, where, ctx, sendRowsAhead): AsyncIterable<ExtractOutput> {
  const ordered = await orderWorkbookEntries(content);
  try {
    for await (const unit of readSheets(ordered, where, ctx.limits.maxRowsPerTable, ctx.budget, sendRowsAhead)) yield { kind: 'unit', unit };
  } catch (e) {
    throw workbookIssue(e);
  }
};
