/**
 * What an mbox separator line is, in every convention in use. mboxo, mboxrd, mboxcl and mboxcl2
 * all start a message with `From SENDER DATE` (asctime date); Thunderbird writes `From - DATE`,
 * some exporters `From addr` alone or `From MAILER-DAEMON ...`. What they share, and what a body
 * line "From the field..." lacks, is what comes next: the message's first header field.
 */

/** `From SENDER` then an asctime date, the time zone before the year or not: the classic separator. */
const DATED = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[+-]?\w+)? +\d{4}/;
/** `From SENDER ...` where SENDER is an address, `-` (Thunderbird) or MAILER-DAEMON: the rest may be any date or none. */
const ADDRESSED = /^From (?:[^\s@]+@[^\s@]+|-|MAILER-DAEMON)(?:\s|$)/i;
const LENIENT = /^From \S/;
/** A header field's first line: a name of printable characters but the colon, then a colon (RFC 5322 §2.2). */
const HEADER_FIELD = /^[\x21-\x39\x3b-\x7e]+:/;

/** Bytes of a line looked at to recognise a separator: the longest real ones are under 120. */
export const SEPARATOR_SPAN = 200;

/** True when the line (without its line end) starts a header block. */
export const isHeaderField = (line: string): boolean => HEADER_FIELD.test(line);

/**
 * Whether `line` separates two messages, given the line after it (`null` at the end of the input).
 * Strict: a dated separator followed by a header field (or ending the input), or an addressed one
 * followed by a header field; the blank line before is the caller's to check. Lenient: any line
 * starting with `From ` and a word.
 */
export function isSeparatorLine(line: string, next: string | null, lenient = false): boolean {
  if (lenient) return LENIENT.test(line);
  if (next === null) return DATED.test(line);
  return (DATED.test(line) || ADDRESSED.test(line)) && isHeaderField(next);
}

const BOM = '\ufeff';
const BOM_LATIN1 = '\xef\xbb\xbf';

/** The text without a leading byte-order mark (as text, or as UTF-8 bytes read as latin1). */
export function withoutBom(text: string): string {
  if (text.startsWith(BOM)) return text.slice(1);
  return text.startsWith(BOM_LATIN1) ? text.slice(3) : text;
}

/** True when the text starts with an mbox separator line (after a byte-order mark): how an mbox is recognised. */
export function startsWithMboxSeparator(text: string, lenient = false): boolean {
  const lines = withoutBom(text).slice(0, 2 * SEPARATOR_SPAN).split('\n');
  const line = (i: number) => (lines[i] ?? '').replace(/\r$/, '');
  const hasNext = lines.length > 2 || (lines.length === 2 && lines[1] !== '');
  return isSeparatorLine(line(0), hasNext ? line(1) : null, lenient);
}
