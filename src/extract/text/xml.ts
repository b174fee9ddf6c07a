import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';
import { xmlRecords, XmlRecordsError } from './xml-records.js';

/**
 * XML exports (a CRM's, an accounting package's): each run of repeated elements is a table (see
 * xml-records.ts), scored as any table. A document without records, or not well-formed, is read
 * as text: never passed unread.
 */
export const xmlExtractor: Extractor = {
  id: 'xml',
  accepts: (type) => type === 'xml',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const text = decodeText(part.content);
    let tables;
    try {
      tables = xmlRecords(text);
    } catch (err) {
      if (!(err instanceof XmlRecordsError)) throw err;
      yield { kind: 'unit', unit: { kind: 'text', where: part.where, text } };
      return;
    }
    for (const t of tables) {
      ctx.budget.chargeCells(t.rows.length * t.header.length);
      const where = tables.length === 1 ? part.where : `${part.where}#${t.path}`;
      yield { kind: 'unit', unit: { kind: 'table', where, header: t.header, rows: t.rows.slice(0, ctx.limits.maxRowsPerTable), totalRows: t.rows.length } };
    }
  },
};
