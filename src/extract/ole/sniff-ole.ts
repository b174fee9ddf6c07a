import type { PartType } from '../../model/part.js';
import { readCompoundFile, rootNames } from './compound-file.js';

/**
 * Tells apart what hides behind the OLE signature (D0 CF 11 E0) by the names at the root of the
 * compound file: an Excel 97-2003 workbook, an Outlook .msg, or a password-protected .xlsx/.docx
 * (Office wraps the encrypted package in a compound file). Anything else, a Word 97-2003 .doc or
 * a file whose directory cannot be read, stays `ole`. Own directory reader, not SheetJS: sniffing
 * is synchronous and must not load an 8 MB parser for every part (see compound-file.ts).
 */
export function sniffOle(buf: Buffer): PartType {
  let names: Set<string>;
  try {
    // Names in a compound file compare without case ([MS-CFB] 2.6.4).
    names = new Set(rootNames(readCompoundFile(buf)).map((n) => n.toLowerCase()));
  } catch {
    // Unreadable directory: the extract stage reports the part as an OLE file it cannot read.
    return 'ole';
  }
  if (names.has('encryptioninfo') && names.has('encryptedpackage')) return 'office-encrypted';
  if (names.has('workbook') || names.has('book')) return 'xls';
  if (names.has('__properties_version1.0') || [...names].some((n) => n.startsWith('__substg1.0_'))) return 'msg';
  return 'ole';
}
