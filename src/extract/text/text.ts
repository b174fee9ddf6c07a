import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';
import { textToUnits } from './text-tables.js';

/**
 * Plain text: a mail body (already decoded by the MIME layer) or a .txt attachment. Tables pasted
 * into it (tab, `;`, `|` or space-aligned columns) come out as Table units, the rest as one Text unit.
 */
export const textExtractor: Extractor = {
  id: 'text',
  accepts: (type) => type === 'text',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    for (const unit of textToUnits(part.text ?? decodeText(part.content), part.where, ctx.limits.maxRowsPerTable)) yield { kind: 'unit', unit };
  },
};
