import { issueDetail } from '../../model/issue-details.js';
import { createRequire } from 'node:module';
import type { Entry } from 'yauzl';
import { PartIssueError } from '../../model/issues.js';
import type { TableUnit } from '../../model/units.js';
import type { MessageBudget } from '../budget.js';
import type { ExtractContext } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { entries, entryName, openZip, readEntry } from '../archives/zip-reader.js';
import { decodeXmlEntities } from './office-xml.js';
import { frenchDate, rowCells } from './xlsx-cells.js';

/** A workbook the fast reader leaves to exceljs (it decides before sending anything). */
export class UnsupportedWorkbook extends Error {}

/** What a workbook reader threw, as the part's issue: its own issue, or `corrupt` with the reason. */
export function workbookIssue(e: unknown): PartIssueError {
  return e instanceof PartIssueError ? e : new PartIssueError('corrupt', issueDetail('unreadable-workbook', { cause: (e as Error).message }));
}

/**
 * The fast reader as a parser (`maxXmlBytes`: see readWorkbookFast). It throws UnsupportedWorkbook,
 * before it yields anything, for a workbook it leaves to exceljs.
 */
export function fastWorkbookReader(maxXmlBytes = Infinity): ParserFunction {
  return async function* (content, where, ctx, sendRowsAhead) {
    for await (const unit of readWorkbookFast(content, where, ctx, sendRowsAhead, maxXmlBytes)) yield { kind: 'unit', unit };
  };
}

const require = createRequire(import.meta.url);
/** exceljs's built-in number formats by id (what tells a date from a number without a custom format). */
const BUILTIN_FORMATS = require('exceljs/lib/xlsx/defaultnumformats.js') as Record<string, { f?: string } | undefined>;

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const PARTS = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);
/** Rows sent ahead at a time, as xlsx-read.ts sends them. */
const ROWS_AHEAD = 5_000;

/**
 * What the fast reader does not read as exceljs does, found before anything is sent: a DTD,
 * CDATA, prefixed element names (exceljs reads none of them), rich text or phonetic runs inside a
 * worksheet's cells, cells without their reference.
 */
const UNSUPPORTED_SHEET = /<!DOCTYPE|<!\[CDATA\[|<[A-Za-z_][\w.-]*:(?:row|c|v|f|is|t)[\s>/]|<r[\s>]|<rPh[\s>]/;
/** A start tag longer than this is no spreadsheet's: the workbook is left to exceljs. */
const MAX_TAG = 4096;

/**
 * The attributes of each `<name ...>` start tag in `xml`, in one pass: every tag must close
 * before the next one of that name starts and within MAX_TAG characters, else the workbook is
 * left to exceljs. (A regular expression such as `<c[^>]*>` would scan to the next `>` from every
 * `<c` of a sheet that never closes them: quadratic, in a thread nothing can interrupt.)
 */
function* startTags(xml: string, name: string): Generator<string> {
  const open = `<${name}`;
  let previousEnd = -1;
  for (let at = xml.indexOf(open); at !== -1; at = xml.indexOf(open, at + open.length)) {
    const next = xml.charCodeAt(at + open.length);
    if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x0a && next !== 0x0d && next !== 0x09) continue;
    const end = xml.indexOf('>', at);
    if (at < previousEnd || end === -1 || end - at > MAX_TAG) throw new UnsupportedWorkbook(`a <${name}> tag that does not close`);
    previousEnd = end;
    yield xml.slice(at + open.length, end);
  }
}

/** Whether some cell of the sheet has no reference (`r`): exceljs cannot place it. */
function cellWithoutReference(xml: string): boolean {
  for (const tag of startTags(xml, 'c')) if (attribute(tag, 'r') === undefined) return true;
  return false;
}
const UNSUPPORTED_STRINGS = /<!DOCTYPE|<!\[CDATA\[|<[A-Za-z_][\w.-]*:(?:si|t|r)[\s>/]|<rPh[\s>]/;

/**
 * An attribute's value in a tag's text (`name="..."`, after white space), decoded, or undefined.
 * Found with indexOf: a regular expression per attribute per cell was a tenth of a workbook's time.
 * A value in single quotes is not found (Office writes double quotes): the caller then treats the
 * attribute as missing, and a cell without its reference sends the workbook to exceljs.
 */
function attribute(tag: string, name: string): string | undefined {
  const key = `${name}="`;
  for (let at = tag.indexOf(key); at !== -1; at = tag.indexOf(key, at + 1)) {
    const before = at === 0 ? 0x20 : tag.charCodeAt(at - 1);
    if (before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue;
    const end = tag.indexOf('"', at + key.length);
    return end === -1 ? undefined : decodeXmlEntities(tag.slice(at + key.length, end));
  }
  return undefined;
}

/** The column of a cell reference (`AB12` is 28), 0 when it has none. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else break;
  }
  return col;
}

/** The text of every `<t>` in `xml`, joined (the runs of a rich string). */
function joinedText(xml: string): string {
  let text = '';
  for (let at = xml.indexOf('<t'); at !== -1; at = xml.indexOf('<t', at + 2)) {
    const next = xml.charCodeAt(at + 2);
    if (next !== 0x3e /* > */ && next !== 0x20 && next !== 0x2f /* / */) continue;
    const open = xml.indexOf('>', at);
    if (open === -1) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'text' }));
    if (xml.charCodeAt(open - 1) === 0x2f) continue;
    const close = xml.indexOf('</t>', open);
    if (close === -1) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'text' }));
    text += xml.slice(open + 1, close);
    at = close;
  }
  return decodeXmlEntities(text);
}

