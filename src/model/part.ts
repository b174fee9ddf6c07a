/** Content types recognised from bytes (sniffed), not from MIME headers or file names. */
export type PartType =
  | 'empty'
  | 'rfc822'
  | 'mbox'
  | 'csv'
  | 'text'
  | 'html'
  | 'xlsx'
  | 'docx'
  | 'pptx'
  | 'odt'
  | 'ods'
  | 'zip'
  | 'ole'
  /** Excel 97-2003 workbook (BIFF in a compound file). */
  | 'xls'
  /** Outlook item (.msg, MS-OXMSG). */
  | 'msg'
  /** Outlook's winmail.dat (TNEF, MS-OXTNEF). */
  | 'tnef'
  /** A password-protected .xlsx/.docx/.pptx: an encrypted package inside a compound file. */
  | 'office-encrypted'
  | 'pdf'
  /** 7-Zip archive. */
  | '7z'
  /** RAR archive, version 4 (1.5-4.x) or 5. */
  | 'rar'
  /** tar archive (ustar, GNU, pax). */
  | 'tar'
  /** One gzip-, bzip2- or xz-compressed file (or a compressed tar). */
  | 'gzip'
  | 'bzip2'
  | 'xz'
  | 'image'
  | 'binary';

/** A piece of content to extract from: a body, an attachment, an archive entry, a bare file. */
export interface Part {
  /** Path of the part inside its message: `clients.zip!clients.csv`. */
  where: string;
  /** File name as given by the sender (MIME filename, archive entry name), when there is one. */
  filename: string | null;
  /** Media type declared by the sender; a hint only. */
  declaredType: string | null;
  /** Charset declared by the sender for text bodies already decoded by the MIME layer. */
  content: Buffer;
  /** Set when the MIME layer already decoded the part to text (mail bodies). */
  text?: string;
  /** Nesting depth: 0 for a message's own parts, +1 inside each archive or nested message. */
  depth: number;
}

/** What the report lists for every part looked at, so a user sees what was and was not read. */
export interface PartRecord {
  where: string;
  type: PartType;
  bytes: number;
  status: 'scanned' | 'skipped' | 'issue';
}

/** A body already decoded to text (by the MIME layer, or by a mail container such as .msg or TNEF). */
export function textPart(where: string, text: string, declaredType: string, depth: number): Part {
  return { where, filename: null, declaredType, content: Buffer.from(text, 'utf8'), text, depth };
}
