import type { PersonKeySet } from './person-key-set.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { SeenMatches } from '../detect/seen-matches.js';
import type { Finding } from '../model/findings.js';
import type { TableUnit, Unit } from '../model/units.js';
import { areLabelColumns, isTownLine } from '../model/town-line.js';
import { widestRow } from './profile-columns.js';
import { scoreTable } from './score-table.js';
import { scoreText } from './score-text.js';

// Defined once: a callback made per call was compiled again by V8 for nearly every table.
const hasText = (line: string) => line.trim() !== '';

/** What scoring needs to know of the message and the run around a unit. */
export interface ScoreContext {
  /** The message's own From/To/Cc addresses, which are not findings. */
  headerAddresses?: ReadonlySet<string>;
  /** The run's detectors, header words, role addresses and allowlist (the built-in ones when absent). */
  detection?: DetectionSettings;
  /** Sees every personal e-mail value the unit's scorer counts (the mass-mailing check). */
  onEmail?: (value: string) => void;
  /** Records what scoring finds in the unit (a text's detector values, a table's header row), for matching it with the customers' fingerprints. */
  seen?: SeenMatches;
}

/** Scores one content unit; `keys` identify its people so a message counts distinct people. */
export function scoreUnit(unit: Unit, inAttachment: boolean, context: ScoreContext = {}): { finding: Finding; keys: PersonKeySet } | null {
  if (unit.kind === 'text') return scoreText(unit, inAttachment, context.headerAddresses, context.detection, context.onEmail, context.seen);
  const text = isLabelSheet(unit) ? labelsAsText(unit) : isLineLabelSheet(unit) ? lineLabelsAsText(unit) : null;
  if (text === null) return scoreTable(unit, inAttachment, context.detection, context.onEmail, context.seen);
  return scoreText({ kind: 'text', where: unit.where, text }, inAttachment, context.headerAddresses, context.detection, context.onEmail);
}

/** A cell holding a whole address: a postcode among words, over 15 characters. */
const ADDRESS_CELL = /^(?=[^]{15})(?=[^]*[A-Za-zÀ-ÿ]{2}[^]*[A-Za-zÀ-ÿ]{2})[^]*(?<![\d])\d{5}(?![\d])/;
/** Labels a sheet needs: fewer cells are a table with an address column, not a sheet of labels. */
const MIN_LABELS = 4;

/**
 * A sheet of labels (Avery-style mail-merge output, 2 to 4 across and many down, in a Word or
 * OpenDocument table or a spreadsheet): every filled cell holds a whole address block. Read by
 * columns, its cells are mixed lines; each label is a record instead. A customer table has one
 * address column among others, so most of its cells are no address.
 */
export function isLabelSheet(unit: TableUnit): boolean {
  let filled = 0;
  let labels = 0;
  for (let r = unit.header ? -1 : 0; r < unit.rows.length; r++) {
    for (const cell of r < 0 ? (unit.header as string[]) : unit.rows[r]) {
      if (!cell || !cell.trim()) continue;
      filled++;
      if (ADDRESS_CELL.test(cell)) labels++;
    }
    // A sheet is decided on its first rows: a customer table stops looking like one at once.
    if (filled >= 200 && labels * 5 < filled * 4) return false;
  }
  return labels >= MIN_LABELS && labels * 5 >= filled * 4;
}

/** A label sheet as text: each cell a block of its own, between blank lines (see addressBlocks). */
function labelsAsText(unit: TableUnit): string {
  const cells: string[] = [];
  for (let r = unit.header ? -1 : 0; r < unit.rows.length; r++) {
    for (const cell of r < 0 ? (unit.header as string[]) : unit.rows[r]) if (cell && cell.trim()) cells.push(cell.trim());
  }
  return cells.join('\n\n');
}

const LINE_SHEET_SAMPLE = 300;

/**
 * The same sheet printed to PDF: its labels side by side come out as a table of lines, a column a
 * label column, each label its lines down that column. Every column has town lines (postcode and
 * town) among its others, a few in ten: the end of each label. A customer table's "CP Ville"
 * column is all town lines, and its other columns have none.
 */
export function isLineLabelSheet(unit: TableUnit): boolean {
  if (unit.rows.length < 3) return false;
  // Decided on the first rows: a sheet of labels is the same all the way down, and a large table is not read twice.
  const sample = unit.rows.slice(0, LINE_SHEET_SAMPLE);
  const width = widestRow(sample, 50);
  const columns: string[][] = [];
  for (let c = 0; c < width; c++) {
    const lines: string[] = [];
    for (const row of sample) lines.push(row[c] ?? '');
    // An empty column (a cell start seen once) says nothing either way.
    if (lines.some(hasText)) columns.push(lines);
  }
  return areLabelColumns(columns);
}

/** A PDF label sheet as text: down each column, a label ends at its town line; labels between blank lines. */
function lineLabelsAsText(unit: TableUnit): string {
  const blocks: string[] = [];
  const rows = unit.header ? [unit.header, ...unit.rows] : unit.rows;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (let c = 0; c < width; c++) {
    let lines: string[] = [];
    for (const row of rows) {
      const cell = row[c]?.trim();
      if (!cell) continue;
      lines.push(cell);
      if (isTownLine(cell)) {
        blocks.push(lines.join('\n'));
        lines = [];
      }
    }
    if (lines.length) blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}
