import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { MessageBudget } from '../budget.js';
import type { ExtractContext } from '../extractor.js';
import type { TableUnit, TextUnit } from '../../model/units.js';
import type { DocumentTable } from './document-flow.js';
import { entries, entryName, openZip, readEntry } from '../archives/zip-reader.js';
import { trimBlankLines } from '../text/line-space.js';

/**
 * Reads the XML parts of an Office document (OOXML or OpenDocument) that `wanted` selects, as text
 * by entry name. Together they may inflate to `maxPartBytes` (a document is one part of a
 * message, whatever its inside) and are charged to the message's budget. A cut-off file is
 * `truncated` (from openZip), a password-protected entry `encrypted`, parts past either `too-large`.
 */
export async function readPackageParts(content: Buffer, wanted: (name: string) => boolean, ctx: ExtractContext): Promise<Map<string, string>> {
  const { limits } = ctx;
  const budget = Math.min(limits.maxPartBytes, ctx.budget.inflatedLeft());
  const zip = await openZip(content);
  const parts = new Map<string, string>();
  let inflated = 0;
  let count = 0;
  for await (const entry of entries(zip)) {
    if (++count > limits.maxArchiveEntries) throw new PartIssueError('too-large', issueDetail('document-too-many-entries', { limit: limits.maxArchiveEntries }));
    const name = entryName(entry);
    if (!wanted(name)) continue;
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new PartIssueError('encrypted', issueDetail('document-entry-encrypted', { entry: name }));
    let bytes: Buffer;
    try {
      bytes = await readEntry(zip, entry, budget - inflated);
    } catch (err) {
      if (err instanceof PartIssueError && err.code === 'too-large') throw new PartIssueError('too-large', issueDetail('document-entry-over-limit', { entry: name, limit: budget }));
      throw err;
    }
    inflated += bytes.length;
    ctx.budget.chargeInflated(bytes.length);
    parts.set(name, xmlText(bytes));
  }
  return parts;
}

/** The main part of a document; without it the archive is not the document it claims to be. */
export function mainPart(parts: ReadonlyMap<string, string>, name: string): string {
  const xml = parts.get(name);
  if (xml === undefined) throw new PartIssueError('corrupt', issueDetail('document-entry-missing', { entry: name }));
  return xml;
}

/** Office XML is UTF-8 in practice; UTF-16 is legal XML and costs one check. */
function xmlText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The text of a document as one unit, one line per paragraph; null when it holds no text at all. */
export function textUnit(where: string, lines: readonly string[]): TextUnit | null {
  const text = trimBlankLines(lines.join('\n'));
  return /\S/.test(text) ? { kind: 'text', where, text } : null;
}

/**
 * A document table as a unit, or null when none of its cells holds text. A header marked by the
 * format (Word "repeat as header row", ODF header rows, PowerPoint "header row") becomes the
 * unit's header; otherwise the score stage looks for it among the rows. Its cells are charged to
 * the message's budget.
 */
export function tableUnit(where: string, table: DocumentTable, budget: MessageBudget): TableUnit | null {
  // Every cell kept is charged, repeated rows included (they share one array, but are scored one by one).
  budget.chargeCells(table.rows.reduce((sum, row) => sum + row.length, 0));
  if (!table.rows.some((row) => row.some((cell) => /\S/.test(cell)))) return null;
  const header = table.headerMarked ? table.rows[0] : null;
  const rows = header ? table.rows.slice(1) : table.rows;
  return { kind: 'table', where, header, rows, totalRows: table.totalRows - (header ? 1 : 0) };
}
