import type { Extractor, ExtractOutput } from '../extractor.js';
import { parseIsolated } from '../isolate/parse-isolated.js';

/**
 * Excel binary workbooks (.xlsb, a ZIP of BIFF12 records) through SheetJS, the library already
 * used for .xls and the only one on npm that reads them; every sheet a table (`file.xlsb#Feuil1`).
 * Read in a parser thread (xlsb-read.ts), terminated at the part's deadline or past its memory cap.
 */
export const xlsbExtractor: Extractor = {
  id: 'xlsb',
  accepts: (type) => type === 'xlsb',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => parseIsolated('xlsb', part, ctx, 'workbook'),
};
