import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Unit } from '../../model/units.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { chargePdfStreams } from './pdf-streams.js';
import type { PlacedText } from './pdf-lines.js';
import { groupLines } from './pdf-lines.js';
import { PdfTableFinder } from './pdf-tables.js';
import { ignorePdfjsRejections } from './pdfjs-rejections.js';
import { oneLine } from '../one-line.js';
import { readSimplePdf } from './pdf-simple.js';

/** Maps pdf.js exceptions (by name: they cross module copies) to issue codes. */
function pdfIssue(err: unknown, truncated: boolean): PartIssueError {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'PasswordException') return new PartIssueError('encrypted', issueDetail('pdf-encrypted'));
  // A cut file fails in many ways ("Invalid PDF structure", a missing object): the cut is the news.
  if (truncated) return new PartIssueError('truncated', issueDetail('pdf-cut-off'));
  return new PartIssueError('corrupt', issueDetail('unreadable-pdf', { cause: oneLine(err) }));
}

/** A whole PDF ends with `%%EOF` within its last 1,024 bytes (ISO 32000-1, 7.5.5); a cut file does not. */
function lacksEndMarker(content: Buffer): boolean {
  return !content.subarray(Math.max(0, content.length - 1024)).includes('%%EOF');
}

/**
 * The text runs of a pdf.js text content, placed (marked-content markers and blank runs dropped),
 * upright ones apart from rotated ones (a diagonal "CONFIDENTIEL" stamp, a vertical margin note):
 * a rotated run's x and y say nothing about rows and columns.
 */
function placedRuns(items: readonly unknown[]): { upright: PlacedText[]; rotated: PlacedText[] } {
  const upright: PlacedText[] = [];
  const rotated: PlacedText[] = [];
  for (const raw of items) {
    const item = raw as { str?: string; transform?: number[]; width?: number; height?: number; fontName?: string };
    if (typeof item.str !== 'string' || !item.transform || !item.str.trim()) continue;
    const [a, b, c, d, x, y] = item.transform;
    const run = { text: item.str, x, y, width: item.width ?? 0, size: Math.hypot(c, d) || item.height || 1, font: item.fontName ?? '' };
    const isUpright = a > 0 && d > 0 && Math.abs(b) < 1e-3 * a && Math.abs(c) < 1e-3 * d;
    (isUpright ? upright : rotated).push(run);
  }
  return { upright, rotated };
}

/**
 * Reads every page into the table finder; pages that fail become issues. Between pages the clock
 * is checked and the page's text runs are charged to the message's cells (pdf.js cannot be
 * stopped inside a page: the thread's deadline does that).
 */
async function readPages(doc: PDFDocumentProxy, finder: PdfTableFinder, where: string, ctx: ExtractContext, truncated: boolean): Promise<ExtractOutput[]> {
  const { budget } = ctx;
  const unreadPages: number[] = [];
  let firstError = '';
  for (let n = 1; n <= doc.numPages; n++) {
    if (Date.now() > budget.deadline) {
      return [{ kind: 'issue', code: 'timeout', where, detail: issueDetail('pdf-timeout', { seconds: budget.limits.partTimeoutMs / 1000, page: n, pages: doc.numPages }) }];
    }
    try {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      page.cleanup();
      chargeRuns(budget, content.items.length, where);
      const { upright, rotated } = placedRuns(content.items);
      for (const line of groupLines(upright, n)) finder.push(line);
      // After the page's lines, each on its own, like a footer: a table going on over the next page still joins up.
      for (const run of rotated) finder.push({ page: n, items: [run] });
    } catch (err) {
      if (err instanceof PartIssueError) throw err;
      // One damaged page (a bad flate stream) does not hide the others.
      if (unreadPages.length === 0) firstError = oneLine(err);
      unreadPages.push(n);
    }
  }
  if (unreadPages.length > 0) {
    const detail = issueDetail('pdf-pages-unreadable', { unread: unreadPages.length, pages: doc.numPages, first: unreadPages[0], cause: firstError });
    return [{ kind: 'issue', code: truncated ? 'truncated' : 'corrupt', where, detail }];
  }
  // pdf.js rebuilds a cut file from the objects it finds: what was past the cut is gone unseen.
  if (truncated) return [{ kind: 'issue', code: 'truncated', where, detail: issueDetail('pdf-cut-off-pages-missing') }];
  return [];
}

