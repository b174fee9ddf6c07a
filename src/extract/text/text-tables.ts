import type { Unit } from '../../model/units.js';
import { isLabelledForm, LABELLED_FORM_SAMPLE } from './labelled-form.js';

/** How a line splits into cells: by a delimiter, by runs of 2+ spaces, or not at all. */
type Delimiter = '\t' | ';' | '|';
type LineShape =
  | { kind: 'delimited'; delimiter: Delimiter; cells: string[] }
  | { kind: 'aligned' }
  | { kind: 'rule' }
  | { kind: 'other' };

const MIN_ROWS = 3;
const MIN_COLUMNS = 3;
/** Longer cells are sentences: "a ; b ; c" in prose is no table. */
const MAX_CELL = 80;
/** Wider lines are not hand-aligned tables; the cap also bounds the per-line column work. */
const MAX_ALIGNED_WIDTH = 400;

/** A quoted reply ("> ...") stays text: it is someone else's message, scored line by line. */
const QUOTED = /^\s*>/;
/**
 * Borders and header rules: `-----  ----`, `|---|:--:|`, `+----+----+`, `=====`. Three rule
 * characters, not `{3,}`: the class after them takes the rest, and two quantifiers over the same
 * characters made a long run of dashes with something else at its end quadratic.
 */
const RULE = /^[\s|+:]*[-=_~]{3}[-=_~\s|+:]*$/;
/**
 * iCalendar and vCard text: `ATTENDEE;CN=...;ROLE=...:mailto:...` lines split on ";" like rows, but
 * they are properties, and score-text knows to skip a calendar's own attendees.
 */
const CALENDAR_OR_CARD = /^\s*BEGIN:(?:VCALENDAR|VCARD)\b/i;
/** Two cells apart: 2+ spaces between non-spaces. */
const ALIGNED_GAP = /\S {2,}(?=\S)/g;

function delimitedCells(line: string, delimiter: Delimiter): string[] {
  // A Markdown or ASCII table opens and closes each row with a pipe.
  const body = delimiter === '|' ? line.trim().replace(/^\|/, '').replace(/\|$/, '') : line;
  return body.split(delimiter).map((cell) => cell.trim());
}

function shapeOf(line: string): LineShape {
  if (QUOTED.test(line) || !line.trim()) return { kind: 'other' };
  if (RULE.test(line)) return { kind: 'rule' };
  for (const delimiter of ['\t', '|', ';'] as const) {
    if (!line.includes(delimiter)) continue;
    const cells = delimitedCells(line, delimiter);
    if (cells.length >= MIN_COLUMNS && cells.every((c) => c.length <= MAX_CELL)) return { kind: 'delimited', delimiter, cells };
  }
  if (line.length <= MAX_ALIGNED_WIDTH && !line.includes('\t') && (line.match(ALIGNED_GAP)?.length ?? 0) >= 1) return { kind: 'aligned' };
  return { kind: 'other' };
}

/**
 * Character spans of the columns of aligned lines: runs of positions where some line has a
 * character (`used`, or the candidate `line` when given), apart by 2+ positions where none has.
 */
function alignedColumns(used: readonly boolean[], line = ''): { start: number; end: number }[] {
  const columns: { start: number; end: number }[] = [];
  let blanks = 2;
  const width = Math.max(used.length, line.length);
  for (let i = 0; i < width; i++) {
    if (!used[i] && (i >= line.length || line[i] === ' ')) {
      blanks++;
      continue;
    }
    if (blanks >= 2 || columns.length === 0) columns.push({ start: i, end: i + 1 });
    else columns[columns.length - 1].end = i + 1;
    blanks = 0;
  }
  return columns;
}

interface Block {
  /** Index of the block's first line, and of the line after its last. */
  start: number;
  end: number;
  /** Row lines only (rules left out). */
  rows: number[];
  delimiter?: Delimiter;
  cellCount: number;
  /** Aligned blocks: positions where any row has a character (holes are unset). */
  used: boolean[];
  /** A rule right under the first row marks it as the header. */
  ruledHeader: boolean;
}

/**
 * Finds the tables of a plain text: at least 3 consecutive lines that split into the same 3 or
 * more columns, by tab, `;` or `|` (same number of cells), or by runs of 2+ spaces at the same
 * character positions. Prose, quoted replies, signatures and address blocks do not split that way
 * and stay text. One pass; each line is compared with the open block only.
 */
