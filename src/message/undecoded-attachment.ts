import { issueDetail } from '../model/issue-details.js';
import type { IssueDetail } from '../model/issue-details.js';
/**
 * Signs that a message's plain-text body holds an attachment the MIME parser never saw as one:
 * what is left when an mbox was split inside a message, or a message lost its MIME headers. The
 * base64 there is read as prose, finds nothing, and would pass; it is reported instead.
 */

/** A MIME boundary line (`--` and a token, RFC 2046 §5.1.1), as it stands alone on its line. */
const BOUNDARY_LINE = /^--[\x21-\x7e]{1,200}\r?$/gm;
/** The part headers that make what follows a boundary an attachment. */
const ATTACHMENT_HEADER = /^(?:Content-Transfer-Encoding:[ \t]*base64|Content-Disposition:[ \t]*attachment)\b/im;
/** Header lines looked at after a boundary: parts carry a handful. */
const PART_HEADER_LINES = 12;
/**
 * 20 lines or more of 60-100 base64 characters each (encoders write 76): about 1.5 KB of encoded
 * data in the text. A PGP signature or a DKIM key is a few lines; an attachment is many.
 */
const BASE64_RUN = /(?:^[A-Za-z0-9+/]{60,100}={0,2}\r?\n){20,}/m;

/** Why the body text looks like it carries an undecoded attachment, or null when it does not. */
export function undecodedAttachment(text: string): IssueDetail | null {
  for (const match of text.matchAll(BOUNDARY_LINE)) {
    const after = text.slice(match.index + match[0].length + 1, match.index + match[0].length + 1 + 4096);
    const headers = after.split('\n', PART_HEADER_LINES);
    const block = headers.slice(0, Math.max(1, headers.findIndex((l) => l.trim() === ''))).join('\n');
    if (/^Content-Type:/im.test(block) && ATTACHMENT_HEADER.test(block)) return issueDetail('undecoded-mime-part');
  }
  if (BASE64_RUN.test(text)) return issueDetail('undecoded-base64-run');
  return null;
}
