import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The vendored SARIF 2.1.0 schema (see test/data/sarif/README.md for its provenance). */
export const SARIF_SCHEMA_PATH = new URL('../data/sarif/sarif-2.1.0-rtm.5.json', import.meta.url);
export const SARIF_SCHEMA_SHA256 = '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8';

export const sha256Of = (path: URL) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** RFC 3986 characters, with every % starting an escape: no space, no raw non-ASCII (that would be an IRI). */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A validator for SARIF logs against the official schema. The schema's formats are checked with
 * own RFC 3986 / RFC 3339 tests (ajv-formats is not a dependency), so that an unescaped path is an
 * error, not ignored. `unicodeRegExp: false`: one pattern of the schema (`^[a-zA-Z]{2}|...]?$`)
 * is not a valid regular expression in Unicode mode.
 */
export function sarifValidator(): ValidateFunction {
  // ajv-draft-04 is CommonJS: its class is both module.exports and .default, which TypeScript sees as the latter.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => SCHEME.test(s) && URI_CHARS.test(s));
  ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
  ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')));
}

/** Errors as short lines, for readable test failures. */
export const errorLines = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
