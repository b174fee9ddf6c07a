/**
 * Large base64 bodies taken out of a message before mailparser reads it.
 *
 * mailparser (through @zone-eu/mailsplit) splits a message line by line in JavaScript and
 * decodes each part as a stream: for a 1.3 MB attachment that is 17,000 lines handled one at a
 * time, most of a campaign copy's cost (issue "Fast"). Here each body made only of base64 lines
 * is found with a pass over its bytes, replaced in the message by one short marker line, and
 * decoded by Node (or not at all: an image's size is counted, a campaign copy is hashed and
 * replayed from the part cache). mailparser reads the rest (headers, structure, text bodies) as
 * before.
 *
 * Why the parse is the same: a line of base64 characters is never a delimiter (it does not start
 * with `--`), never a blank line and carries no header name, so replacing such lines by another
 * such line changes no boundary, no header block and no part. Whatever mailparser then gives as
 * an attachment whose bytes are exactly a marker is that body decoded; a marker that comes out
 * anywhere else (a text body, a header, a malformed part, twice) sends the whole message through
 * mailparser unchanged (see parse-message.ts), so the shortcut can only be taken when it gives
 * what mailparser alone would.
 */
import { createHash, randomBytes } from 'node:crypto';
// Bytes of the base64 alphabet are 1 in it (line ends 2, anything else 0).
import { KIND } from './fast-base64.js';

/** Bodies smaller than this are left to mailparser: the shortcut would not pay for itself. */
export const MIN_SPLIT_BYTES = 8 * 1024;


/** One base64 body of the message: where its lines are, and what they hold. */
export interface Base64Body {
  /** Offsets of its lines in the message, the last line's end included. */
  start: number;
  end: number;
  /** Base64 characters in it (padding and line ends left out). */
  characters: number;
  /** SHA-256 of its lines (base64 text), when runs are remembered: what the part cache knows it by. */
  digest?: string;
  /** The marker's decoded bytes: what mailparser gives for the part in the shortened message. */
  marker: Buffer;
}

/** A message with its large base64 bodies replaced by markers. */
export interface SplitMessage {
  /** What mailparser reads. */
  shortened: Buffer;
  bodies: Base64Body[];
}

/**
 * Markers start with bytes drawn once per process (a sender cannot write an attachment that is a
 * marker) and with 0xFF and 0x00, which any text decoding would change; then the body's number.
 */
const MARKER_PREFIX = Buffer.concat([randomBytes(16), Buffer.from([0xff, 0x00])]);
const MARKER_BYTES = MARKER_PREFIX.length + 6;

function markerFor(index: number): Buffer {
  const marker = Buffer.alloc(MARKER_BYTES);
  MARKER_PREFIX.copy(marker);
  marker.writeUIntBE(index, MARKER_PREFIX.length, 6);
  return marker;
}

/** The number of the body a part's decoded bytes mark, or -1 when they are not a marker. */
export function markerIndex(content: Buffer): number {
  if (content.length !== MARKER_BYTES || !content.subarray(0, MARKER_PREFIX.length).equals(MARKER_PREFIX)) return -1;
  return content.readUIntBE(MARKER_PREFIX.length, 6);
}

/**
 * The end of the run of base64 lines that starts at `start` (after its last line end), with its
 * base64 characters, or null when the first line is not one. A line holding `=` padding ends
 * the run; so does anything that is not a whole line of base64 characters.
 */
function base64Run(buf: Buffer, start: number): { end: number; characters: number } | null {
  const n = buf.length;
  let i = start;
  let characters = 0;
  let end = -1;
  for (;;) {
    let j = i;
    while (j < n && KIND[buf[j] as number] === 1) j++;
    const lineCharacters = j - i;
    let pad = 0;
    while (j < n && pad < 2 && buf[j] === 0x3d) {
      j++;
      pad++;
    }
    if (lineCharacters + pad === 0) break;
    if (j < n && buf[j] === 0x0d) j++;
    if (j < n && buf[j] === 0x0a) j++;
    else if (j < n) break;
    characters += lineCharacters;
    end = j;
    if (pad > 0 || j >= n) break;
    i = j;
  }
  return end < 0 ? null : { end, characters };
}

/**
 * The header block that ends at `blank` (a blank line), as lower-case text: at most the 4 KB before
 * it, and nothing before `floor`, the end of the blank line before it (a header block holds none).
 * Each byte is read for one block at most, however many blank lines the message has.
 */
function headerBlockBefore(buf: Buffer, blank: number, floor: number): string {
  const text = buf.toString('latin1', Math.max(floor, blank - 4096), blank).toLowerCase();
  const cut = Math.max(text.lastIndexOf('\n\n'), text.lastIndexOf('\n\r\n'), text.lastIndexOf('\n--'));
  return cut < 0 ? text : text.slice(cut + 1);
}

