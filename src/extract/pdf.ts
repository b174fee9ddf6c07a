import { PartIssueError } from '../model/issues.js';
import type { Extractor, ExtractOutput } from './extractor.js';

/** Maps pdf.js exceptions (by name: they cross module copies) to issue codes. */
function pdfIssue(err: unknown): PartIssueError {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'PasswordException') return new PartIssueError('encrypted', 'password-protected PDF');
  if (e?.name === 'InvalidPDFException') return new PartIssueError('corrupt', `unreadable PDF: ${e.message ?? 'invalid structure'}`);
  return new PartIssueError('corrupt', `unreadable PDF: ${e?.message ?? String(err)}`);
}

/**
 * PDF text through pdf-parse (pdf.js), loaded on first use: it costs ~100 ms to import. A table
 * written row by row keeps each row on one line, which text scoring counts as a record.
 */
export const pdfExtractor: Extractor = {
  id: 'pdf',
  accepts: (type) => type === 'pdf',
  async *extract(part): AsyncIterable<ExtractOutput> {
    const { PDFParse } = await import('pdf-parse');
    // pdf.js takes ownership of the array it is given: hand it a copy, not the message's buffer.
    const parser = new PDFParse({ data: new Uint8Array(part.content) });
    let text: string;
    try {
      text = (await parser.getText()).text;
    } catch (err) {
      throw pdfIssue(err);
    } finally {
      await parser.destroy().catch(() => undefined);
    }
    const content = text.replace(/^-- \d+ of \d+ --$/gm, '').trim();
    if (!content) throw new PartIssueError('no-text', 'no text layer (scanned image?): not read');
    yield { kind: 'unit', unit: { kind: 'text', where: part.where, text: content } };
  },
};
