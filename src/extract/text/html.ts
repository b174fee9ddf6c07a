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
  const reader = new HtmlReader(where);
  const parser = new Parser(reader, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html);
  parser.end();
  const flat = collapseLineSpace(reader.text.join('')).trim();
  if (flat) reader.units.unshift({ kind: 'text', where, text: flat });
  return reader.units;
}

/**
 * The parser's handlers and what they build, one reader per document. Methods of a class, not
 * closures made per document: V8 keeps a closure's optimised code only while one of its closures
 * lives, and compiled these again for nearly every HTML part of a mailbox.
 */
class HtmlReader {
  readonly units: Unit[] = [];
  /** The text flow, in pieces. */
  readonly text: string[] = [];
  private readonly tables: OpenTable[] = [];
  private skipDepth = 0;
  private tableCount = 0;

  constructor(private readonly where: string) {}

  private top(): OpenTable | undefined {
    return this.tables[this.tables.length - 1];
  }

  /** Text goes to the innermost open cell, else to the text flow. */
  private sink(): string[] {
    return this.top()?.cell ?? this.text;
  }

  onopentag(name: string): void {
    if (SKIP.has(name)) this.skipDepth++;
    const table = this.top();
    if (name === 'table') {
      if (table) {
        table.hasInnerTable = true;
        // What the enclosing cell held so far stays in reading order, before the inner table.
        if (table.cell) {
          this.text.push(cellValue(table.cell), '\n');
          table.cell = [];
        }
      }
      this.tables.push({ rows: [], cell: null, hasInnerTable: false, headerRow: false, mark: this.text.length });
      return;
    }
    if (name === 'tr' && table) table.rows.push([]);
    else if ((name === 'td' || name === 'th') && table) {
      table.cell = [];
      if (name === 'th' && table.rows.length === 1) table.headerRow = true;
    } else if (BLOCK.has(name)) this.sink().push('\n');
  }

  ontext(data: string): void {
    if (!this.skipDepth) this.sink().push(data);
  }

  onclosetag(name: string): void {
    if (SKIP.has(name)) this.skipDepth = Math.max(0, this.skipDepth - 1);
    const table = this.top();
    if ((name === 'td' || name === 'th') && table?.cell) {
      const value = cellValue(table.cell);
      (table.rows[table.rows.length - 1] ?? (table.rows[0] = [])).push(value);
      this.text.push(value, '\t');
      table.cell = null;
      return;
    }
    if (name === 'table') {
      const closed = this.tables.pop();
      if (closed && isDataTable(closed)) {
        this.tableCount++;
        this.units.push(toTableUnit(closed, `${this.where}#table${this.tableCount}`));
        // The cells also went to the text flow (the table might have been layout): cut them.
        this.text.length = closed.mark;
      }
      this.text.push('\n');
      return;
    }
    if (BLOCK.has(name)) this.sink().push('\n');
  }
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
