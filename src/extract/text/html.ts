import { Parser } from 'htmlparser2';
import type { TableUnit, Unit } from '../../model/units.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';
import { collapseLineSpace } from './line-space.js';

/** Elements after which text starts a new line, so that records stay on their own lines. */
const BLOCK = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'pre', 'blockquote', 'section', 'article', 'header', 'footer', 'dd', 'dt', 'hr', 'address']);
const SKIP = new Set(['script', 'style', 'head', 'title']);

interface OpenTable {
  rows: string[][];
  /** The cell being read, if any: one per table, so a table nested in a cell leaves it intact. */
  cell: string[] | null;
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
  let skipDepth = 0;
  const top = () => tables[tables.length - 1] as OpenTable | undefined;
  /** Text goes to the innermost open cell, else to the text flow. */
  const sink = () => top()?.cell ?? text;
  let tableCount = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        const table = top();
        if (name === 'table') {
          if (table) {
            table.hasInnerTable = true;
            // What the enclosing cell held so far stays in reading order, before the inner table.
            if (table.cell) {
              text.push(cellValue(table.cell), '\n');
              table.cell = [];
            }
          }
          tables.push({ rows: [], cell: null, hasInnerTable: false, headerRow: false, mark: text.length });
          return;
        }
        if (name === 'tr' && table) table.rows.push([]);
        else if ((name === 'td' || name === 'th') && table) {
          table.cell = [];
          if (name === 'th' && table.rows.length === 1) table.headerRow = true;
        } else if (BLOCK.has(name)) sink().push('\n');
      },
      ontext(data) {
        if (!skipDepth) sink().push(data);
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        const table = top();
        if ((name === 'td' || name === 'th') && table?.cell) {
          const value = cellValue(table.cell);
          (table.rows[table.rows.length - 1] ?? (table.rows[0] = [])).push(value);
          text.push(value, '\t');
          table.cell = null;
          return;
        }
        if (name === 'table') {
          const closed = tables.pop();
          if (closed && isDataTable(closed)) {
            tableCount++;
            units.push(toTableUnit(closed, `${where}#table${tableCount}`));
            // The cells also went to the text flow (the table might have been layout): cut them.
            text.length = closed.mark;
          }
          text.push('\n');
          return;
        }
        if (BLOCK.has(name)) sink().push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const flat = collapseLineSpace(text.join('')).trim();
  if (flat) units.unshift({ kind: 'text', where, text: flat });
  return units;
}

/** A cell's text: spaces folded, its own line breaks (<br>, <p>) kept. */
function cellValue(parts: string[]): string {
  return parts
    .join('')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
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