/** The shared strings, as exceljs's cache holds them (rich text joined). */
function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const strings: string[] = [];
  for (let at = xml.indexOf('<si'); at !== -1; at = xml.indexOf('<si', at + 3)) {
    const open = xml.indexOf('>', at);
    if (open === -1) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'shared string' }));
    if (xml.charCodeAt(open - 1) === 0x2f) {
      strings.push('');
      continue;
    }
    const close = xml.indexOf('</si>', open);
    if (close === -1) throw new UnsupportedWorkbook('unterminated shared string');
    strings.push(joinedText(xml.slice(open + 1, close)));
    at = close;
  }
  return strings;
}

/** exceljs's test of a number format for a date (utils.isDateFmt). */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** For each cell style index (`s`), whether its number format is a date's. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<string, string>();
  for (const tag of startTags(xml, 'numFmt')) {
    const id = attribute(tag, 'numFmtId');
    const code = attribute(tag, 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(id, code);
  }
  const start = xml.indexOf('<cellXfs');
  if (start === -1) return [];
  const end = xml.indexOf('</cellXfs>', start);
  const dates: boolean[] = [];
  for (const tag of startTags(xml.slice(start, end === -1 ? xml.length : end), 'xf')) {
    const id = attribute(tag, 'numFmtId') ?? '0';
    // A style without a number format (0, or none) has none: exceljs reads it as General.
    dates.push(id !== '0' && isDateFormat(custom.get(id) ?? BUILTIN_FORMATS[id]?.f));
  }
  return dates;
}

/**
 * Whether a row or a column of the sheet carries a date style: exceljs then reads a number in a
 * cell of it that has no style of its own as a date.
 */
function inheritsDateStyle(xml: string, dates: readonly boolean[]): boolean {
  for (const tag of startTags(xml, 'row')) if (dates[Number(attribute(tag, 's') ?? 0)]) return true;
  for (const tag of startTags(xml, 'col')) if (dates[Number(attribute(tag, 'style') ?? 0)]) return true;
  return false;
}

/** Sheet names by worksheet number, as exceljs names them (relations whose target is `worksheets/sheetN.xml`). */
function sheetNames(workbook: string | undefined, rels: string | undefined): Map<string, string> {
  const byId = new Map<string, string>();
  for (const tag of startTags(rels ?? '', 'Relationship')) {
    const target = /^worksheets\/sheet(\d+)\.xml$/.exec(attribute(tag, 'Target') ?? '');
    const id = attribute(tag, 'Id');
    if (target && id) byId.set(id, target[1]);
  }
  const names = new Map<string, string>();
  for (const tag of startTags(workbook ?? '', 'sheet')) {
    const number = byId.get(attribute(tag, 'r:id') ?? '');
    const name = attribute(tag, 'name');
    if (number && name !== undefined && !names.has(number)) names.set(number, name);
  }
  return names;
}

