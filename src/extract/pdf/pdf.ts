import { PartIssueError } from '../../model/issues.js';
import type { Unit } from '../../model/units.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Extractor, ExtractOutput } from '../extractor.js';
import type { PlacedText } from './pdf-lines.js';
import { groupLines } from './pdf-lines.js';
import { PdfTableFinder } from './pdf-tables.js';
import { ignorePdfjsRejections } from './pdfjs-rejections.js';
import { oneLine } from '../one-line.js';

/** Maps pdf.js exceptions (by name: they cross module copies) to issue codes. */
function pdfIssue(err: unknown, truncated: boolean): PartIssueError {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'PasswordException') return new PartIssueError('encrypted', 'password-protected PDF');
  // A cut file fails in many ways ("Invalid PDF structure", a missing object): the cut is the news.
  if (truncated) return new PartIssueError('truncated', 'the PDF is cut off (no end-of-file marker)');
  return new PartIssueError('corrupt', `unreadable PDF: ${oneLine(err)}`);
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

/** Reads every page into the table finder; pages that fail, and the clock, become issues. */
async function readPages(doc: PDFDocumentProxy, finder: PdfTableFinder, where: string, timeoutMs: number, truncated: boolean): Promise<ExtractOutput[]> {
  const deadline = Date.now() + timeoutMs;
  const unreadPages: number[] = [];
  let firstError = '';
  for (let n = 1; n <= doc.numPages; n++) {
    if (Date.now() > deadline) {
      return [{ kind: 'issue', code: 'timeout', where, detail: `PDF not read within ${timeoutMs / 1000} s (stopped at page ${n} of ${doc.numPages})` }];
    }
    try {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      page.cleanup();
      const { upright, rotated } = placedRuns(content.items);
      for (const line of groupLines(upright, n)) finder.push(line);
      // After the page's lines, each on its own, like a footer: a table going on over the next page still joins up.
      for (const run of rotated) finder.push({ page: n, items: [run] });
    } catch (err) {
      // One damaged page (a bad flate stream) does not hide the others.
      if (unreadPages.length === 0) firstError = oneLine(err);
      unreadPages.push(n);
    }
  }
  if (unreadPages.length > 0) {
    const detail = `${unreadPages.length} of ${doc.numPages} pages unreadable (from page ${unreadPages[0]}): ${firstError}`;
    return [{ kind: 'issue', code: truncated ? 'truncated' : 'corrupt', where, detail }];
  }
  // pdf.js rebuilds a cut file from the objects it finds: what was past the cut is gone unseen.
  if (truncated) return [{ kind: 'issue', code: 'truncated', where, detail: 'the PDF is cut off (no end-of-file marker): pages may be missing' }];
  return [];
}

/**
 * PDF text through pdf.js, the copy pdf-parse depends on (same module, one instance), loaded on
 * first use: it costs ~100 ms to import. Positions are read rather than the text stream, so a
 * table keeps its rows and columns whatever order its producer wrote the cells in; tables become
 * Table units and the other lines one Text unit.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  accepts: (type) => type === 'pdf',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    ignorePdfjsRejections();
    const truncated = lacksEndMarker(part.content);
    // pdf.js takes ownership of the array it is given: hand it a copy, not the message's buffer.
    // No eval: font programs come from the sender.
    const task = pdfjs.getDocument({ data: new Uint8Array(part.content), verbosity: pdfjs.VerbosityLevel.ERRORS, isEvalSupported: false });
    const finder = new PdfTableFinder();
    let problems: ExtractOutput[];
    try {
      const doc = await task.promise.catch((err: unknown) => {
        throw pdfIssue(err, truncated);
      });
      problems = await readPages(doc, finder, part.where, ctx.limits.partTimeoutMs, truncated);
    } finally {
      await task.destroy().catch(() => undefined);
    }
    const units = layoutUnits(finder, part.where, ctx.limits.maxRowsPerTable);
    if (units.length === 0 && problems.length === 0) throw new PartIssueError('no-text', 'no text layer (scanned image?): not read');
    for (const unit of units) yield { kind: 'unit', unit };
    yield* problems;
  },
};

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
