import type { PartType } from '../../model/part.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';

/** Records flattened to paths and values, as one table: the header is every path in order of first use. */
export function keyedRows(records: readonly Map<string, string>[]): { header: string[]; rows: string[][] } {
  const header: string[] = [];
  const known = new Set<string>();
  for (const r of records) {
    for (const k of r.keys()) {
      if (known.has(k)) continue;
      known.add(k);
      header.push(k);
    }
  }
  return { header, rows: records.map((r) => header.map((k) => r.get(k) ?? '')) };
}

/** Why a text is not records of its format, in one line: the text is then read as text. */
export class NotRecordsError extends Error {}

/**
 * An extractor for a format of records (JSON, XML): each table `read` finds is a table unit (named
 * by its path when there are several); a text that is not records (NotRecordsError) is read as
 * text, never passed unread.
 */
export function recordsExtractor(type: PartType, read: (text: string) => { path: string; header: string[]; rows: string[][] }[]): Extractor {
  return {
    id: type,
    accepts: (t) => t === type,
    async *extract(part, ctx): AsyncIterable<ExtractOutput> {
      const text = decodeText(part.content);
      let tables;
      try {
        tables = read(text);
      } catch (err) {
        if (!(err instanceof NotRecordsError)) throw err;
        yield { kind: 'unit', unit: { kind: 'text', where: part.where, text } };
        return;
      }
      for (const t of tables) {
        ctx.budget.chargeCells(t.rows.length * t.header.length);
        const where = tables.length === 1 || t.path === '' ? part.where : `${part.where}#${t.path}`;
        yield { kind: 'unit', unit: { kind: 'table', where, header: t.header, rows: t.rows.slice(0, ctx.limits.maxRowsPerTable), totalRows: t.rows.length } };
      }
    },
  };
}
