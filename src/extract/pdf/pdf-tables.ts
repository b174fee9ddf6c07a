import type { PageLine, PlacedText } from './pdf-lines.js';
import { joinRuns, segmentStarts } from './pdf-lines.js';
import { isLabelledForm, LABELLED_FORM_SAMPLE } from '../text/labelled-form.js';
import { areLabelColumns, isTownLine } from '../../model/town-line.js';

/** A table read back from positions: cells by column, the header when the layout marks one. */
interface LaidOutTable {
  header: string[] | null;
  rows: string[][];
}

/** What a PDF's lines are made of: tables, and every other line as text, in reading order. */
interface PdfLayout {
  tables: LaidOutTable[];
  textLines: string[];
}

/** A column is known by the x where its cells start (left-aligned, as exports write them). */
interface Column {
  x: number;
  /** Lines with a cell starting here: a one-off start is a split cell, not a column. */
  hits: number;
}

interface Block {
  lines: PageLine[];
  columns: Column[];
  /** The text line just above the block: its header, when the header's cells ran too close together to open the block. */
  above?: PageLine;
}

const MIN_ROWS = 3;
const MIN_COLUMNS = 3;
/** Lines a run of two columns needs to be read as labels two across: two rows of three-line labels. */
const MIN_PAIR_LINES = 6;
/** More column starts than any real table has: a block growing past it is scattered text. */
const MAX_COLUMNS = 64;
/** Cell starts this close (fraction of the font height) are one column: producers round positions. */
const COLUMN_TOLERANCE = 0.3;

const toleranceOf = (line: PageLine) => Math.max(1, COLUMN_TOLERANCE * (line.items[0]?.size ?? 0));

/** Pairs sorted cell starts with sorted columns in one pass: indices of matched columns, and the starts that matched none. */
function matchStarts(starts: readonly number[], columns: readonly { x: number }[], tolerance: number): { matched: number[]; unmatched: number[] } {
  const matched: number[] = [];
  const unmatched: number[] = [];
  let j = 0;
  for (const x of starts) {
    while (j < columns.length && columns[j].x < x - tolerance) j++;
    if (j < columns.length && Math.abs(columns[j].x - x) <= tolerance) matched.push(j++);
    else unmatched.push(x);
  }
  return { matched, unmatched };
}

/** Merges new column starts (sorted) into the sorted column list. */
function withColumns(columns: readonly Column[], starts: readonly number[]): Column[] {
  const merged: Column[] = [];
  let i = 0;
  for (const x of starts) {
    while (i < columns.length && columns[i].x < x) merged.push(columns[i++]);
    merged.push({ x, hits: 1 });
  }
  while (i < columns.length) merged.push(columns[i++]);
  return merged;
}

/**
 * Finds tables in a PDF's lines, fed in reading order (page after page, top to bottom). A table is
 * a run of at least 3 consecutive lines whose cells start at the same x positions, with at least 3
 * such columns. Each line is compared with the columns of the open block only, so the whole pass
 * is linear in the number of runs. A table that goes on over the next page with the same columns
 * (past a page footer or a title) is one table, its repeated header dropped.
 */
export class PdfTableFinder {
  private open: Block | null = null;
  private readonly tables: Block[] = [];
  private readonly textLines: string[] = [];
  /** The last line that went to text, while it is the line just read. */
  private lastText: PageLine | undefined;
  /** A run of lines in two columns at the same places: labels printed two across, or text (see pushPair). */
  private pair: { lines: PageLine[]; columns: Column[] } | null = null;

  push(line: PageLine): void {
    const starts = segmentStarts(line);
    if (this.open && this.extend(this.open, line, starts)) return;
    this.close();
    if (starts.length <= 2 && this.pushPair(line, starts)) return;
    this.flushPair();
    if (starts.length >= MIN_COLUMNS) {
      this.open = { lines: [line], columns: starts.map((x) => ({ x, hits: 1 })), above: this.lastText };
      this.lastText = undefined;
    } else {
      this.pushText(line);
    }
  }

  finish(): PdfLayout {
    this.close();
    this.flushPair();
    return { tables: this.tables.map(toTable), textLines: this.textLines };
  }

  /**
   * A line goes on the block when at least two of its cells, and at least half of them, start at
   * known columns; its other cells start new columns (a column empty in the rows so far).
   */
  private extend(block: Block, line: PageLine, starts: number[]): boolean {
    const { matched, unmatched } = matchStarts(starts, block.columns, toleranceOf(line));
    if (matched.length < 2 || matched.length * 2 < starts.length) return false;
    if (block.columns.length + unmatched.length > MAX_COLUMNS) return false;
    for (const j of matched) block.columns[j].hits++;
    if (unmatched.length > 0) block.columns = withColumns(block.columns, unmatched);
    block.lines.push(line);
    return true;
  }

