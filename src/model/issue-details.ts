/**
 * Every issue detail pii-scan writes, by key, with its English text. A detail is built here and
 * nowhere else, so that each report language can say it in its own words from the key and the
 * parameters (report/issue-details-fr.ts); the English text is the JSON report's `detail`.
 * Parameters are numbers or short strings: a library's error message (`cause`), a file's own
 * name or a technical flaw is passed as it is and never translated.
 */

/** What a parser thread was reading when it stopped: named in the detail. */
export type ParsedDocument = 'workbook' | 'PDF';
/** The piece of a workbook's XML left open. */
export type WorkbookElement = 'text' | 'shared string' | 'value' | 'row' | 'cell';
/** The encrypted structures of S/MIME (RFC 5652, RFC 5083). */
export type EnvelopeStructure = 'EnvelopedData' | 'AuthEnvelopedData';

const ENGLISH = {
  // Any part
  'nested-too-deep': (p: { depth: number }) => `nested more than ${p.depth} levels deep`,
  'empty-file': () => 'empty file',
  'media-without-text': (p: { format: string }) => `${p.format}: no text to read`,
  'media-type-not-skipped': (p: { format: string; type: string }) => `${p.format}: no text to read (skipTypes does not list ${p.type})`,
  'numbers-not-read': () => 'Apple Numbers document: not read (export it as .xlsx or .csv)',
  'sqlite-not-read': () => 'SQLite database: not read',
  'type-not-read': (p: { type: string }) => `not a mail nor a file type pii-scan reads (${p.type})`,
  'unreadable-part': (p: { cause: string }) => `could not be read: ${p.cause}`,

  // Messages
  'message-over-limit': (p: { bytes: number; limit: number }) => `message of ${p.bytes} bytes, over the ${p.limit}-byte limit: not scanned`,
  'undecoded-mime-part': () => 'undecoded attachment in the body (a MIME part the message does not declare): the mailbox may have been split inside a message',
  'undecoded-base64-run': () => 'undecoded attachment in the body (a long run of base64 lines): the mailbox may have been split inside a message',
  'not-scanned': (p: { cause: string }) => `not scanned: ${p.cause}`,
  'scan-timed-out': (p: { seconds: number }) => `not scanned: scan timed out after ${p.seconds} s`,
  'no-worker-free': (p: { seconds: number }) => `not scanned: no scan worker free within ${p.seconds} s`,
  'partial-fragment': (p: { number: string; total: string }) => `message/partial fragment ${p.number} of ${p.total}: the rest of the message is not here to read`,
  'attachment-over-limit': (p: { bytes: number; limit: number }) => `attachment of ${p.bytes} bytes is over the ${p.limit}-byte limit`,
  'mime-unreadable': (p: { cause: string }) => `MIME structure not readable: ${p.cause}`,
  'message-without-headers': () => 'message without headers: the mailbox may have been split inside a message',
  'imap-fetch-failed': () => 'the server could not send this message (it failed reading it): not scanned',
  'imap-message-gone': () => 'the server did not return this message (deleted or moved during the scan?): not scanned',

  // The message's budget
  'message-inflated-over-limit': (p: { limit: number }) => `the message's archives and documents inflate past ${p.limit} bytes in all; the rest was not read`,
  'message-entries-over-limit': (p: { limit: number }) => `more than ${p.limit} archive entries and embedded files in the message; the rest were not read`,
  'message-cells-over-limit': (p: { limit: number }) => `more than ${p.limit} table cells in the message; the rest were not read`,
  'message-timeout': (p: { seconds: number }) => `the message was not read within ${p.seconds} s; the rest was not read`,

  // Archives and compressed files
  'zip-cut-off': () => 'the archive is cut off (no central directory)',
  'archive-cut-off': () => 'the archive is cut off',
  'unreadable-archive': (p: { cause: string }) => `unreadable archive: ${p.cause}`,
  'archive-encrypted': () => 'password-protected archive',
  'archive-names-encrypted': () => 'password-protected archive (names encrypted too)',
  'entry-encrypted': () => 'password-protected entry',
  'entry-inflates-past': (p: { limit: number }) => `entry inflates past ${p.limit} bytes`,
  'entry-over-part-limit': (p: { limit: number }) => `entry inflates past the ${p.limit}-byte limit`,
  'inflates-over-part-limit': (p: { limit: number }) => `inflates past the ${p.limit}-byte limit`,
  'archives-over-message-limit': (p: { limit: number }) => `the message's archives inflate past ${p.limit} bytes in all; the rest was not read`,
  'bomb-ratio': (p: { ratio: number }) => `compression ratio ${p.ratio}:1 looks like a bomb`,
  'zip-bomb-ratio': (p: { ratio: number }) => `compression ratio ${p.ratio}:1 looks like a zip bomb`,
  'ratio-over-limit': (p: { ratio: number }) => `compression ratio over ${p.ratio}:1 looks like a bomb; not inflated further`,
  'overlapping-entries': (p: { overlapping: number; entries: number }) => `overlapping entries: ${p.overlapping} of ${p.entries} entries share their data (a zip bomb); not inflated`,
  'archive-data-past-entries': () => 'the archive holds more data than its entries declare',
  'rar-version-not-read': () => 'a RAR version or method unrar cannot read',
  'unpacking-out-of-memory': () => 'unpacking needs more memory than allowed',
  'seven-zip-method-not-read': () => 'compression method 7-Zip cannot read',
  'tar-header-damaged': (p: { offset: number }) => `damaged tar header at byte ${p.offset}`,
  'tar-header-size-damaged': () => 'damaged tar header (size)',
  'tar-cut-off-in-member': () => 'the tar archive is cut off in the middle of a member',
  'tar-cut-off-in-header': () => 'the tar archive is cut off in the middle of a header',
  'tar-sparse-member': () => 'GNU sparse tar member',
  'gzip-cut-off': () => 'the gzip file is cut off',
  'gzip-damaged': (p: { cause: string }) => `damaged gzip data: ${p.cause}`,
  'bzip2-cut-off': () => 'the bzip2 file is cut off',
  'bzip2-checksum': () => 'damaged bzip2 data (stream CRC)',
  'bzip2-damaged': (p: { cause: string }) => `damaged bzip2 data: ${p.cause}`,
  'xz-cut-off': () => 'the xz file is cut off',
  'xz-options-not-read': () => 'xz options or check type the decoder cannot read',
  'xz-dictionary-too-large': () => 'xz dictionary larger than the decoder allows',
  'xz-damaged': (p: { cause: string }) => `damaged xz data: ${p.cause}`,

  // Mail inside mail
  'unreadable-rtf-body': (p: { cause: string }) => `unreadable compressed RTF body: ${p.cause}`,
  'rtf-shorter-than-header': () => 'compressed RTF shorter than its header',
  'rtf-unknown-type': (p: { type: string }) => `compressed RTF of unknown type ${p.type}`,
  'too-many-attachments': (p: { limit: number }) => `more than ${p.limit} attachments; the rest were not read`,
  'cms-unreadable': (p: { flaw: string }) => `unreadable CMS (PKCS #7) structure: ${p.flaw}`,
  'smime-encrypted': (p: { structure: EnvelopeStructure }) => `encrypted S/MIME message (CMS ${p.structure})`,
  'cms-type-not-read': (p: { type: string }) => `CMS (PKCS #7) content of type ${p.type} is not read`,
  'tnef-cut-off': () => 'the TNEF stream is cut off',
  'not-tnef': () => 'not a TNEF stream',
  'tnef-cut-off-in-header': () => 'the TNEF stream is cut off inside an attribute header',
  'tnef-attribute-past-end': (p: { attribute: string }) => `TNEF attribute ${p.attribute} runs past the end of the stream`,
  'tnef-unknown-level': (p: { level: number }) => `TNEF attribute with unknown level ${p.level}`,
  'tnef-bad-checksum': (p: { attribute: string }) => `TNEF attribute ${p.attribute} fails its checksum`,
  'unreadable-outlook-message': (p: { cause: string }) => `unreadable Outlook message: ${p.cause}`,
  'unreadable-attachment': (p: { cause: string }) => `unreadable attachment: ${p.cause}`,
  'pgp-encrypted': () => 'encrypted OpenPGP message: not readable',
  'pgp-encrypted-blocks': (p: { blocks: number }) => `encrypted OpenPGP message (${p.blocks} blocks): not readable`,

  // Office documents and workbooks
  'document-encrypted': () => 'password-protected document',
  'document-entry-encrypted': (p: { entry: string }) => `password-protected document (${p.entry})`,
  'document-too-many-entries': (p: { limit: number }) => `more than ${p.limit} entries in the document`,
  'document-entry-over-limit': (p: { entry: string; limit: number }) => `${p.entry} inflates past the ${p.limit}-byte limit`,
  'document-entry-missing': (p: { entry: string }) => `no ${p.entry} in the archive`,
  'document-timeout': () => 'document not read within the time limit',
  'repeated-cells': (p: { limit: number }) => `repeated cells expand past ${p.limit} cells`,
  'xml-dtd': () => 'XML declares its own entities (a DTD, which Office never writes): not expanded',
  'office-encrypted': () => 'password-protected Office document',
  'ole-not-read': () => 'Office 97-2003 or Outlook file: this format is not read yet',
  'compound-file-damaged': (p: { flaw: string }) => `damaged compound file: ${p.flaw}`,
  'compound-file-cut-off': () => 'the compound file is cut off',
  'unreadable-workbook': (p: { cause: string }) => `unreadable workbook: ${p.cause}`,
  'workbook-unclosed': (p: { element: WorkbookElement }) => `unreadable workbook: a ${p.element} is not closed`,
  'workbook-encrypted': () => 'password-protected workbook',
  'workbook-entry-encrypted': (p: { entry: string }) => `password-protected workbook (${p.entry})`,
  'workbook-entry-bomb': (p: { entry: string; ratio: number }) => `${p.entry} claims a compression ratio over ${p.ratio}: treated as a bomb`,
  'workbook-over-limit': (p: { bytes: number; limit: number }) => `workbook inflates to ${p.bytes} bytes, over the ${p.limit}-byte limit`,
  'workbook-without-sheet': () => 'workbook without any sheet',
  'workbook-no-bof': () => 'the workbook stream does not start with a BOF record',
  'workbook-timeout': (p: { seconds: number }) => `workbook not read within ${p.seconds} s`,

  // Parsers run in a thread of their own
  'parser-timeout': (p: { document: ParsedDocument; seconds: number }) => `${p.document} not read within ${p.seconds} s: its parser was stopped`,
  'parser-out-of-memory': (p: { document: ParsedDocument; heapMb: number }) => `${p.document} not read: the parser needed more than its ${p.heapMb} MiB of memory`,
  'parser-crashed': (p: { document: ParsedDocument; cause: string }) => `${p.document} not read: the parser failed: ${p.cause}`,
  'parser-exited': (p: { document: ParsedDocument; exitCode: number }) => `${p.document} not read: the parser thread exited (code ${p.exitCode})`,
  'parser-error': (p: { document: ParsedDocument; cause: string }) => `${p.document} could not be read: ${p.cause}`,

  // PDF
  'pdf-encrypted': () => 'password-protected PDF',
  'pdf-cut-off': () => 'the PDF is cut off (no end-of-file marker)',
  'pdf-cut-off-pages-missing': () => 'the PDF is cut off (no end-of-file marker): pages may be missing',
  'unreadable-pdf': (p: { cause: string }) => `unreadable PDF: ${p.cause}`,
  'pdf-timeout': (p: { seconds: number; page: number; pages: number }) => `PDF not read within ${p.seconds} s (stopped at page ${p.page} of ${p.pages})`,
  'pdf-pages-unreadable': (p: { unread: number; pages: number; first: number; cause: string }) => `${p.unread} of ${p.pages} pages unreadable (from page ${p.first}): ${p.cause}`,
  'pdf-stream-over-limit': (p: { limit: number }) => `a PDF stream inflates past ${p.limit} bytes`,
  'pdf-runs-over-cell-limit': (p: { limit: number; where: string }) => `more than ${p.limit} table cells in the message; the rest were not read (PDF text runs, ${p.where})`,
  'pdf-without-text': () => 'no text layer (scanned image?): not read',

  // Text
  'unclosed-quote': (p: { row: number }) => `unclosed quote near row ${p.row}: the rest of the file may be read as one field`,
} satisfies Record<string, (p: never) => string>;

export type DetailKey = keyof typeof ENGLISH;
/** The parameters a detail's text needs: none for a fixed text. */
export type DetailParams<K extends DetailKey> = Parameters<(typeof ENGLISH)[K]> extends [infer P] ? P : Record<string, never>;
/** Parameters as an issue carries them: plain, so that they cross threads and caches as they are. */
export type DetailParamValues = Readonly<Record<string, string | number>>;

/** A detail ready for an issue: its key and parameters for a translation, its English text for the rest. */
export interface IssueDetail {
  readonly key: DetailKey;
  readonly params: DetailParamValues;
  readonly text: string;
}

/** The detail of `key`, its English text written from `params`. */
export function issueDetail<K extends DetailKey>(key: K, ...params: Parameters<(typeof ENGLISH)[K]>): IssueDetail {
  const values = (params[0] ?? {}) as DetailParamValues;
  return { key, params: values, text: (ENGLISH[key] as (p: DetailParamValues) => string)(values) };
}

export const DETAIL_KEYS = Object.keys(ENGLISH) as DetailKey[];

export function isDetailKey(key: string): key is DetailKey {
  return Object.hasOwn(ENGLISH, key);
}
