import type { PartType } from '../model/part.js';
import type { Extractor } from './extractor.js';

/**
 * Every format pii-scan opens, by the type sniff.ts gives a part. Each extractor is loaded when the
 * first part of its type comes (import() keeps it): a message of plain text does not load the
 * Office, PDF, OLE and archive readers, which a process that scans one message (pipe mode) would
 * pay for at start-up. A new format is one file and one line here.
 */
export const EXTRACTORS: Partial<Record<PartType, () => Promise<Extractor>>> = {
  text: async () => (await import('./text/text.js')).textExtractor,
  html: async () => (await import('./text/html.js')).htmlExtractor,
  csv: async () => (await import('./text/csv.js')).csvExtractor,
  vcard: async () => (await import('./text/vcard.js')).vcardExtractor,
  ldif: async () => (await import('./text/ldif.js')).ldifExtractor,
  json: async () => (await import('./text/json.js')).jsonExtractor,
  xml: async () => (await import('./text/xml.js')).xmlExtractor,
  xlsx: async () => (await import('./office/xlsx.js')).xlsxExtractor,
  zip: async () => (await import('./archives/zip.js')).zipExtractor,
  '7z': async () => (await import('./archives/seven-zip.js')).sevenZipExtractor,
  rar: async () => (await import('./archives/rar.js')).rarExtractor,
  tar: async () => (await import('./archives/tar.js')).tarExtractor,
  gzip: async () => (await import('./archives/gzip.js')).gzipExtractor,
  bzip2: async () => (await import('./archives/bzip2.js')).bzip2Extractor,
  xz: async () => (await import('./archives/xz.js')).xzExtractor,
  pdf: async () => (await import('./pdf/pdf.js')).pdfExtractor,
  rfc822: async () => (await import('./mail/rfc822.js')).rfc822Extractor,
  docx: async () => (await import('./office/docx.js')).docxExtractor,
  odt: async () => (await import('./office/odt.js')).odtExtractor,
  pptx: async () => (await import('./office/pptx.js')).pptxExtractor,
  ods: async () => (await import('./office/ods.js')).odsExtractor,
  xls: async () => (await import('./ole/xls.js')).xlsExtractor,
  msg: async () => (await import('./mail/msg.js')).msgExtractor,
  tnef: async () => (await import('./mail/tnef.js')).tnefExtractor,
  'office-encrypted': async () => (await import('./ole/office-encrypted.js')).officeEncryptedExtractor,
  ole: async () => (await import('./ole/ole.js')).oleExtractor,
  xlsb: async () => (await import('./office/xlsb.js')).xlsbExtractor,
  rtf: async () => (await import('./text/rtf.js')).rtfExtractor,
  pkcs7: async () => (await import('./mail/pkcs7.js')).pkcs7Extractor,
  pgp: async () => (await import('./text/pgp.js')).pgpExtractor,
};