  private close(): void {
    const block = this.open;
    this.open = null;
    if (!block) return;
    const minHits = Math.max(2, Math.ceil(block.lines.length / 20));
    const columns = block.columns.filter((c) => c.hits >= minHits);
    if (block.lines.length < MIN_ROWS || columns.length < MIN_COLUMNS || isLabelledForm(block.lines.slice(0, LABELLED_FORM_SAMPLE).map((line) => cellsOf(line, columns).cells))) {
      for (const line of block.lines) this.pushText(line);
      return;
    }
    const table = { lines: block.lines, columns };
    if (block.above && isHeaderOf(block.above, table)) {
      table.lines.unshift(block.above);
      this.textLines.pop();
    }
    const previous = this.tables[this.tables.length - 1];
    if (!previous || !continueTable(previous, table)) this.tables.push(table);
  }

  /**
   * Labels two across come out as lines of two runs, too few columns for a table: such lines are
   * held while they start at the same two places (a line of one run at either place too: a label
   * shorter than its neighbour), then read as a table when each column ends labels (see
   * areLabelColumns), else given to text as they came. False when the line opens no run.
   */
  private pushPair(line: PageLine, starts: number[]): boolean {
    const pair = this.pair;
    if (pair && starts.length > 0 && matchStarts(starts, pair.columns, toleranceOf(line)).unmatched.length === 0) {
      pair.lines.push(line);
      return true;
    }
    this.flushPair();
    if (starts.length !== 2) return false;
    this.pair = { lines: [line], columns: starts.map((x) => ({ x, hits: 1 })) };
    return true;
  }

  private flushPair(): void {
    const pair = this.pair;
    this.pair = null;
    if (!pair) return;
    const rows = pair.lines.map((line) => cellsOf(line, pair.columns).cells);
    // One-run lines after the last row of two, past the last town line, are the text after the sheet.
    let end = rows.length;
    while (end > 0 && segmentStarts(pair.lines[end - 1]).length < 2 && !rows[end - 1].some(isTownLine)) end--;
    const labels = rows.slice(0, end);
    if (end >= MIN_PAIR_LINES && areLabelColumns(pair.columns.map((_, c) => labels.map((row) => row[c])))) {
      this.tables.push({ lines: pair.lines.slice(0, end), columns: pair.columns });
      this.lastText = undefined;
      for (const line of pair.lines.slice(end)) this.pushText(line);
      return;
    }
    for (const line of pair.lines) this.pushText(line);
  }

  private pushText(line: PageLine): void {
    this.textLines.push(joinRuns(line.items));
    this.lastText = line;
  }
}

/** A line of at least two runs on the table's first page, every run starting at one of its columns. */
function isHeaderOf(line: PageLine, table: Block): boolean {
  if (line.page !== table.lines[0].page || line.items.length < 2) return false;
  const { unmatched } = matchStarts(line.items.map((item) => item.x), table.columns, toleranceOf(line));
  return unmatched.length === 0;
}

/**
 * Appends `next` to `previous` when it starts on the page after the one `previous` ends on and
 * their columns agree (all the columns of the narrower one are columns of the other).
 */
function continueTable(previous: Block, next: Block): boolean {
  const lastPage = previous.lines[previous.lines.length - 1].page;
  if (next.lines[0].page !== lastPage + 1) return false;
  const { matched, unmatched } = matchStarts(next.columns.map((c) => c.x), previous.columns, toleranceOf(next.lines[0]));
  if (matched.length < MIN_COLUMNS || matched.length < Math.min(previous.columns.length, next.columns.length)) return false;
  previous.columns = withColumns(previous.columns, unmatched);
  previous.lines.push(...next.lines);
  return true;
}

/** Cells of a line by column: each run goes to the last column starting at or before it. */
function cellsOf(line: PageLine, columns: readonly Column[]): { cells: string[]; fonts: Set<string> } {
  const tolerance = toleranceOf(line);
  const runs: PlacedText[][] = columns.map(() => []);
  const fonts = new Set<string>();
  let c = 0;
  for (const item of line.items) {
    while (c + 1 < columns.length && columns[c + 1].x <= item.x + tolerance) c++;
    runs[c].push(item);
    fonts.add(item.font);
  }
  return { cells: runs.map(joinRuns), fonts };
}

/**
 * Rows of a block. The first row is the header when the layout sets it apart: none of its fonts
 * is used by the data rows (a bold header). A row that opens a later page and repeats the first
 * row is the header printed again, not data.
 */
function toTable(block: Block): LaidOutTable {
  const rows: string[][] = [];
  const firstFonts = new Set<string>();
  const dataFonts = new Set<string>();
  let firstKey = '';
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.lines[i];
    const { cells, fonts } = cellsOf(line, block.columns);
    const key = cells.join('\u0000');
    if (i === 0) {
      firstKey = key;
      for (const f of fonts) firstFonts.add(f);
    } else if (line.page !== block.lines[i - 1].page && key === firstKey) {
      continue;
    } else {
      for (const f of fonts) dataFonts.add(f);
    }
    rows.push(cells);
  }
  const headerApart = rows.length > 1 && [...firstFonts].every((f) => !dataFonts.has(f));
  return headerApart ? { header: rows[0], rows: rows.slice(1) } : { header: null, rows };
}
