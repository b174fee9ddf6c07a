import { csvExtractor } from './text/csv.js';
import { docxExtractor } from './office/docx.js';
import type { Extractor } from './extractor.js';
import { htmlExtractor } from './text/html.js';
import { msgExtractor } from './mail/msg.js';
import { odsExtractor } from './office/ods.js';
import { odtExtractor } from './office/odt.js';
import { officeEncryptedExtractor } from './ole/office-encrypted.js';
import { oleExtractor } from './ole/ole.js';
import { pgpExtractor } from './text/pgp.js';
import { pkcs7Extractor } from './mail/pkcs7.js';
import { rtfExtractor } from './text/rtf.js';
import { xlsbExtractor } from './office/xlsb.js';
import { pdfExtractor } from './pdf/pdf.js';
import { pptxExtractor } from './office/pptx.js';
import { rfc822Extractor } from './mail/rfc822.js';
import { textExtractor } from './text/text.js';
import { tnefExtractor } from './mail/tnef.js';
import { xlsExtractor } from './ole/xls.js';
import { xlsxExtractor } from './office/xlsx.js';
import { zipExtractor } from './archives/zip.js';
import { sevenZipExtractor } from './archives/seven-zip.js';
import { rarExtractor } from './archives/rar.js';
import { tarExtractor } from './archives/tar.js';
import { gzipExtractor } from './archives/gzip.js';
import { bzip2Extractor } from './archives/bzip2.js';
import { xzExtractor } from './archives/xz.js';

/** Every format pii-scan opens. A new format is one file and one line here. */
export const EXTRACTORS: readonly Extractor[] = [
  textExtractor,
  htmlExtractor,
  csvExtractor,
  xlsxExtractor,
  zipExtractor,
  sevenZipExtractor,
  rarExtractor,
  tarExtractor,
  gzipExtractor,
  bzip2Extractor,
  xzExtractor,
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
  xlsbExtractor,
  rtfExtractor,
  pkcs7Extractor,
  pgpExtractor,
];