/** What a cell holds as text, as xlsx.ts's cellText gives it for the value exceljs makes of it. */
function cellValue(tag: string, inner: string, strings: readonly string[], dates: readonly boolean[], date1904: boolean): string {
  const type = attribute(tag, 't');
  const vAt = inner.indexOf('<v');
  let v: string | undefined;
  if (vAt !== -1) {
    const open = inner.indexOf('>', vAt);
    const close = inner.indexOf('</v>', open);
    if (open === -1 || (close === -1 && inner.charCodeAt(open - 1) !== 0x2f)) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'value' }));
    v = inner.charCodeAt(open - 1) === 0x2f ? '' : decodeXmlEntities(inner.slice(open + 1, close));
  }
  const formula = /<f[\s>/]/.test(inner);
  if (formula) {
    // A formula's value is its cached result, a number unless the cell says it is text.
    if (v === undefined || v === '') return '';
    return type === 'str' ? v : numberText(v);
  }
  if (type === 'inlineStr') return inner.includes('<is') ? joinedText(inner) : (v ?? '');
  if (v === undefined || v === '') return '';
  switch (type) {
    case 's':
      return strings[parseInt(v, 10)] ?? '';
    case 'str':
      return v;
    case 'e':
      return '';
    case 'b':
      return String(parseInt(v, 10) !== 0);
    default: {
      const style = parseInt(attribute(tag, 's') ?? '0', 10);
      if (style > 0 && dates[style]) {
        const serial = parseFloat(v);
        return frenchDate(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));
      }
      return numberText(v);
    }
  }
}

/** A number cell as exceljs gives it: parsed, then written back (`06` is 6, `1E-3` is 0.001). */
const numberText = (v: string) => String(parseFloat(v));

/**
 * The fast reader of XLSX workbooks: the workbook's XML parts read whole (inflated within the
 * message's budget) and each worksheet's rows taken straight from its XML, about ten times
 * faster than exceljs's streaming reader, with the same text for every cell (strings, rich text,
 * numbers, booleans, dates by their number format, formulas by their cached result). What it does
 * not read as exceljs does (see UNSUPPORTED_SHEET) is found before anything is sent, and the
 * workbook goes to exceljs (UnsupportedWorkbook). A damaged archive is reported as exceljs's path
 * reports it (zip-reader.ts). Parts that inflate past `maxXmlBytes` in all are given up the same way.
 */
export async function* readWorkbookFast(content: Buffer, where: string, ctx: ExtractContext, sendRowsAhead: (rows: string[][]) => void, maxXmlBytes = Infinity): AsyncGenerator<TableUnit> {
  const { limits, budget } = ctx;
  const cap = Math.min(limits.maxPartBytes, budget.inflatedLeft(), maxXmlBytes);
  const zip = await openZip(content);
  const parts = new Map<string, string>();
  const sheets: { number: string; offset: number; xml: string }[] = [];
  let inflated = 0;
  let count = 0;
  for await (const entry of entries(zip)) {
    if (++count > limits.maxArchiveEntries) throw new UnsupportedWorkbook('entries past the limit');
    const name = entryName(entry);
    const sheet = WORKSHEET.exec(name);
    if (!sheet && !PARTS.has(name)) continue;
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new UnsupportedWorkbook('encrypted entry');
    let bytes: Buffer;
    try {
      bytes = await readEntry(zip, entry, cap - inflated);
    } catch (err) {
      if (err instanceof PartIssueError && err.code === 'too-large') throw new UnsupportedWorkbook('past the inflate limits');
      throw err;
    }
    inflated += bytes.length;
    if (bytes[0] === 0xff || bytes[0] === 0xfe) throw new UnsupportedWorkbook('UTF-16 XML');
    const xml = bytes.toString('utf8');
    // Checked as each part comes: a workbook left to exceljs is not read any further here.
    if (sheet && (UNSUPPORTED_SHEET.test(xml) || cellWithoutReference(xml))) throw new UnsupportedWorkbook('worksheet markup exceljs reads its own way');
    if (name === 'xl/sharedStrings.xml' && UNSUPPORTED_STRINGS.test(xml)) throw new UnsupportedWorkbook('shared strings beyond plain and rich text');
    if (sheet) sheets.push({ number: sheet[1], offset: (entry as Entry).relativeOffsetOfLocalHeader, xml });
    else parts.set(name, xml);
  }
  const strings = sharedStrings(parts.get('xl/sharedStrings.xml'));
  const dates = dateStyles(parts.get('xl/styles.xml'));
  const workbook = parts.get('xl/workbook.xml');
  const date1904 = [...startTags(workbook ?? '', 'workbookPr')].some((tag) => ['1', 'true'].includes(attribute(tag, 'date1904') ?? ''));
  const names = sheetNames(workbook, parts.get('xl/_rels/workbook.xml.rels'));
  for (const s of sheets) if (inheritsDateStyle(s.xml, dates)) throw new UnsupportedWorkbook('dates set by row or column styles');
  budget.chargeInflated(inflated);
  // exceljs meets the worksheets in the archive's order.
  sheets.sort((a, b) => a.offset - b.offset);
  let n = 0;
  for (const sheet of sheets) {
    n++;
    yield readSheet(sheet.xml, `${where}#${names.get(sheet.number) ?? `sheet${n}`}`, { strings, dates, date1904, maxRows: limits.maxRowsPerTable, budget, sendRowsAhead });
    sheet.xml = '';
  }
}

