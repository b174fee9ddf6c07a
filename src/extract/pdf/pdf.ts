import type { Extractor, ExtractOutput } from '../extractor.js';
import { parseIsolated } from '../isolate/parse-isolated.js';

/**
 * PDF text through pdf.js (pdf-read.ts), in a parser thread: pdf.js cannot be interrupted inside a
 * page (nested form XObjects, content streams that inflate to gigabytes), so at the part's
 * deadline or past its memory cap the thread is terminated and the part gets the issue.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  accepts: (type) => type === 'pdf',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => parseIsolated('pdf', part, ctx, 'PDF'),
};
