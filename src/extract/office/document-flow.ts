import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { XmlTokenKind } from './office-xml.js';
import { flatRows, flatText, joinText, type Text } from './joined-text.js';

/** A table of a document, read whole or up to the row limit. */
export interface DocumentTable {
  rows: string[][];
  /** Rows in the source, those past the row limit included. */
  totalRows: number;
  /** The format marks the first row, and only it, as the header row. */
  headerMarked: boolean;
  /** The name the document gives the table (OpenDocument `table:name`), if any. */
  name: string | undefined;
}

export interface FlowOptions {
  /** Rows kept per table (Limits.maxRowsPerTable); the others are only counted. */
  maxRows: number;
  /** What joins the paragraphs of one cell: a space in documents, a newline in spreadsheets. */
  cellSeparator: string;
  /** Tables become lines of tab-separated cells (page headers and footers: layout, not data). */
  tablesAsText?: boolean;
  /**
   * Spreadsheet rules (OpenDocument): empty cells and rows are kept only when content follows
   * them, because a sheet is written with 1,024 empty columns and a million empty rows repeated.
   */
  sparse?: boolean;
}

/** The widest sheet LibreOffice and Excel make: a repeat past it is not content. */
export const MAX_COLUMNS = 16_384;
/** Empty rows kept between two filled ones: enough for layout (a title, a gap, a header). */
export const MAX_BLANK_ROWS = 1_000;
/**
 * Cells a document may add by repetition (repeated cells and rows, copies beyond the first). A
 * 64 MiB content.xml holds at most ~3.5 million written cells; more copies are a bomb.
 */
export const MAX_REPEATED_CELLS = 8_000_000;

class OpenTable {
  rows: Text[][] = [];
  row: Text[] | null = null;
  cell: Text[] | null = null;
  rowIsHeader = false;
  headerRows = 0;
  firstRowHeader = false;
  pendingCells = 0;
  pendingRows = 0;
  pastLimit = 0;
  /**
   * Opened inside a cell: its text goes to that cell, so its cells stay pieces (joined-text.ts), joined
   * once with the outermost cell rather than at every level of a nest of tables.
   */
  constructor(
    readonly name: string | undefined,
    readonly nested: boolean,
  ) {}
}

/**
 * Collects a document as it is scanned: paragraphs become lines of text, tables become rows of
 * cells. Format walkers (docx, pptx, odf) only translate their elements into these calls.
 * A table opened inside a cell gives its text to that cell; a paragraph inside a cell, to the
 * cell; every other paragraph, to the text lines.
 */
export class DocumentFlow {
  readonly lines: string[] = [];
  readonly tables: DocumentTable[] = [];
  private readonly open: OpenTable[] = [];
  private readonly paragraphs: string[][] = [];
  private diverted = 0;
  private repeatedCells = 0;

  constructor(private readonly options: FlowOptions) {}

  /**
   * A paragraph, table or row element of any office vocabulary (`w:p`, `a:tbl`, `table:table-row`…)
   * as the XML cursor met it. A self-closing paragraph is an empty line; a self-closing table or
   * row holds nothing.
   */
  element(role: 'paragraph' | 'table' | 'row', kind: XmlTokenKind): void {
    const opens = kind === 'open' || (kind === 'empty' && role === 'paragraph');
    const closes = kind === 'close' || (kind === 'empty' && role === 'paragraph');
    if (opens) {
      if (role === 'paragraph') this.openParagraph();
      else if (role === 'table') this.openTable();
      else this.openRow();
    }
    if (closes) {
      if (role === 'paragraph') this.closeParagraph();
      else if (role === 'table') this.closeTable();
      else this.closeRow();
    }
  }

  openTable(name?: string): void {
    this.open.push(new OpenTable(name, Boolean(this.top()?.cell)));
  }

  closeTable(): void {
    // A row left open (a cut or malformed file) ends with its table, before the table is popped:
    // closeRow acts on the innermost table.
    if (this.top()?.row) this.closeRow();
    const table = this.open.pop();
    if (!table) return;
    const outer = this.top();
    if (outer?.cell) outer.cell.push(joinText(table.rows.map((r) => joinText(r.filter(Boolean), ' ')).filter(Boolean), ' '));
    else if (this.options.tablesAsText) for (const r of table.rows) this.lines.push(r.map(flatText).join('\t'));
    else this.tables.push({ rows: flatRows(table.rows), totalRows: table.rows.length + table.pastLimit, headerMarked: table.firstRowHeader || table.headerRows === 1, name: table.name });
  }

