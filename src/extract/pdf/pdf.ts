import type { Extractor, ExtractOutput } from '../extractor.js';
import { parseIsolated } from '../isolate/parse-isolated.js';
import { readFast } from './pdf-read.js';

/** PDFs up to this size are read in the scanning thread when the fast reader takes them. */
const IN_THREAD_PART_BYTES = 2 * 1024 * 1024;
/** What their streams may inflate to, in all, to be read there (a parser thread has a heap cap of its own). */
const IN_THREAD_INFLATED_BYTES = 8 * 1024 * 1024;

/**
 * PDF text. A small PDF the fast reader takes (pdf-simple.ts: it checks the clock as it goes and
 * bounds what it inflates) is read in the scanning thread, with no thread to start or hand it to.
 * Any other goes to a parser thread (pdf-read.ts: the fast reader with the part's whole allowance,
 * else pdf.js): pdf.js cannot be interrupted inside a page (nested form XObjects, content streams
 * that inflate to gigabytes), so at the part's deadline or past its memory cap the thread is
 * terminated and the part gets the issue.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  accepts: (type) => type === 'pdf',
  extract: async function* (part, ctx): AsyncIterable<ExtractOutput> {
    const units = part.content.length <= IN_THREAD_PART_BYTES ? readFast(part.content, part.where, ctx, IN_THREAD_INFLATED_BYTES) : null;
    if (units) for (const unit of units) yield { kind: 'unit', unit };
    else yield* parseIsolated('pdf', part, ctx, 'PDF');
  },
};