const BASE64_ENCODING = /^content-transfer-encoding:[ \t]*"?base64/m;
/** Parts mailparser decodes as text (a body), or splits: left to it, so that no marker is wasted. */
const TEXT_OR_CONTAINER = /^content-type:[ \t]*(?:text\/|multipart\/)/m;
const ATTACHMENT = /^content-disposition:[ \t]*attachment/m;

/** Whether the header block before a body says what makes it an attachment mailparser decodes from base64. */
function likelyBase64Attachment(block: string): boolean {
  if (!BASE64_ENCODING.test(block)) return false;
  if (ATTACHMENT.test(block)) return true;
  return /^content-type:/m.test(block) && !TEXT_OR_CONTAINER.test(block);
}

/**
 * Runs of base64 lines already read in full, by the SHA-256 of their bytes: the same bytes again
 * (a campaign's copies) are hashed, not read byte by byte. The part cache keeps them. A body is
 * hashed only when its shape (length and first bytes) was met before: most attachments of a
 * mailbox are met once, and hashing each would cost more than it saves.
 */
export interface KnownRuns {
  /** Whether a body of this shape was met before; it is remembered as met. */
  seen(shape: string): boolean;
  /** The base64 characters of a run read before, or undefined. */
  charactersOf(digest: string): number | undefined;
  remember(digest: string, characters: number): void;
}

/** A body's length and first 32 bytes: what copies of it share, and few other bodies do. */
const shapeOf = (message: Buffer, start: number, end: number): string => `${end - start}:${message.toString('latin1', start, Math.min(end, start + 32))}`;

const digestOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64');

/**
 * Where the body that starts at `start` would end if it were all base64 lines: before the next
 * line that starts with `--` (its delimiter), empty lines before it left out; the message's end
 * when there is none. Found by a search, not by reading each byte: its bytes are trusted only
 * when they are those of a run read in full before.
 */
function bodyEndBeforeDelimiter(message: Buffer, start: number, delimiters: DelimiterSearch): number {
  const delimiter = delimiters.after(start);
  let end = delimiter < 0 ? message.length : delimiter + 1;
  while (end - start > 1 && message[end - 1] === 0x0a) {
    const before = message[end - 2] === 0x0d ? end - 2 : end - 1;
    if (message[before - 1] !== 0x0a) break;
    end = before;
  }
  return end;
}

/**
 * The next line starting with `--` at or after a position, searched again only once passed: the
 * bodies of a message are looked at in order, and many of them may share one delimiter ahead
 * (a crafted message of many tiny parts would otherwise be searched to its end for each).
 */
class DelimiterSearch {
  private at = -2;
  constructor(private readonly message: Buffer) {}

  after(position: number): number {
    if (this.at === -2 || (this.at !== -1 && this.at < position)) this.at = this.message.indexOf('\n--', position, 'latin1');
    return this.at;
  }
}

/**
 * Finds the base64 bodies of at least `minBytes` that start right after a header block, and
 * returns the message with each replaced by its marker line; null when there is none. With
 * `known`, each body is first looked up by the digest of its bytes up to its delimiter.
 */
export function splitBase64Bodies(message: Buffer, known?: KnownRuns, minBytes = MIN_SPLIT_BYTES): SplitMessage | null {
  const bodies: Base64Body[] = [];
  const pieces: Buffer[] = [];
  let copied = 0;
  let from = 0;
  /** Where the header block of the next body may start: after the last blank line or body. */
  let floor = 0;
  const delimiters = new DelimiterSearch(message);
  let nextLf = message.indexOf('\n\n', from, 'latin1');
  let nextCrLf = message.indexOf('\n\r\n', from, 'latin1');
  while (nextLf >= 0 || nextCrLf >= 0) {
    const useLf = nextCrLf < 0 || (nextLf >= 0 && nextLf < nextCrLf);
    const blank = useLf ? nextLf : nextCrLf;
    const start = blank + (useLf ? 2 : 3);
    const body = KIND[message[start] ?? 0] === 1 && likelyBase64Attachment(headerBlockBefore(message, blank + 1, floor)) ? base64Body(message, start, minBytes, known, delimiters) : null;
    if (body) {
      const marker = markerFor(bodies.length);
      const crlf = message[body.end - 2] === 0x0d;
      pieces.push(message.subarray(copied, start), Buffer.from(`${marker.toString('base64')}${crlf ? '\r\n' : '\n'}`, 'latin1'));
      copied = from = floor = body.end;
      bodies.push({ ...body, marker });
    } else {
      // The blank line's last line end may start the next blank line (a run of empty lines).
      from = start - 1;
      floor = start;
    }
    if (nextLf >= 0 && nextLf < from) nextLf = message.indexOf('\n\n', from, 'latin1');
    if (nextCrLf >= 0 && nextCrLf < from) nextCrLf = message.indexOf('\n\r\n', from, 'latin1');
  }
  if (bodies.length === 0) return null;
  pieces.push(message.subarray(copied));
  return { shortened: Buffer.concat(pieces), bodies };
}

