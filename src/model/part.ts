/** Content types recognised from bytes (sniffed), not from MIME headers or file names. */
export type PartType =
  | 'empty'
  | 'rfc822'
  | 'mbox'
  | 'csv'
  /** An address book (.vcf): one person a card. */
  | 'vcard'
  /** An LDIF address book (Thunderbird's, an LDAP directory's): one person an entry. */
  | 'ldif'
  /** A JSON document or NDJSON (an API dump, a CRM export). */
  | 'json'
  /** An XML document that is not HTML (an export of repeated records). */
  | 'xml'
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
  /** Excel binary workbook (.xlsb): a ZIP holding `xl/workbook.bin`. */
  | 'xlsb'
  /** Rich Text Format (`{\\rtf`), read as text. */
  | 'rtf'
  /** CMS / PKCS #7 (DER): S/MIME's .p7m, signed (opened) or enveloped (encrypted). */
  | 'pkcs7'
  /** Text holding an OpenPGP armoured message (`-----BEGIN PGP MESSAGE-----`): encrypted. */
  | 'pgp'
  /** Apple Numbers document (a ZIP of Index/*.iwa): recognised, not read. */
  | 'numbers'
  /** SQLite database file: recognised, not read. */
  | 'sqlite'
  /** Media with no text a person wrote, recognised by magic bytes: see MEDIA_TYPES. */
  | MediaType
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
  | 'binary';

/**
 * The closed list of types that may be `skipped` (configuration key `skipTypes`): images, audio,
 * video and fonts carry no text a person wrote. Every other part that is not read is an issue.
 */
export const MEDIA_TYPES = ['image', 'audio', 'video', 'font'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Whether a sniffed type is one of the media types. */
export const isMediaType = (type: PartType): type is MediaType => (MEDIA_TYPES as readonly string[]).includes(type);

/** A piece of content to extract from: a body, an attachment, an archive entry, a bare file. */
export interface Part {
  /** Path of the part inside its message: `clients.zip!clients.csv`. */
  where: string;
  /** File name as given by the sender (MIME filename, archive entry name), when there is one. */
  filename: string | null;
  /** Media type declared by the sender; a hint only. */
  declaredType: string | null;
  /**
   * The part's bytes, decoded from their transfer encoding. For an image, a sound, a video or a
   * font in a mail only the first ones (HEAD_BYTES in parse-message.ts): enough to know it, and
   * it holds no text to read.
   */
  content: Buffer;
  /** The part's whole size when `content` holds only its first bytes. */
  size?: number;
  /** Set when the MIME layer already decoded the part to text (mail bodies). */
  text?: string;
  /** Nesting depth: 0 for a message's own parts, +1 inside each archive or nested message. */
  depth: number;
}

/** Where a part stands in its message, and what its sender called it: all of a part but its bytes. */
export type PartPlace = Pick<Part, 'where' | 'filename' | 'declaredType' | 'depth'>;

/** What the report lists for every part looked at, so a user sees what was and was not read. */
export interface PartRecord {
  where: string;
  type: PartType;
  bytes: number;
  status: 'scanned' | 'skipped' | 'issue';
  /** An attached or forwarded message's own subject: how a person knows which mail it was. */
  subject?: string;
}

/** A body already decoded to text (by the MIME layer, or by a mail container such as .msg or TNEF). */
export function textPart(where: string, text: string, declaredType: string, depth: number): Part {
  return { where, filename: null, declaredType, content: Buffer.from(text, 'utf8'), text, depth };
}
