import iconv from 'iconv-lite';
import { isAsciiDigit, isAsciiLetter } from '../../detect/char-code.js';

/**
 * RTF to text (RTF 1.9.1), one pass over the bytes, no regular expressions: text with its
 * `\'hh` bytes decoded in the document's code page (\ansicpg) and its `\uN` characters; groups
 * that hold no text a person wrote skipped (font and colour tables, styles, pictures, `\*\...`
 * destinations, `\bin` data); table cells kept as tab-separated cells and rows as lines, so that a
 * table in RTF stays a table. An HTML body that Outlook encapsulated in RTF (`\fromhtml1`) comes
 * back as its HTML, so that its tables are read as HTML tables.
 */

/** Destinations whose text is not content (RTF spec: "destinations" and document tables). */
const SKIPPED = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'objdata', 'fldinst', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'xmlnstbl', 'listtable', 'listoverridetable', 'revtbl', 'rsidtbl', 'generator', 'filetbl', 'pgdsctbl', 'nonshppict', 'header', 'footer', 'headerl', 'headerr', 'headerf', 'footerl', 'footerr', 'footerf', 'private', 'mmathPr', 'fontemb', 'listtext', 'pntext']);
/** Control words that stand for a character. */
const CHARACTERS: Record<string, string> = { par: '\n', line: '\n', sect: '\n', page: '\n', tab: '\t', cell: '\t', nestcell: '\t', emdash: '\u2014', endash: '\u2013', lquote: '\u2018', rquote: '\u2019', ldblquote: '\u201c', rdblquote: '\u201d', bullet: '\u2022', emspace: ' ', enspace: ' ', qmspace: ' ' };
/** Character sets of the document-level control words. */
const CHARSETS: Record<string, number> = { ansi: 1252, mac: 10000, pc: 437, pca: 850 };

/** Nesting kept track of; Word nests a few dozen levels at most, a hostile file millions. */
const MAX_GROUPS = 10_000;

interface GroupState {
  skip: boolean;
  /** Characters that stand in for each \uN (\ucN). */
  uc: number;
}

/** The reader's state while it walks the bytes. */
class RtfReader {
  private out = '';
  private bytes: number[] = [];
  private codepage = 1252;
  private state: GroupState = { skip: false, uc: 1 };
  private stack: GroupState[] = [];
  /** Groups opened past MAX_GROUPS. */
  private overflow = 0;
  /** Characters still to drop after a \uN. */
  private fallback = 0;
  /** Just after `{`: a `\*` here makes the group an ignorable destination. */
  private groupStart = false;
  /** `{\*` was just read: the destination that follows is skipped unless known. */
  private starredNext = false;
  private inTable = false;
  private htmlrtf = false;
  html = false;

  constructor(private readonly src: Buffer) {}

  read(): string {
    const { src } = this;
    for (let i = 0; i < src.length; ) {
      const c = src[i];
      if (c === 0x7b || c === 0x7d) {
        this.flush();
        if (c === 0x7b) this.open();
        else this.close();
        this.groupStart = c === 0x7b;
        this.fallback = 0;
        i++;
      } else if (c === 0x5c) i = this.control(i + 1);
      else {
        this.groupStart = false;
        if (c !== 0x0d && c !== 0x0a) this.byte(c);
        i++;
      }
    }
    this.flush();
    return this.out;
  }

  /** Past MAX_GROUPS levels a group keeps its parent's state, only counted: memory stays bounded. */
  private open(): void {
    if (this.stack.length < MAX_GROUPS) this.stack.push({ ...this.state });
    else this.overflow++;
  }

  private close(): void {
    if (this.overflow > 0) this.overflow--;
    else this.state = this.stack.pop() ?? this.state;
  }

  private get silent(): boolean {
    return this.state.skip || this.htmlrtf;
  }

  /** One text byte in the code page; dropped while a \uN's stand-in is being skipped. */
  private byte(b: number): void {
    if (this.fallback > 0) this.fallback--;
    else if (!this.silent) this.bytes.push(b);
  }

