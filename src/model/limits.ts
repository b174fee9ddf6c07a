/** Resource limits per message (DESIGN.md §4). Reaching one is an issue, never a silent skip. */
export interface Limits {
  /** Bytes of one message of an mbox held for scanning; a larger one is reported too-large. */
  maxMessageBytes: number;
  /** Bytes of one part (attachment, archive entry) held for extraction. */
  maxPartBytes: number;
  /** Nesting of archives and attached messages. */
  maxDepth: number;
  /** MIME parts in one message. */
  maxMimeParts: number;
  /** Archive entries and embedded files in one message, all archives together. */
  maxArchiveEntries: number;
  /** Bytes inflated from the archives and documents of one message, all of them together. */
  maxInflatedBytes: number;
  /** Inflated / compressed size of an entry above which it is treated as a bomb. */
  maxCompressionRatio: number;
  /** Rows kept from one table; the rest are counted, not scored. */
  maxRowsPerTable: number;
  /** Time one spreadsheet or PDF may take (a truncated .xlsx never settles in exceljs). */
  partTimeoutMs: number;
  /** Table cells read from one message, all tables together (a sheet can claim 16,384 columns a row). */
  maxCellsPerMessage: number;
  /** Time one message may take, all its parts together. */
  messageTimeoutMs: number;
  /** Heap of the thread that runs a PDF or spreadsheet parser; past it the parser is stopped (`too-large`). */
  parserHeapMb: number;
}

export const DEFAULT_LIMITS: Limits = {
  // 128 MiB: twice the part limit, above any relay's message limit (Exchange Online: 150 MB
  // encoded, with base64's 4/3 on top); an mbox of any size still streams past it.
  maxMessageBytes: 128 * 1024 * 1024,
  // 64 MiB: above what relays accept for a whole message (Postfix 10 MB, Exchange/Gmail 25-150 MB
  // encoded), below what makes the parsers' memory a risk on a 2-core, shared relay.
  maxPartBytes: 64 * 1024 * 1024,
  // 8 levels: forwarded mail in a zip in a mail is 3; deeper is almost always an attack.
  maxDepth: 8,
  // mailparser itself refuses more than 1,000 nodes; the same number, as an issue.
  maxMimeParts: 1000,
  // 10,000 entries: exports and document folders stay far below; zip bombs of tiny files do not.
  maxArchiveEntries: 10_000,
  // 512 MiB inflated: a 100k-row export is ~20 MB; bombs reach gigabytes.
  maxInflatedBytes: 512 * 1024 * 1024,
  // 1:200: CSV deflates ~1:5-1:10, blank spreadsheets ~1:100; bombs are 1:1000 and more.
  maxCompressionRatio: 200,
  // 2 million rows: more than any spreadsheet holds (1,048,576) so that nothing real is cut.
  maxRowsPerTable: 2_000_000,
  // 60 s: a 100k-row workbook reads in ~5 s here; past a minute something is wrong.
  partTimeoutMs: 60_000,
  // 32 million cells: a full 1,048,576-row sheet of 30 columns; the founding case is 127,000.
  maxCellsPerMessage: 32_000_000,
  // 120 s, the relay's default scan timeout: a message that needs more is not an ordinary mail.
  messageTimeoutMs: 120_000,
  // 320 MiB: the founding case's workbook needs ~60 MiB and a 100k-row one ~200 MiB; with the
  // ~150 MB the scanner holds itself, a process stays near 512 MB whatever a parser is fed.
  parserHeapMb: 320,
};
