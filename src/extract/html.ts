import { Parser } from 'htmlparser2';
import type { TableUnit, Unit } from '../model/units.js';
import type { Extractor, ExtractOutput } from './extractor.js';
import { decodeText } from './decode-text.js';

/** Elements after which text starts a new line, so that records stay on their own lines. */
const BLOCK = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'pre', 'blockquote', 'section', 'article', 'header', 'footer', 'dd', 'dt', 'hr', 'address']);
const SKIP = new Set(['script', 'style', 'head', 'title']);

interface OpenTable {
  rows: string[][];
  hasInnerTable: boolean;
  headerRow: boolean;
  /** Length of the text flow when the table opened: a data table's cells are cut back out of it. */
  mark: number;
}

/**
 * Splits HTML into data tables and text. Newsletters nest layout tables (one row, or one column,
 * or holding other tables); only innermost tables of at least 2 rows and 2 columns become Table
 * units, everything else is text.
 */
export function htmlToUnits(html: string, where: string): Unit[] {
  const units: Unit[] = [];
  const text: string[] = [];
  const tables: OpenTable[] = [];
  let cell: string[] | null = null;
  let skipDepth = 0;
  let tableCount = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        if (name === 'table') {
          if (tables.length) tables[tables.length - 1].hasInnerTable = true;
          tables.push({ rows: [], hasInnerTable: false, headerRow: false, mark: text.length });
        } else if (name === 'tr' && tables.length) tables[tables.length - 1].rows.push([]);
        else if ((name === 'td' || name === 'th') && tables.length) {
          cell = [];
          if (name === 'th' && tables[tables.length - 1].rows.length === 1) tables[tables.length - 1].headerRow = true;
        }
        if (BLOCK.has(name)) text.push('\n');
      },
      ontext(data) {
        if (skipDepth) return;
        if (cell) cell.push(data);
        else text.push(data);
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if ((name === 'td' || name === 'th') && cell && tables.length) {
          const value = cell.join('').replace(/\s+/g, ' ').trim();
          const rows = tables[tables.length - 1].rows;
          (rows[rows.length - 1] ?? (rows[0] = [])).push(value);
          text.push(value, '\t');
          cell = null;
        } else if (name === 'table') {
          const table = tables.pop();
          if (table && isDataTable(table)) {
            tableCount++;
            units.push(toTableUnit(table, `${where}#table${tableCount}`));
            // The cells also went to the text flow (the table might have been layout): cut them.
            text.length = table.mark;
          }
        }
        if (BLOCK.has(name)) text.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const flat = text.join('').replace(/[ \t\u00a0]*\n[\s]*/g, '\n').trim();
  if (flat) units.unshift({ kind: 'text', where, text: flat });
  return units;
}

function isDataTable(table: OpenTable): boolean {
  if (table.hasInnerTable) return false;
  const rows = table.rows.filter((r) => r.some((c) => c));
  return rows.length >= 2 && rows.filter((r) => r.length >= 2).length >= 2;
}

function toTableUnit(table: OpenTable, where: string): TableUnit {
  const rows = table.rows.filter((r) => r.some((c) => c));
  const header = table.headerRow ? rows[0] : null;
  const body = table.headerRow ? rows.slice(1) : rows;
  return { kind: 'table', where, header, rows: body, totalRows: body.length };
}

/** HTML bodies and .html attachments. */
export const htmlExtractor: Extractor = {
  id: 'html',
  accepts: (type) => type === 'html',
  async *extract(part): AsyncIterable<ExtractOutput> {
    for (const unit of htmlToUnits(part.text ?? decodeText(part.content), part.where)) yield { kind: 'unit', unit };
  },
};
