import type { Extractor, ExtractOutput } from '../extractor.js';
import { htmlToUnits } from './html.js';
import { rtfToText } from './rtf-text.js';
import { textToUnits } from './text-tables.js';

/**
 * Rich Text Format files (.rtf, sniffed by `{\rtf`): read as text by an own one-pass reader
 * (rtf-text.ts), whose table rows come out as tab-separated lines, so a table in RTF is a table;
 * an HTML body encapsulated in RTF is read as HTML.
 */
export const rtfExtractor: Extractor = {
  id: 'rtf',
  accepts: (type) => type === 'rtf',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { text, html } = rtfToText(part.content);
    const units = html ? htmlToUnits(text, part.where) : textToUnits(text, part.where, ctx.limits.maxRowsPerTable);
    for (const unit of units) yield { kind: 'unit', unit };
  },
};
