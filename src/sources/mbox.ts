/**
 * A strict mbox separator: after a blank line (or at the start), `From ` then an address and an
 * asctime date, as every mbox writer puts it. A body line that merely starts with "From " does not
 * split a message. The streaming splitter of the container issue replaces this whole-buffer one.
 */
const SEPARATOR = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[+-]?\w+)? +\d{4}/;

/** True when the text starts with a strict mbox separator line: how an mbox is recognised. */
export function startsWithMboxSeparator(text: string): boolean {
  return SEPARATOR.test(text.slice(0, 200));
}

const lineAt = (content: Buffer, at: number) => content.subarray(at, Math.min(content.length, at + 200)).toString('latin1');

/** Splits an mbox into messages, without their separator lines, mboxrd `>From ` lines unquoted. */
export function splitMbox(content: Buffer): Buffer[] {
  const starts: number[] = SEPARATOR.test(lineAt(content, 0)) ? [0] : [];
  for (let nl = content.indexOf('\nFrom '); nl !== -1; nl = content.indexOf('\nFrom ', nl + 1)) {
    const blankBefore = content[nl - 1] === 0x0a || (content[nl - 1] === 0x0d && content[nl - 2] === 0x0a);
    if (blankBefore && SEPARATOR.test(lineAt(content, nl + 1))) starts.push(nl + 1);
  }
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : content.length;
    const separatorEnd = content.indexOf(0x0a, start);
    // A separator with nothing after it (no newline at the end of the file) is an empty message.
    const bodyStart = separatorEnd === -1 || separatorEnd >= end ? end : separatorEnd + 1;
    return unquoteFromLines(content.subarray(bodyStart, end));
  });
}

/** mboxrd: one `>` is removed from every `>+From ` line (also right for mboxo's `>From `). */
function unquoteFromLines(message: Buffer): Buffer {
  if (!message.includes('\n>')) return message;
  const text = message.toString('latin1').replace(/^>(>*From )/gm, '$1');
  return Buffer.from(text, 'latin1');
}