function findTextTables(lines: readonly string[]): { tables: { header: string[] | null; rows: string[][] }[]; consumed: boolean[] } {
  const tables: { header: string[] | null; rows: string[][] }[] = [];
  const consumed: boolean[] = new Array(lines.length).fill(false);
  let block: Block | null = null;
  const close = () => {
    const table = block && block.rows.length >= MIN_ROWS ? tableOf(block, lines) : null;
    if (block && table && !isLabelledForm(table.header ? [table.header, ...table.rows.slice(0, LABELLED_FORM_SAMPLE)] : table.rows)) {
      tables.push(table);
      consumed.fill(true, block.start, block.end);
    }
    block = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const shape = shapeOf(lines[i]);
    if (block && extend(block, shape, lines[i], i)) continue;
    close();
    block = open(shape, lines[i], i);
  }
  close();
  return { tables, consumed };
}

function open(shape: LineShape, line: string, i: number): Block | null {
  const base = { start: i, end: i + 1, rows: [i], ruledHeader: false, used: [] as boolean[] };
  if (shape.kind === 'delimited') return { ...base, delimiter: shape.delimiter, cellCount: shape.cells.length };
  if (shape.kind !== 'aligned') return null;
  const used: boolean[] = [];
  markUsed(used, line);
  const cellCount = alignedColumns(used).length;
  return cellCount >= MIN_COLUMNS ? { ...base, used, cellCount } : null;
}

function markUsed(used: boolean[], line: string): void {
  for (let i = 0; i < line.length; i++) if (line[i] !== ' ') used[i] = true;
}

/**
 * A rule goes on any block; a delimited row needs the block's delimiter and cell count; an aligned
 * row must not bridge the gap between two columns (their number must not drop).
 */
function extend(block: Block, shape: LineShape, line: string, i: number): boolean {
  if (shape.kind === 'rule') {
    if (block.rows.length === 1 && block.end === i) block.ruledHeader = true;
    block.end = i + 1;
    return true;
  }
  const sameCells = shape.kind === 'delimited' && block.delimiter === shape.delimiter && shape.cells.length === block.cellCount;
  if (!sameCells && !(shape.kind === 'aligned' && !block.delimiter && alignsWith(block, line))) return false;
  block.rows.push(i);
  block.end = i + 1;
  return true;
}

/** Adds an aligned line to the block's columns unless it bridges two of them. */
function alignsWith(block: Block, line: string): boolean {
  const count = alignedColumns(block.used, line).length;
  if (count < block.cellCount) return false;
  markUsed(block.used, line);
  block.cellCount = count;
  return true;
}

function tableOf(block: Block, lines: readonly string[]): { header: string[] | null; rows: string[][] } {
  let cellsOf: (line: string) => string[];
  if (block.delimiter) {
    const delimiter = block.delimiter;
    cellsOf = (line) => delimitedCells(line, delimiter);
  } else {
    const columns = alignedColumns(block.used);
    cellsOf = (line) => columns.map((c, k) => line.slice(c.start, columns[k + 1]?.start ?? line.length).trim());
  }
  const rows = block.rows.map((i) => cellsOf(lines[i]));
  return block.ruledHeader ? { header: rows[0], rows: rows.slice(1) } : { header: null, rows };
}

/**
 * Units of a plain text: its tables (the first `maxRows` rows of each kept, all counted), and the
 * other lines as one text unit. A text with no table is returned whole, untouched.
 */
export function textToUnits(text: string, where: string, maxRows = Infinity): Unit[] {
  if (CALENDAR_OR_CARD.test(text)) return [{ kind: 'text', where, text }];
  const lines = text.split(/\r?\n/);
  const { tables, consumed } = findTextTables(lines);
  if (tables.length === 0) return [{ kind: 'text', where, text }];
  const rest = lines.filter((_, i) => !consumed[i]).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  const units: Unit[] = rest ? [{ kind: 'text', where, text: rest }] : [];
  tables.forEach((t, n) => units.push({ kind: 'table', where: `${where}#table${n + 1}`, header: t.header, rows: t.rows.slice(0, maxRows), totalRows: t.rows.length }));
  return units;
}
