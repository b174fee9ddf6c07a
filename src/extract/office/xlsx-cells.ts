/** Spreadsheet cells as text, the same whichever reader read them (xlsx-fast.ts, exceljs in xlsx-read.ts, SheetJS for .xls). */

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