  private emit(text: string): void {
    this.flush();
    if (!this.silent) this.out += text;
  }

  private flush(): void {
    if (this.bytes.length === 0) return;
    const name = `cp${this.codepage}`;
    this.out += iconv.decode(Buffer.from(this.bytes), iconv.encodingExists(name) ? name : 'win1252');
    this.bytes = [];
  }

  /** A control word or symbol after `\` at `i`; returns where reading goes on. */
  private control(i: number): number {
    const { src } = this;
    const c = src[i];
    if (c === undefined) return i;
    if (!isAsciiLetter(c)) return this.symbol(c, i + 1);
    let end = i;
    while (end < src.length && isAsciiLetter(src[end])) end++;
    const word = src.toString('latin1', i, end);
    const paramStart = end;
    if (src[end] === 0x2d) end++;
    while (end < src.length && isAsciiDigit(src[end])) end++;
    const param = end > paramStart && !(end === paramStart + 1 && src[paramStart] === 0x2d) ? Number(src.toString('latin1', paramStart, end)) : null;
    if (src[end] === 0x20) end++;
    return this.word(word, param, end);
  }

  private symbol(c: number, next: number): number {
    const wasStart = this.groupStart;
    this.groupStart = false;
    if (c === 0x27) {
      const hex = this.src.toString('latin1', next, next + 2);
      if (/^[0-9a-f]{2}$/i.test(hex)) this.byte(parseInt(hex, 16));
      return next + 2;
    }
    if (c === 0x2a) {
      // `{\*\dest`: a destination to skip unless known; kept only for \htmltag in an HTML body.
      this.starredNext = wasStart;
      this.groupStart = wasStart;
      return next;
    }
    if (c === 0x0d || c === 0x0a) this.emit(this.inTable ? ' ' : '\n');
    else if (c === 0x7e) this.emit('\u00a0');
    else if (c === 0x5f) this.emit('-');
    else if (c !== 0x2d) this.byte(c); // \\ \{ \} are the characters themselves; \- is an optional hyphen
    return next;
  }

  private word(word: string, param: number | null, next: number): number {
    const starred = this.starredNext;
    this.starredNext = false;
    const wasStart = this.groupStart;
    this.groupStart = false;
    if (word === 'bin') {
      this.flush();
      return next + Math.max(0, param ?? 0);
    }
    if (wasStart && (SKIPPED.has(word) || (starred && !(word === 'htmltag' && this.html)))) {
      this.flush();
      this.state.skip = true;
      return next;
    }
    this.setting(word, param);
    return next;
  }

  private setting(word: string, param: number | null): void {
    if (word === 'u' && param !== null) {
      this.emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.fallback = this.state.uc;
    } else if (word === 'uc' && param !== null) this.state.uc = Math.max(0, param);
    else if (word === 'ansicpg' && param !== null) this.codepage = param;
    else if (CHARSETS[word]) this.codepage = CHARSETS[word];
    else if (word === 'fromhtml') this.html = true;
    else if (word === 'htmlrtf') {
      this.flush();
      this.htmlrtf = param !== 0;
    } else if (word === 'intbl') this.inTable = true;
    else if (word === 'pard') this.inTable = false;
    else if (word === 'row' || word === 'nestrow') this.endRow();
    else if ((word === 'par' || word === 'line') && this.inTable) this.emit(' ');
    else if (CHARACTERS[word]) this.emit(CHARACTERS[word]);
  }

  /** A row ends: its last cell's tab becomes the end of the line. */
  private endRow(): void {
    this.flush();
    if (this.silent) return;
    if (this.out.endsWith('\t')) this.out = this.out.slice(0, -1);
    this.out += '\n';
    this.inTable = false;
  }
}

/** The text of an RTF document (see the file comment); `html` when it is an encapsulated HTML body. */
export function rtfToText(rtf: Buffer): { text: string; html: boolean } {
  const reader = new RtfReader(rtf);
  const text = reader.read();
  return { text, html: reader.html };
}
