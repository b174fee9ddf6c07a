import { keyedRows, NotRecordsError } from './records-table.js';

/**
 * Records of a JSON export (an API dump, a CRM export) as a table: an array of objects, or NDJSON
 * (one object a line), the keys as the header, nested objects flattened to `a.b` (`adresse.code_postal`),
 * arrays of plain values joined by a space. What the header lexicon reads as any header
 * (`first_name`, `codePostal`, `numero_abonne`). Shared by the scan's JSON reader and by
 * `pii-scan fingerprint`, which reads a customer base exported so.
 */
export interface JsonRecords {
  /** The array's path in the document (`clients`, `data.items`), '' for the whole document or NDJSON. */
  path: string;
  header: string[];
  rows: string[][];
  /** Where record `i` is, for a person: "record 12" of an array, "line 12" of NDJSON. */
  at: (i: number) => string;
}

/** Why a text is not JSON records, in one line. */
export class JsonRecordsError extends NotRecordsError {}

/**
 * Every array of objects in a JSON document (not those inside another one's records), or the
 * records of an NDJSON text. Throws JsonRecordsError when the text is neither.
 */
export function jsonRecords(text: string): JsonRecords[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [ndjsonRecords(text)];
  }
  const found: JsonRecords[] = [];
  arraysOfObjects(parsed, '', found);
  if (found.length === 0) throw new JsonRecordsError('a JSON document without an array of records');
  return found;
}

function arraysOfObjects(value: unknown, path: string, found: JsonRecords[]): void {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      found.push(table(path, value, (i) => `record ${i + 1}`));
      return;
    }
    value.forEach((v, i) => arraysOfObjects(v, path ? `${path}.${i}` : String(i), found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) arraysOfObjects(v, path ? `${path}.${k}` : k, found);
  }
}

function ndjsonRecords(text: string): JsonRecords {
  const lines = text.split('\n');
  const records: unknown[] = [];
  const lineOf: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    try {
      records.push(JSON.parse(lines[i]));
      lineOf.push(i + 1);
    } catch {
      throw new JsonRecordsError(`line ${i + 1}: not JSON (a JSON array, or one object a line, is expected)`);
    }
  }
  if (records.length === 0) throw new JsonRecordsError('no JSON record');
  return table('', records, (i) => `line ${lineOf[i]}`);
}

function table(path: string, records: unknown[], at: (i: number) => string): JsonRecords {
  return { path, ...keyedRows(records.map((r) => flatten(r))), at };
}

/** An object's scalar values by path (`adresse.code_postal`); arrays of scalars joined by a space. */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) out.set(prefix, value.filter((v) => v !== null).join(' '));
    else value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}
