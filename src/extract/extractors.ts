import { csvExtractor } from './csv.js';
import { docxExtractor } from './docx.js';
import type { Extractor } from './extractor.js';
import { htmlExtractor } from './html.js';
import { msgExtractor } from './msg.js';
import { odsExtractor } from './ods.js';
import { odtExtractor } from './odt.js';
import { officeEncryptedExtractor } from './office-encrypted.js';
import { oleExtractor } from './ole.js';
import { pdfExtractor } from './pdf.js';
import { pptxExtractor } from './pptx.js';
import { rfc822Extractor } from './rfc822.js';
import { textExtractor } from './text.js';
import { tnefExtractor } from './tnef.js';
import { xlsExtractor } from './xls.js';
import { xlsxExtractor } from './xlsx.js';
import { zipExtractor } from './zip.js';

/** Every format pii-scan opens. A new format is one file and one line here. */
export const EXTRACTORS: readonly Extractor[] = [
  textExtractor,
  htmlExtractor,
  csvExtractor,
  xlsxExtractor,
  zipExtractor,
  pdfExtractor,
  rfc822Extractor,
  docxExtractor,
  odtExtractor,
  pptxExtractor,
  odsExtractor,
  xlsExtractor,
  msgExtractor,
  tnefExtractor,
  officeEncryptedExtractor,
  oleExtractor,
];