/** The base64 body that starts at `start`, when it is one of at least `minBytes`: known by its digest, or read in full. */
function base64Body(message: Buffer, start: number, minBytes: number, known: KnownRuns | undefined, delimiters: DelimiterSearch): Omit<Base64Body, 'marker'> | null {
  let digest: string | undefined;
  let delimiterEnd = -1;
  let again = false;
  if (known) {
    // A run of base64 lines ends at its delimiter or before: one shorter than minBytes up to there is too short.
    delimiterEnd = bodyEndBeforeDelimiter(message, start, delimiters);
    if (delimiterEnd - start < minBytes) return null;
    again = known.seen(shapeOf(message, start, delimiterEnd));
    if (again) {
      digest = digestOf(message.subarray(start, delimiterEnd));
      const characters = known.charactersOf(digest);
      if (characters !== undefined) return { start, end: delimiterEnd, characters, digest };
    }
  }
  const run = base64Run(message, start);
  if (!run || run.end - start < minBytes) return null;
  if (!known || !again) return { start, end: run.end, characters: run.characters };
  // Most runs end at their delimiter: the digest taken above is theirs.
  if (run.end !== delimiterEnd || digest === undefined) digest = digestOf(message.subarray(start, run.end));
  known.remember(digest, run.characters);
  return { start, end: run.end, characters: run.characters, digest };
}

/**
 * The bytes a body decodes to (Node skips the line ends, as mailparser's decoder does), or only
 * its first `maxBytes`: decoded from enough of its characters, never from a cut quartet.
 */
export function decodeBody(message: Buffer, body: Base64Body, maxBytes = Infinity): Buffer {
  if (maxBytes === Infinity) return Buffer.from(message.toString('latin1', body.start, body.end), 'base64');
  // 4 characters for 3 bytes and room for line ends; twice as many again while that is short (short lines).
  let characters = Math.ceil(maxBytes / 3 + 2) * 4 * 1.1;
  for (;;) {
    const end = Math.min(body.end, body.start + Math.ceil(characters));
    const decoded = Buffer.from(message.toString('latin1', body.start, end), 'base64');
    // 3 bytes past maxBytes: a quartet cut at the end changes only its own bytes.
    if (end === body.end || decoded.length >= maxBytes + 3) return decoded.length > maxBytes ? decoded.subarray(0, maxBytes) : decoded;
    characters *= 2;
  }
}

/**
 * The size of a body once decoded: 3 bytes per 4 characters, and 1 or 2 for a last 2 or 3 (what
 * both decoders give; a single last character decodes to nothing).
 */
export const decodedSize = (body: Base64Body): number => Math.floor(body.characters / 4) * 3 + [0, 0, 1, 2][body.characters % 4]!;

/** What every marker line starts with: the prefix's 18 bytes are 24 base64 characters, whole. */
const MARKER_LINE_PREFIX = MARKER_PREFIX.toString('base64');
const MARKER_LINE_CHARACTERS = Math.ceil(MARKER_BYTES / 3) * 4;

/**
 * `content` (a part mailparser gave as it stands in the message: a forwarded message, 7bit) with
 * each marker line in it put back as the base64 lines it stands for, and those bodies counted in
 * `seen`: the bytes the part has in the message itself. The same content when it holds none.
 */
export function restoreBodies(content: Buffer, message: Buffer, bodies: readonly Base64Body[], seen: Uint8Array): Buffer {
  let at = content.indexOf(MARKER_LINE_PREFIX, 0, 'latin1');
  if (at < 0) return content;
  const pieces: Buffer[] = [];
  let copied = 0;
  for (; at >= 0; at = content.indexOf(MARKER_LINE_PREFIX, at + 1, 'latin1')) {
    const index = at === 0 || content[at - 1] === 0x0a ? markerIndex(Buffer.from(content.toString('latin1', at, at + MARKER_LINE_CHARACTERS), 'base64')) : -1;
    const body = bodies[index];
    if (!body) continue;
    let lineEnd = at + MARKER_LINE_CHARACTERS;
    if (content[lineEnd] === 0x0d) lineEnd++;
    if (content[lineEnd] === 0x0a) lineEnd++;
    else if (lineEnd < content.length) continue;
    // The marker line's own line end was cut (the part's last line: it belongs to the delimiter): so is the body's.
    let end = body.end;
    if (lineEnd === at + MARKER_LINE_CHARACTERS) while (end > body.start && (message[end - 1] === 0x0a || message[end - 1] === 0x0d)) end--;
    pieces.push(content.subarray(copied, at), message.subarray(body.start, end));
    copied = lineEnd;
    seen[index]!++;
  }
  if (pieces.length === 0) return content;
  pieces.push(content.subarray(copied));
  return Buffer.concat(pieces);
}
