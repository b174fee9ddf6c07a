import Papa from 'papaparse';
import { extractPart } from '../extract/extract-part.js';
import type { ExtractLog } from '../extract/extract-part.js';
import { messageContext } from '../extract/extractor.js';
import { sniffType } from '../extract/sniff.js';
import { jsonRecords, JsonRecordsError, type JsonRecords } from '../extract/text/json-records.js';
import { decodeText } from '../extract/text/decode-text.js';
import { DEFAULT_LIMITS } from '../model/limits.js';
import type { Limits } from '../model/limits.js';
import { FingerprintError } from './fingerprint-key.js';

/** One row of a customer base, with where a person finds it again in the file. */
export interface BaseRow {
  cells: string[];
  /** "line 12" of a CSV, "row 12" of a sheet, "record 12" of a JSON array. */
  at: string;
}

/** One table of a customer base: a CSV, a sheet, a JSON array. */
export interface BaseTable {
  where: string;
  header: string[];
  /** Hands each row after the header to `visit`, in file order (a CSV's as it is parsed). */
  eachRow(visit: (row: BaseRow) => void): void;
}

/** How far a base's header may sit below the top (title rows above it), as in scanned tables. */
const HEADER_SEARCH_ROWS = 12;

/**
 * A customer base as the organisation exports it: CSV or TSV (streamed, any size; a database dump
 * as CSV), JSON (an array of objects, or NDJSON, nested objects flattened to `a.b`), or any
 * spreadsheet the scanner reads (XLSX, XLS, ODS) through the scanner's own extractors. A file that
 * cannot be read whole is an error: a base missing its second half would make a fingerprint file
 * that silently misses those customers.
 */
export async function* readCustomerBase(name: string, content: Buffer, isHeader: (cell: string) => boolean): AsyncGenerator<BaseTable> {
  const first = content.subarray(0, 64).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (first.startsWith('[') || first.startsWith('{')) {
    yield jsonTable(name, decodeText(content));
    return;
  }
  const type = sniffType({ content, declaredType: null });
  if (type === 'csv' || type === 'text') {
    yield csvTable(name, decodeText(content), isHeader);
    return;
  }
  // Spreadsheets through the scanner's extractors, with the limits of a base, not of a mail.
  const limits: Limits = { ...DEFAULT_LIMITS, maxPartBytes: Number.MAX_SAFE_INTEGER, maxCellsPerMessage: Number.MAX_SAFE_INTEGER, maxRowsPerTable: Number.MAX_SAFE_INTEGER, partTimeoutMs: 30 * 60_000, messageTimeoutMs: 30 * 60_000, maxInflatedBytes: 8 * 1024 ** 3, parserHeapMb: 4096 };
  const log: ExtractLog = { parts: [], issues: [] };
  const tables: BaseTable[] = [];
  for await (const { unit } of extractPart({ where: name, filename: name, declaredType: null, content, depth: 0 }, messageContext(limits), log, true)) {
    if (unit.kind !== 'table') continue;
    const headerAt = unit.header ? -1 : baseHeaderRow(unit.rows, isHeader);
    const header = unit.header ?? (headerAt >= 0 ? unit.rows[headerAt] : null);
    if (!header) continue;
    const rows = unit.rows;
    const offset = headerAt + 1;
    tables.push({
      where: unit.where,
      header,
      eachRow: (visit) => {
        for (let i = offset; i < rows.length; i++) visit({ cells: rows[i], at: `row ${i + 1 + (unit.header ? 1 : 0)}` });
      },
    });
  }
  const issue = log.issues[0];
  if (issue) throw new FingerprintError(`${issue.where}: cannot read the customer base: ${issue.detail}`);
  if (tables.length === 0) throw new FingerprintError(`${name}: no table with a header row found (a CSV, a spreadsheet or a JSON array of customers is expected)`);
  yield* tables;
}

/**
 * A CSV streamed row by row (papaparse's step), so that a million-row dump is never held as rows;
 * the header is the first of the top rows that names a column (baseHeaderRow).
 */
function csvTable(name: string, text: string, isHeader: (cell: string) => boolean): BaseTable {
  const top = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: 'greedy', preview: HEADER_SEARCH_ROWS });
  const headerAt = baseHeaderRow(top.data, isHeader);
  if (headerAt < 0) throw new FingerprintError(`${name}: no header row found in its first ${HEADER_SEARCH_ROWS} rows (name the columns, or use --column "HEADER=ENTITY")`);
  return {
    where: name,
    header: top.data[headerAt],
    eachRow: (visit) => {
      // Lines counted as the parser moves on, from one row's end to the next: linear in the file.
      let line = 1;
      let counted = 0;
      let seen = 0;
      let broken = false;
      Papa.parse<string[]>(text, {
        delimiter: top.meta.delimiter,
        skipEmptyLines: 'greedy',
        step: (result, parser) => {
          // Lines papaparse skipped (blank, or delimiters only) belong before this row: counted first, so that `start` is its own line.
          for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < result.meta.cursor && isBlank(text.slice(counted, nl), top.meta.delimiter); nl = text.indexOf('\n', counted)) {
            line++;
            counted = nl + 1;
          }
          const start = line;
          for (let i = text.indexOf('\n', counted); i !== -1 && i < result.meta.cursor; i = text.indexOf('\n', i + 1)) line++;
          counted = result.meta.cursor;
          if (result.errors.some((e) => e.type === 'Quotes')) {
            broken = true;
            parser.abort();
            return;
          }
          if (seen++ > headerAt) visit({ cells: result.data, at: `line ${start}` });
        },
      });
      if (broken) throw new FingerprintError(`${name}: an unclosed quote makes the rest of the file one field: fix the file before fingerprinting it`);
    },
  };
}

/**
 * A base's header row: the first of the top rows with a cell that names a column (the lexicon's
 * headers, or --column's) and no value in it (no @, no run of 4 digits). One named column is
 * enough: an export of e-mails alone is a base too.
 */
function baseHeaderRow(rows: readonly string[][], isHeader: (cell: string) => boolean): number {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const row = rows[i];
    if (row.some((c) => c.includes('@') || /\d{4}/.test(c))) continue;
    if (row.some((c) => c.trim() !== '' && isHeader(c))) return i;
  }
  return -1;
}

/** A line papaparse's greedy mode skips: white space and delimiters only. */
const isBlank = (line: string, delimiter: string) => line.split(delimiter).join('').trim() === '';

/**
 * A JSON array of objects (or one object holding such arrays: the first is the base), or NDJSON:
 * one row per object, keys as the header (json-records.ts, as a scan reads a JSON attachment).
 */
function jsonTable(name: string, text: string): BaseTable {
  let records: JsonRecords;
  try {
    records = jsonRecords(text)[0];
  } catch (err) {
    if (err instanceof JsonRecordsError) throw new FingerprintError(`${name}: ${err.message}`);
    throw err;
  }
  return {
    where: name,
    header: records.header,
    eachRow: (visit) => {
      for (let i = 0; i < records.rows.length; i++) visit({ cells: records.rows[i], at: records.at(i) });
    },
  };
}
