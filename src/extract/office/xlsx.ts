import { Readable } from 'node:stream';
import { PartIssueError } from '../../model/issues.js';
import type { TableUnit } from '../../model/units.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { keepCharactersWhole } from './keep-characters-whole.js';
import { orderWorkbookEntries } from './xlsx-entry-order.js';

/** A spreadsheet date as the French write it (dd/mm/yyyy), from its UTC fields: workbooks store dates without a zone. */
export function frenchDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Text of an exceljs cell value: rich text, hyperlinks, formulas (their result) and dates included. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return frenchDate(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    // A formula's value is its cached result; a workbook saved without one has no value to scan.
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if (v.error !== undefined) return '';
  }
  return String(value);
}

async function readSheets(content: Buffer, where: string, maxRows: number): Promise<TableUnit[]> {
  const { default: ExcelJS } = await import('exceljs');
  // keepCharactersWhole: exceljs alone turns an accented letter cut by a chunk boundary into U+FFFD.
  const reader = keepCharactersWhole(new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
    sharedStrings: 'cache',
    // Styles are what tell a date from a number: without them a birth date is a serial (29287).
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  }));
  const tables: TableUnit[] = [];
  for await (const sheet of reader) {
    const rows: string[][] = [];
    let total = 0;
    for await (const row of sheet as AsyncIterable<{ values: unknown[] }>) {
      total++;
      // Array.from, not map: exceljs rows are sparse and map would keep the holes of empty cells.
      if (rows.length < maxRows) rows.push(Array.from((row.values ?? []).slice(1), cellText));
    }
    const name = (sheet as { name?: string }).name ?? `sheet${tables.length + 1}`;
    tables.push({ kind: 'table', where: `${where}#${name}`, header: null, rows, totalRows: total });
  }
  return tables;
}

/** Races a promise with a timer; the loser is abandoned (exceljs holds no handle that keeps Node alive). */
function withTimeout<T>(promise: Promise<T>, ms: number, detail: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PartIssueError('timeout', detail)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * XLSX through exceljs's streaming reader, every sheet a table (`file.xlsx#Sheet1`). exceljs never
 * settles on a cut-off file, so the central directory is read first (it is also what lets the
 * entries be reordered, see xlsx-entry-order.ts) and the read is raced with a timeout.
 */
export const xlsxExtractor: Extractor = {
  id: 'xlsx',
  accepts: (type) => type === 'xlsx',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const ordered = await orderWorkbookEntries(part.content);
    const tables = await withTimeout(
      readSheets(ordered, part.where, ctx.limits.maxRowsPerTable).catch((e: Error) => {
        throw e instanceof PartIssueError ? e : new PartIssueError('corrupt', `unreadable workbook: ${e.message}`);
      }),
      ctx.limits.partTimeoutMs,
      `workbook not read within ${ctx.limits.partTimeoutMs / 1000} s`,
    );
    for (const unit of tables) yield { kind: 'unit', unit };
  },
};