interface SheetContext {
  strings: readonly string[];
  dates: readonly boolean[];
  date1904: boolean;
  maxRows: number;
  budget: MessageBudget;
  sendRowsAhead: (rows: string[][]) => void;
}

/** One worksheet's rows, charged and sent ahead as xlsx-read.ts does; the table keeps the last batch. */
function readSheet(xml: string, where: string, c: SheetContext): TableUnit {
  let rows: string[][] = [];
  let kept = 0;
  let total = 0;
  const data = xml.indexOf('<sheetData');
  for (let at = data === -1 ? -1 : xml.indexOf('<row', data); at !== -1; at = xml.indexOf('<row', at)) {
    const after = xml.charCodeAt(at + 4);
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x0a && after !== 0x0d && after !== 0x09) {
      at += 4;
      continue;
    }
    const open = xml.indexOf('>', at);
    const empty = xml.charCodeAt(open - 1) === 0x2f;
    const close = empty ? open : xml.indexOf('</row>', open);
    if (open === -1 || close === -1) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'row' }));
    const values: string[] = [];
    for (let cAt = xml.indexOf('<c', open); cAt !== -1 && cAt < close; cAt = xml.indexOf('<c', cAt + 2)) {
      const next = xml.charCodeAt(cAt + 2);
      if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x0a && next !== 0x0d && next !== 0x09) continue;
      const tagEnd = xml.indexOf('>', cAt);
      const tag = xml.slice(cAt + 2, tagEnd);
      const selfClosing = xml.charCodeAt(tagEnd - 1) === 0x2f;
      const cellEnd = selfClosing ? tagEnd : xml.indexOf('</c>', tagEnd);
      if (cellEnd === -1) throw new PartIssueError('corrupt', issueDetail('workbook-unclosed', { element: 'cell' }));
      const column = columnOf(attribute(tag, 'r') ?? '');
      // A later cell at the same place replaces the earlier one, as in exceljs's row.
      if (column > 0) values[column] = selfClosing ? '' : cellValue(tag, xml.slice(tagEnd + 1, cellEnd), c.strings, c.dates, c.date1904);
      cAt = cellEnd;
    }
    at = empty ? open + 1 : close + 6;
    total++;
    const cells = rowCells(values);
    c.budget.chargeCells(Math.max(1, cells.length));
    if (kept < c.maxRows) {
      rows.push(cells);
      kept++;
      if (rows.length === ROWS_AHEAD) {
        c.sendRowsAhead(rows);
        rows = [];
      }
    }
    if ((total & 0x3ff) === 0) c.budget.checkTime();
  }
  return { kind: 'table', where, header: null, rows, totalRows: total };
}
