import type { Extractor, ExtractOutput } from '../extractor.js';
import { parseIsolated } from '../isolate/parse-isolated.js';
import { parseInThisThread } from '../isolate/parser-jobs.js';
import { fastWorkbookReader, UnsupportedWorkbook, workbookIssue } from './xlsx-fast.js';

export { cellText, frenchDate, rowCells } from './xlsx-cells.js';

/** Workbooks up to this size are read in the scanning thread when the fast reader takes them. */
const IN_THREAD_PART_BYTES = 2 * 1024 * 1024;
/**
 * What their XML parts may inflate to, in all, to be read there: a parser thread's heap cap turns a
 * sheet of millions of empty rows into an issue, where the scanning thread would hold them.
 */
const IN_THREAD_XML_BYTES = 8 * 1024 * 1024;

const readSmallWorkbook = fastWorkbookReader(IN_THREAD_XML_BYTES);

/**
 * XLSX: a small workbook the fast reader takes (xlsx-fast.ts) is read in the scanning thread, with
 * no thread to start or hand it to; any other goes to a parser thread (xlsx-read.ts: the fast
 * reader again, with the part's whole allowance, else exceljs). exceljs never settles on some
 * cut-off files and cannot be interrupted, so at the part's deadline its thread is terminated
 * (`timeout`) and nothing of it runs on into the next part or message.
 */
export const xlsxExtractor: Extractor = {
  id: 'xlsx',
  accepts: (type) => type === 'xlsx',
  extract: async function* (part, ctx): AsyncIterable<ExtractOutput> {
    if (part.content.length <= IN_THREAD_PART_BYTES) {
      try {
        yield* parseInThisThread(readSmallWorkbook, part.content, part.where, ctx);
        return;
      } catch (e) {
        // The fast reader gives up before it yields anything: the parser thread reads the workbook.
        if (!(e instanceof UnsupportedWorkbook)) throw workbookIssue(e);
      }
    }
    yield* parseIsolated('xlsx', part, ctx, 'workbook');
  },
};