/** A page's text runs, charged as cells: each is a cell of a table or a piece of a line. */
function chargeRuns(budget: ExtractContext['budget'], runs: number, where: string): void {
  try {
    budget.chargeCells(runs);
  } catch (err) {
    const overCells = err instanceof PartIssueError && err.detail.key === 'message-cells-over-limit';
    throw overCells ? new PartIssueError(err.code, issueDetail('pdf-runs-over-cell-limit', { limit: budget.limits.maxCellsPerMessage, where })) : err;
  }
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoaded: Promise<Pdfjs> | undefined;

/**
 * pdf.js's legacy build (the one that runs on Node 20) carries core-js polyfills that replace two
 * built-ins of the whole thread with slower JavaScript, for corner cases nothing here meets (arrays
 * past 2^32 elements, JSON source text): Array.prototype.push and JSON.parse. Its worker module
 * does it again when pdf.js imports it, at the first document. So both modules are imported here,
 * the worker one handed to pdf.js as its in-thread worker (globalThis.pdfjsWorker, which pdf.js
 * looks for before importing its own), and the two natives put back. The functions the polyfills
 * add (Promise.withResolvers, Set methods...) stay: pdf.js needs them on Node 20. The 266-page
 * table of the corpus: 3.8 s of CPU before, 3.15 s after.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoaded ??= (async () => {
    const { push } = Array.prototype;
    const { parse } = JSON;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // @ts-expect-error: the worker module ships without type declarations.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    Array.prototype.push = push;
    JSON.parse = parse;
    return pdfjs;
  })();
  return pdfjsLoaded;
}

/**
 * PDF text, in a parser thread (see pdf.ts). The fast reader (pdf-simple.ts) reads what it
 * supports; everything else, and every cut file, goes through pdf.js. Positions are read rather
 * than the text stream, so a table keeps its rows and columns whatever order its producer wrote
 * the cells in; tables become Table units and the other lines one Text unit.
 */
export const readPdf: ParserFunction = async function* (content, where, ctx): AsyncIterable<ExtractOutput> {
  const units = readFast(content, where, ctx);
  if (units) for (const unit of units) yield { kind: 'unit', unit };
  else yield* readWithPdfjs(content, where, ctx);
};

/**
 * The units of a PDF the fast reader takes (pdf-simple.ts), or null when it leaves the file to
 * pdf.js. A cut file is pdf.js's: it rebuilds what it can, and the report says what was lost.
 */
export function readFast(content: Buffer, where: string, ctx: ExtractContext, maxInflated = Infinity): Unit[] | null {
  if (lacksEndMarker(content)) return null;
  const finder = readSimplePdf(content, ctx, (budget, runs) => chargeRuns(budget, runs, where), maxInflated);
  return finder && layoutUnits(finder, where, ctx.limits.maxRowsPerTable);
}

/**
 * PDF text through pdf.js, the copy pdf-parse depends on (same module, one instance), loaded on
 * first use: it costs ~100 ms to import. Its deflated streams are charged to the message's budget
 * before pdf.js decodes any (pdf-streams.ts).
 */
export async function* readWithPdfjs(content: Buffer, where: string, ctx: ExtractContext): AsyncIterable<ExtractOutput> {
  await chargePdfStreams(content, ctx.budget, ctx.limits.maxPartBytes);
  const pdfjs = await loadPdfjs();
  ignorePdfjsRejections();
  const truncated = lacksEndMarker(content);
  // pdf.js takes ownership of the array it is given (here the thread's own copy of the part).
  // No eval: font programs come from the sender.
  const task = pdfjs.getDocument({ data: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), verbosity: pdfjs.VerbosityLevel.ERRORS, isEvalSupported: false });
  const finder = new PdfTableFinder();
  let problems: ExtractOutput[];
  try {
    const doc = await task.promise.catch((err: unknown) => {
      throw pdfIssue(err, truncated);
    });
    problems = await readPages(doc, finder, where, ctx, truncated);
  } finally {
    await task.destroy().catch(() => undefined);
  }
  const units = layoutUnits(finder, where, ctx.limits.maxRowsPerTable);
  if (units.length === 0 && problems.length === 0) throw new PartIssueError('no-text', issueDetail('pdf-without-text'));
  for (const unit of units) yield { kind: 'unit', unit };
  yield* problems;
}

/** Units of a PDF: the text lines (when there are any) first, then its tables in order. */
function layoutUnits(finder: PdfTableFinder, where: string, maxRows: number): Unit[] {
  const { tables, textLines } = finder.finish();
  const units: Unit[] = [];
  const text = textLines.join('\n').trim();
  if (text) units.push({ kind: 'text', where, text });
  tables.forEach((table, i) => {
    units.push({ kind: 'table', where: `${where}#table${i + 1}`, header: table.header, rows: table.rows.slice(0, maxRows), totalRows: table.rows.length });
  });
  return units;
}
