import { issueDetail } from '../../model/issue-details.js';
import Papa from 'papaparse';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';

const addRowLength = (sum: number, row: readonly string[]) => sum + row.length;

/**
 * CSV and TSV: encoding by BOM, UTF-8 check, else Windows-1252; delimiter detected by papaparse
 * (`delimiter: ''` picks `;` over the `,` of French decimals). A broken quote makes the rest of the
 * file one field: the part is then reported `corrupt` and its raw text scanned too, so that
 * nothing after the break goes unread.
 */
export const csvExtractor: Extractor = {
  id: 'csv',
  accepts: (type) => type === 'csv',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const text = decodeText(part.content);
    const parsed = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: 'greedy' });
    const rows = parsed.data;
    ctx.budget.chargeCells(rows.reduce(addRowLength, 0));
    yield {
      kind: 'unit',
      unit: { kind: 'table', where: part.where, header: null, rows: rows.slice(0, ctx.limits.maxRowsPerTable), totalRows: rows.length },
    };
    const broken = parsed.errors.find((e) => e.type === 'Quotes');
    if (broken) {
      yield { kind: 'issue', code: 'corrupt', where: part.where, detail: issueDetail('unclosed-quote', { row: (broken.row ?? 0) + 1 }) };
      yield { kind: 'unit', unit: { kind: 'text', where: part.where, text } };
    }
  },
};