  /** The format marks the first row of the current table as its header (PowerPoint `firstRow`). */
  markFirstRowAsHeader(): void {
    const table = this.top();
    if (table) table.firstRowHeader = true;
  }

  openRow(): void {
    const table = this.top();
    if (!table) return;
    if (table.row) this.closeRow();
    table.row = [];
    table.rowIsHeader = false;
    table.pendingCells = 0;
  }

  /** The current row is a header row (Word "repeat as header row", ODF header rows). */
  markHeaderRow(): void {
    const table = this.top();
    if (table?.row) table.rowIsHeader = true;
  }

  closeRow(repeat = 1): void {
    const table = this.top();
    const row = table?.row;
    if (!table || !row) return;
    if (table.cell) this.closeCell();
    table.row = null;
    if (this.options.sparse && row.length === 0) {
      table.pendingRows += repeat;
      return;
    }
    for (let i = Math.min(table.pendingRows, MAX_BLANK_ROWS); i > 0; i--) this.addRows(table, [], 1);
    table.pendingRows = 0;
    if (table.rowIsHeader && table.rows.length === table.headerRows) table.headerRows += repeat;
    this.countCopies(row.length * (repeat - 1));
    this.addRows(table, row, repeat);
  }

  openCell(): void {
    const table = this.top();
    if (table?.row) table.cell = [];
  }

  /**
   * Ends the current cell. `repeat` copies its value (ODF repeated cells); `span` adds empty cells
   * after it (a Word cell merged over several grid columns) so that columns stay aligned.
   * `fallback` stands for a cell that shows no text but holds a value.
   */
  closeCell(repeat = 1, span = 1, fallback?: string): void {
    const table = this.top();
    const row = table?.row;
    if (!table?.cell || !row) return;
    let value = joinText(table.cell.filter((p) => p !== ''), this.options.cellSeparator);
    if (!table.nested) value = flatText(value);
    table.cell = null;
    if (value === '' && fallback) value = fallback;
    if (!this.options.sparse) {
      row.push(value, ...new Array<string>(Math.max(0, Math.min(span, MAX_COLUMNS - row.length) - 1)).fill(''));
      return;
    }
    if (value === '') {
      table.pendingCells += repeat * span;
      return;
    }
    for (let i = Math.min(table.pendingCells, MAX_COLUMNS - row.length); i > 0; i--) row.push('');
    const copies = Math.min(repeat, MAX_COLUMNS - row.length);
    this.countCopies(copies - 1);
    for (let i = 0; i < copies; i++) row.push(value);
    table.pendingCells = span - 1;
  }

  openParagraph(): void {
    this.paragraphs.push([]);
  }

  closeParagraph(): void {
    const parts = this.paragraphs.pop();
    if (!parts) return;
    const text = parts.join('');
    const cell = this.diverted ? null : this.top()?.cell;
    if (cell) cell.push(text);
    else this.lines.push(text);
  }

  /** Text of the current paragraph; text outside any paragraph is layout whitespace. */
  append(text: string): void {
    this.paragraphs[this.paragraphs.length - 1]?.push(text);
  }

  /** Until `undivert`, paragraphs go to the text lines even inside a cell (comments on a cell). */
  divert(): void {
    this.diverted++;
  }

  undivert(): void {
    this.diverted = Math.max(0, this.diverted - 1);
  }

  private top(): OpenTable | undefined {
    return this.open[this.open.length - 1];
  }

  /** Keeps `count` copies of a row (the same array: units are read-only) up to the row limit. */
  private addRows(table: OpenTable, row: Text[], count: number): void {
    const kept = Math.max(0, Math.min(count, this.options.maxRows - table.rows.length));
    for (let i = 0; i < kept; i++) table.rows.push(row);
    table.pastLimit += count - kept;
  }

  private countCopies(cells: number): void {
    this.repeatedCells += Math.max(0, cells);
    if (this.repeatedCells > MAX_REPEATED_CELLS) throw new PartIssueError('too-large', issueDetail('repeated-cells', { limit: MAX_REPEATED_CELLS }));
  }
}
