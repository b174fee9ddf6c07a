import type { Extractor, ExtractOutput } from './extractor.js';
import { decodeText } from './decode-text.js';

/** Plain text: a mail body (already decoded by the MIME layer) or a .txt attachment. */
export const textExtractor: Extractor = {
  id: 'text',
  accepts: (type) => type === 'text',
  async *extract(part): AsyncIterable<ExtractOutput> {
    yield { kind: 'unit', unit: { kind: 'text', where: part.where, text: part.text ?? decodeText(part.content) } };
  },
};
