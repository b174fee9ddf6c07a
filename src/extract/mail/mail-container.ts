import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import { textPart } from '../../model/part.js';
import type { MessageBudget } from '../budget.js';
import type { ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { rtfToText } from '../text/rtf-text.js';
import { compressedRtfSize, decompressRtf } from './compressed-rtf.js';

/** Parts and issues of the Outlook containers (.msg, TNEF), made the same way by both. */

/**
 * A body Outlook kept only as compressed RTF (PR_RTF_COMPRESSED): decompressed (its raw size
 * charged to the message's budget), read as text, given as the text part `body/rtf` (an HTML body
 * encapsulated in RTF as `text/html`). Read only when the message has no plain or HTML body:
 * Outlook keeps the same body in each form, and reading it twice would report each finding twice.
 */
export function rtfBody(prefix: string, compressed: Buffer, depth: number, budget: MessageBudget): ExtractOutput {
  const where = `${prefix}body/rtf`;
  try {
    budget.chargeInflated(compressedRtfSize(compressed));
    const { text, html } = rtfToText(decompressRtf(compressed));
    return { kind: 'part', part: textPart(where, text, html ? 'text/html' : 'text/plain', depth) };
  } catch (err) {
    if (err instanceof PartIssueError) return { kind: 'issue', code: err.code, where, detail: err.detail };
    return { kind: 'issue', code: 'corrupt', where, detail: issueDetail('unreadable-rtf-body', { cause: oneLine(err) }) };
  }
}

/** More attachments than the archive-entry limit: the rest were not read. */
export const tooManyAttachments = (where: string, max: number): ExtractOutput => ({
  kind: 'issue',
  code: 'too-large',
  where,
  detail: issueDetail('too-many-attachments', { limit: max }),
});
