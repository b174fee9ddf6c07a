import { isSeparatorLine, SEPARATOR_SPAN } from './mbox-separator.js';

export { startsWithMboxSeparator } from './mbox-separator.js';

/**
 * An unfinished line is carried to the next chunk up to this size; past it, the line cannot be a
 * separator (they are short) and is added to the message as it stands, so that a file with
 * one enormous line is not copied over and over.
 */
const MAX_CARRY = 1024 * 1024;
/** A complete last line starting with `From ` shorter than this waits for the line after it, which decides whether it separates. */
const HOLD_BACK = 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;
const GREATER = 0x3e;
const QUOTED_LINE = Buffer.from('\n>', 'latin1');
const FROM_LINE = Buffer.from('\nFrom ', 'latin1');
const FROM = Buffer.from('From ', 'latin1');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY = Buffer.alloc(0);

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
  /** Whether the start of the input was looked at for a byte-order mark. */
  private bomChecked = false;

  constructor(options: MboxOptions = {}) {
    this.lenient = options.lenient ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? Number.POSITIVE_INFINITY;
  }

  push(chunk: Buffer): MboxMessage[] {
    // The line carried from the last chunk is finished by this chunk's first line alone: joined to
    // the whole chunk, every byte of the mailbox would be copied once more (and a mailbox's worth of
    // Buffers allocated, which the garbage collector then chases).
    if (this.carry.length > 0) {
      const firstLineEnd = chunk.indexOf(NEWLINE);
      if (firstLineEnd !== -1 && firstLineEnd + 1 < chunk.length) return [...this.pushData(chunk.subarray(0, firstLineEnd + 1)), ...this.pushData(chunk.subarray(firstLineEnd + 1))];
    }
    return this.pushData(chunk);
  }

  private pushData(chunk: Buffer): MboxMessage[] {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.bomChecked) {
      // A UTF-8 byte-order mark before the first separator (some exporters write one) is not content.
      if (data.length < BOM.length && BOM.subarray(0, data.length).equals(data)) {
        this.carry = data;
        return [];
      }
      this.bomChecked = true;
      if (data.subarray(0, BOM.length).equals(BOM)) data = data.subarray(BOM.length);
    }
    const lastNewline = data.lastIndexOf(NEWLINE);
    if (lastNewline === -1 && data.length <= MAX_CARRY) {
      this.carry = data;
      return [];
    }
    let end = lastNewline === -1 ? data.length : lastNewline + 1;
    if (lastNewline !== -1 && !this.lenient) {
      // A last line starting with `From ` is a separator or not depending on the line after it: it waits for it.
      const lastLine = data.lastIndexOf(NEWLINE, lastNewline - 1) + 1;
      if (lastNewline - lastLine < HOLD_BACK && data.subarray(lastLine, lastLine + FROM.length).equals(FROM)) end = lastLine;
    }
    this.carry = data.subarray(end);
    if (end === 0) return [];
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
    const lineEnd = r.indexOf(NEWLINE, start);
    return isSeparatorLine(lineAt(r, start, lineEnd), this.lineAfter(r, lineEnd), this.lenient);
  }

  /** The line after the one ending at `lineEnd`; null when the input ends there (a held-back line never ends a region otherwise). */
  private lineAfter(r: Buffer, lineEnd: number): string | null {
    if (lineEnd === -1 || lineEnd + 1 >= r.length) return null;
    return lineAt(r, lineEnd + 1, r.indexOf(NEWLINE, lineEnd + 1));
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

/** The first SEPARATOR_SPAN bytes of the line starting at `start`, without its line end. */
function lineAt(r: Buffer, start: number, lineEnd: number): string {
  const end = Math.min(lineEnd === -1 ? r.length : lineEnd, start + SEPARATOR_SPAN);
  return r.toString('latin1', start, end).replace(/\r$/, '');
}

/** Splits a whole mbox held in memory (tests, small inputs): the streaming splitter in one go. */
export function splitMbox(content: Buffer, options: MboxOptions = {}): Buffer[] {
  const splitter = new MboxSplitter(options);
  return [...splitter.push(content), ...splitter.end()].map((m) => m.content);
}

/** mboxrd: one `>` is removed from every `>+From ` line (also right for mboxo's `>From `). */
export function unquoteFromLines(message: Buffer): Buffer {
  // Found in the bytes, not in a string of the whole message: replies quote lines with `>`, and a
  // message with attachments would be copied twice for a `>From ` line it most likely lacks.
  const pieces: Buffer[] = [];
  let kept = 0;
  for (let at = message[0] === GREATER ? 0 : message.indexOf(QUOTED_LINE); at !== -1; at = message.indexOf(QUOTED_LINE, at + 1)) {
    const quote = message[at] === GREATER ? at : at + 1;
    let after = quote;
    while (message[after] === GREATER) after++;
    if (!message.subarray(after, after + FROM.length).equals(FROM)) continue;
    pieces.push(message.subarray(kept, quote));
    kept = quote + 1;
  }
  if (pieces.length === 0) return message;
  pieces.push(message.subarray(kept));
  return Buffer.concat(pieces);
}
