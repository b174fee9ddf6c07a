import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';
import { jsonRecords, JsonRecordsError } from './json-records.js';

/**
 * JSON and NDJSON attachments (an API dump, a CRM export): each array of objects is a table
 * whose header is its keys, nested ones flattened (`adresse.code_postal`), scored as any table. A
 * document without such an array, or that does not parse, is read as text: never passed unread.
 */
export const jsonExtractor: Extractor = {
  id: 'json',
  accepts: (type) => type === 'json',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const text = decodeText(part.content);
    let tables;
    try {
      tables = jsonRecords(text);
    } catch (err) {
      if (!(err instanceof JsonRecordsError)) throw err;
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
