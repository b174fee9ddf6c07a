import { issueDetail } from '../../model/issue-details.js';
import { createInflate } from 'node:zlib';
import { PartIssueError } from '../../model/issues.js';
import type { MessageBudget } from '../budget.js';

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');
/** How far before `stream` its dictionary is looked for. */
const DICT_WINDOW = 4_096;

/** The dictionary before the `stream` keyword at `at` (from its `obj`), as text. */
function dictionaryBefore(pdf: Buffer, at: number): string {
  const from = Math.max(0, at - DICT_WINDOW);
  const window = pdf.subarray(from, at).toString('latin1');
  const obj = window.lastIndexOf(' obj');
  return obj === -1 ? window : window.slice(obj);
}

/** Bytes a deflate stream inflates to, counted without keeping them, stopping past `max`. */
function inflatedSize(data: Buffer, max: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: 2 /* Z_SYNC_FLUSH: a cut stream still counts what it gives */ });
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) inflate.destroy();
    });
    inflate.on('close', () => resolve(size));
    // A damaged stream is pdf.js's to report: what inflated before the damage is what counts.
    inflate.on('error', () => resolve(size));
    inflate.end(data);
  });
}

/**
 * Charges the message's budget with what the PDF's deflated streams inflate to, before pdf.js
 * decodes them: a 3 MB PDF can hold streams that inflate to gigabytes, and pdf.js holds a decoded
 * stream whole, outside the thread's heap cap. Images are left out (text extraction does not
 * decode them). One stream may inflate to `maxStreamBytes` at most; past it, or past the
 * message's budget, the PDF is `too-large` and pdf.js never sees it.
 */
export async function chargePdfStreams(pdf: Buffer, budget: MessageBudget, maxStreamBytes: number): Promise<void> {
  for (let at = pdf.indexOf(STREAM); at !== -1; at = pdf.indexOf(STREAM, at + STREAM.length)) {
    // `endstream` contains `stream`: only a keyword right after a dictionary's `>>` opens one.
    if (pdf[at - 1] === 0x64 /* d */) continue;
    const dict = dictionaryBefore(pdf, at);
    if (!dict.includes('/FlateDecode') || /\/Subtype\s*\/Image/.test(dict)) continue;
    let start = at + STREAM.length;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const end = pdf.indexOf(END_STREAM, start);
    const size = await inflatedSize(pdf.subarray(start, end === -1 ? pdf.length : end), Math.min(maxStreamBytes, budget.inflatedLeft()));
    if (size > maxStreamBytes) throw new PartIssueError('too-large', issueDetail('pdf-stream-over-limit', { limit: maxStreamBytes }));
    budget.chargeInflated(size);
    if (end !== -1) at = end;
  }
}
