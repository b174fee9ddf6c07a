/**
 * mbox: a strict separator is `From ` then an address and an asctime date, after a blank line
 * (or at the start), as every mbox writer puts it. A body line that merely starts with "From "
 * does not split a message. `lenient` accepts any line starting with `From ` and a word, blank
 * line before or not, for writers that put other dates or no blank line.
 */
const SEPARATOR = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[+-]?\w+)? +\d{4}/;
const LENIENT_SEPARATOR = /^From \S/;

/** Bytes of a line looked at to recognise a separator: the longest real ones are under 120. */
const SEPARATOR_SPAN = 200;
/**
 * An unfinished line is carried to the next chunk up to this size; past it, the line cannot be a
 * separator (they are short) and is added to the message as it stands, so that a file with
 * one enormous line is not copied over and over.
 */
const MAX_CARRY = 1024 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;
const FROM_LINE = Buffer.from('\nFrom ', 'latin1');
const EMPTY = Buffer.alloc(0);

/** True when the text starts with a strict mbox separator line: how an mbox is recognised. */
export function startsWithMboxSeparator(text: string, lenient = false): boolean {
  return (lenient ? LENIENT_SEPARATOR : SEPARATOR).test(text.slice(0, SEPARATOR_SPAN));
}

export interface MboxOptions {
  lenient?: boolean;
  /** Bytes of one message kept; the rest is counted, not held (see MboxMessage.bytes). */
  maxMessageBytes?: number;
}

export interface MboxMessage {
  /** The message without its separator line, mboxrd `>From ` lines unquoted. */
  content: Buffer;
  /** Size of the message in the mbox. */
  bytes: number;
  /** True when it passed maxMessageBytes: `content` then holds only its first bytes. */
  cut: boolean;
}

/**
 * Splits an mbox as it streams in: `push` chunks, collect the messages each one completes, then
 * `end`. Only the current message is held, never the mailbox. Separators are found with
 * Buffer.indexOf over complete lines; a line cut by a chunk boundary waits for the next chunk.
 */
export class MboxSplitter {
  private readonly separator: RegExp;
  private readonly maxMessageBytes: number;
  private readonly lenient: boolean;
  /** The unfinished last line of what was pushed. */
  private carry: Buffer = EMPTY;
  /** Pieces of the current message. */
  private pieces: Buffer[] = [];
  private kept = 0;
  private seen = 0;
  /** Whether the next region starts at the start of a line (false after an oversized line). */
  private atLineStart = true;
  /** Whether the line before the next region is blank; the start of the file counts as blank. */
  private afterBlankLine = true;
  /** Bytes before the first separator: kept as a message only if they hold more than white space. */
  private beforeFirst = true;

  constructor(options: MboxOptions = {}) {
    this.lenient = options.lenient ?? false;
    this.separator = this.lenient ? LENIENT_SEPARATOR : SEPARATOR;
    this.maxMessageBytes = options.maxMessageBytes ?? Number.POSITIVE_INFINITY;
  }

  push(chunk: Buffer): MboxMessage[] {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const lastNewline = data.lastIndexOf(NEWLINE);
    if (lastNewline === -1 && data.length <= MAX_CARRY) {
      this.carry = data;
      return [];
    }
    const end = lastNewline === -1 ? data.length : lastNewline + 1;
    this.carry = data.subarray(end);
    const out = this.region(data.subarray(0, end));
    if (lastNewline === -1) this.atLineStart = false;
    return out;
  }

  /** Flushes the last message. */
  end(): MboxMessage[] {
    const out = this.carry.length > 0 ? this.region(this.carry) : [];
    this.carry = EMPTY;
    const last = this.finish();
    if (last) out.push(last);
    return out;
  }

  /** Splits a run of complete lines (the last one may be the file's unterminated end). */
  private region(r: Buffer): MboxMessage[] {
    const out: MboxMessage[] = [];
    let from = 0;
    const consider = (start: number) => {
      if (!this.isSeparatorAt(r, start)) return;
      this.add(r.subarray(from, start));
      const done = this.finish();
      if (done) out.push(done);
      this.beforeFirst = false;
      const lineEnd = r.indexOf(NEWLINE, start);
      from = lineEnd === -1 ? r.length : lineEnd + 1;
    };
    if (this.atLineStart) consider(0);
    for (let nl = r.indexOf(FROM_LINE); nl !== -1; nl = r.indexOf(FROM_LINE, nl + 1)) {
      if (nl + 1 >= from) consider(nl + 1);
    }
    this.add(r.subarray(from));
    this.afterBlankLine = r.length > 0 && r[r.length - 1] === NEWLINE ? this.blankLineEndingAt(r, r.length - 1) : false;
    this.atLineStart = r.length > 0 && r[r.length - 1] === NEWLINE;
    return out;
  }

  private isSeparatorAt(r: Buffer, start: number): boolean {
    if (!this.lenient && !(start === 0 ? this.afterBlankLine : this.blankLineEndingAt(r, start - 1))) return false;
    return this.separator.test(r.subarray(start, Math.min(r.length, start + SEPARATOR_SPAN)).toString('latin1'));
  }

  /** Whether the line whose newline is at `nl` is empty (or a lone CR). */
  private blankLineEndingAt(r: Buffer, nl: number): boolean {
    if (nl === 0) return this.atLineStart;
    if (r[nl - 1] === NEWLINE) return true;
    if (r[nl - 1] !== CR) return false;
    return nl - 1 === 0 ? this.atLineStart : r[nl - 2] === NEWLINE;
  }

  private add(piece: Buffer): void {
    if (piece.length === 0) return;
    this.seen += piece.length;
    const room = this.maxMessageBytes - this.kept;
    if (room <= 0) return;
    const kept = piece.length <= room ? piece : piece.subarray(0, room);
    // A view, not a copy: the chunks pushed are never reused, and finish() copies the pieces once.
    this.pieces.push(kept);
    this.kept += kept.length;
  }

  private finish(): MboxMessage | null {
    const content = Buffer.concat(this.pieces, this.kept);
    const bytes = this.seen;
    const cut = this.seen > this.kept;
    this.pieces = [];
    this.kept = 0;
    this.seen = 0;
    if (this.beforeFirst && content.every((b) => b === 0x20 || b === 0x09 || b === CR || b === NEWLINE)) return null;
    return { content: unquoteFromLines(content), bytes, cut };
  }
}

/** Splits a whole mbox held in memory (tests, small inputs): the streaming splitter in one go. */
export function splitMbox(content: Buffer, options: MboxOptions = {}): Buffer[] {
  const splitter = new MboxSplitter(options);
  return [...splitter.push(content), ...splitter.end()].map((m) => m.content);
}

/** mboxrd: one `>` is removed from every `>+From ` line (also right for mboxo's `>From `). */
function unquoteFromLines(message: Buffer): Buffer {
  if (!message.includes('\n>') && message[0] !== 0x3e) return message;
  const text = message.toString('latin1').replace(/^>(>*From )/gm, '$1');
  return Buffer.from(text, 'latin1');
}
