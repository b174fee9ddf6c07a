import type { BudgetState } from '../budget.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import type { IssueDetail } from '../../model/issue-details.js';
import type { IssueCode } from '../../model/issues.js';
import type { Limits } from '../../model/limits.js';

/** The parsers that run in a parser thread: they cannot be interrupted from outside. */
export type ParserKind = 'pdf' | 'xlsx' | 'xls' | 'xlsb';

/** One parse, as posted to a parser thread: the part's bytes arrive transferred, not copied. */
export interface ParserJob {
  id: number;
  kind: ParserKind;
  where: string;
  content: Uint8Array;
  limits: Limits;
  /** The message's budget as spent so far. */
  budget: BudgetState;
  /** Time the part may take from the moment the thread starts it (its own limit or what is left of the message's). */
  timeoutMs: number;
}

/** Asks a new parser thread to load a parser before its first job. */
export interface WarmUp {
  warm: ParserKind;
}

/** What a parser thread sends back, in order: that it started (its parser loaded), outputs, rows of the last table (in batches), then an end. */
export type ParserReply =
  | { id: number; started: true }
  | { id: number; out: ExtractOutput }
  | { id: number; rows: string[][] }
  /** Rows of the next table, sent while it is still being read (the parser thread does not hold a big sheet whole). */
  | { id: number; rowsAhead: string[][] }
  | { id: number; done: BudgetState }
  | { id: number; failed: { issue?: { code: IssueCode; detail: IssueDetail }; message: string; retire: boolean }; spent: BudgetState };

/**
 * A parse job: the part's content, where it is, and a context whose budget is the message's.
 * `sendRowsAhead` hands over rows of the table being read before it is yielded: the table that
 * follows begins with them.
 */
export type ParserFunction = (content: Buffer, where: string, ctx: ExtractContext, sendRowsAhead: (rows: string[][]) => void) => AsyncIterable<ExtractOutput>;

/** The parser of each kind, loaded only inside a parser thread (exceljs and pdf.js stay out of the scanner's own thread). */
export async function parserFor(kind: ParserKind): Promise<ParserFunction> {
  switch (kind) {
    case 'pdf':
      return (await import('../pdf/pdf-read.js')).readPdf;
    case 'xlsx':
      return (await import('../office/xlsx-read.js')).readWorkbook;
    case 'xls':
      return (await import('../ole/xls-read.js')).readXlsWorkbook;
    case 'xlsb':
      return (await import('../office/xlsb-read.js')).readXlsbWorkbook;
  }
}

/**
 * Runs a parser in the calling thread, its rows sent ahead joined back onto their table: for a
 * parser that can be interrupted (the fast XLSX reader on a small workbook, xlsx.ts), and for
 * tests that must see the parser's own calls (a spy on the file system), which a parser thread hides.
 */
export async function* parseInThisThread(parse: ParserFunction, content: Buffer, where: string, ctx: ExtractContext): AsyncGenerator<ExtractOutput> {
  let ahead: string[][] = [];
  const sendRowsAhead = (rows: string[][]) => {
    for (const row of rows) ahead.push(row);
  };
  for await (const out of parse(content, where, ctx, sendRowsAhead)) {
    if (out.kind === 'unit' && out.unit.kind === 'table' && ahead.length > 0) {
      for (const row of out.unit.rows) ahead.push(row);
      out.unit.rows = ahead;
      ahead = [];
    }
    yield out;
  }
}
