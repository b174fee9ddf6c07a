/**
 * The PDF object syntax (ISO 32000-1, 7.2-7.3), for the fast reader (pdf-simple.ts): numbers,
 * names, strings, arrays, dictionaries, references and, in content streams, operators. Strings
 * stay bytes: what they mean depends on the font that shows them.
 */

/** A reader that meets what it does not support: the PDF goes to pdf.js instead. */
export class UnsupportedPdf extends Error {}

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A keyword that is not a value: `obj`, `stream`, `R`, or a content stream's operator. */
export class PdfKeyword {
  constructor(readonly word: string) {}
}

export type PdfDict = Map<string, PdfValue>;
export type PdfValue = number | boolean | null | PdfName | Uint8Array | PdfValue[] | PdfDict | PdfRef;

/** Arrays and dictionaries nested deeper than this are refused (a stack, not a document). */
const MAX_DEPTH = 64;
/** Names and keywords longer than this are garbage (the limit on names is 127 bytes, 7.3.5). */
const MAX_WORD = 1024;

const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;
/** Neither white space nor a delimiter: part of a number, a name or a keyword. */
const REGULAR = new Uint8Array(256).map((_, c) => (WHITE[c] || DELIMITER[c] ? 0 : 1));

const keywords = new Map<string, PdfKeyword>();
function keyword(word: string): PdfKeyword {
  let k = keywords.get(word);
  if (!k) {
    k = new PdfKeyword(word);
    if (keywords.size < 4096) keywords.set(word, k);
  }
  return k;
}

const END_ARRAY = keyword(']');
const END_DICT = keyword('>>');

/** The value of each hexadecimal digit, -1 for any other byte. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x41 + c] = HEX[0x61 + c] = 10 + c;
const hexValue = (c: number): number => HEX[c];

/** Reads values and keywords from `data[pos, end)`. */
export class PdfLexer {
  constructor(
    readonly data: Uint8Array,
    public pos = 0,
    readonly end = data.length,
  ) {}

  /** Skips white space and comments. */
  skipSpace(): void {
    const { data, end } = this;
    let pos = this.pos;
    while (pos < end) {
      const c = data[pos];
      if (WHITE[c]) pos++;
      else if (c === 0x25 /* % */) {
        while (pos < end && data[pos] !== 0x0a && data[pos] !== 0x0d) pos++;
      } else break;
    }
    this.pos = pos;
  }

  /**
   * The next value or keyword, or undefined at the end. With `refs`, `N G R` is one reference
   * (file objects); content streams hold none.
   */
  next(refs: boolean, depth = 0): PdfValue | PdfKeyword | undefined {
    this.skipSpace();
    const { data } = this;
    if (this.pos >= this.end) return undefined;
    const c = data[this.pos];
    if (c === 0x2f /* / */) return this.name();
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x3c /* < */) {
      if (data[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return this.dictionary(refs, depth);
      }
      return this.hexString();
    }
    if (c === 0x3e /* > */) {
      if (data[this.pos + 1] !== 0x3e) throw new UnsupportedPdf('stray ">"');
      this.pos += 2;
      return END_DICT;
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      return this.array(refs, depth);
    }
    if (c === 0x5d /* ] */) {
      this.pos++;
      return END_ARRAY;
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      const n = this.number();
      if (refs && Number.isInteger(n) && n >= 0) return this.referenceAfter(n);
      return n;
    }
    if (c === 0x7b || c === 0x7d || c === 0x29) {
      // `{` `}` belong to PostScript functions, a lone `)` to nothing: skipped as keywords would be.
      this.pos++;
      return keyword(String.fromCharCode(c));
    }
    const start = this.pos;
    let pos = start;
    while (pos < this.end && REGULAR[data[pos]]) pos++;
    if (pos - start > MAX_WORD) throw new UnsupportedPdf('a keyword longer than any operator');
    this.pos = pos;
    const word = latin1(data, start, pos);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return keyword(word);
  }

  /** A value (never a keyword): what a dictionary entry or an object holds. */
  value(refs: boolean, depth = 0): PdfValue {
    const v = this.next(refs, depth);
    if (v === undefined || v instanceof PdfKeyword) throw new UnsupportedPdf('value expected');
    return v;
  }

  private referenceAfter(num: number): PdfValue {
    const save = this.pos;
    this.skipSpace();
    const { data } = this;
    let pos = this.pos;
    let gen = 0;
    let digits = 0;
    while (pos < this.end && data[pos] >= 0x30 && data[pos] <= 0x39 && digits < 6) {
      gen = gen * 10 + data[pos] - 0x30;
      pos++;
      digits++;
    }
    if (digits > 0 && pos < this.end && WHITE[data[pos]]) {
      this.pos = pos;
      this.skipSpace();
      if (data[this.pos] === 0x52 /* R */ && (this.pos + 1 >= this.end || !REGULAR[data[this.pos + 1]])) {
        this.pos++;
        return new PdfRef(num, gen);
      }
    }
    this.pos = save;
    return num;
  }

  private number(): number {
    const { data } = this;
    let pos = this.pos;
    let sign = 1;
    if (data[pos] === 0x2d) {
      sign = -1;
      pos++;
    } else if (data[pos] === 0x2b) pos++;
    // Producers write `--5` or `-.5-`: what pdf.js reads as a number, read the same way.
    while (data[pos] === 0x2d) pos++;
    let value = 0;
    while (pos < this.end && data[pos] >= 0x30 && data[pos] <= 0x39) value = value * 10 + data[pos++] - 0x30;
    if (data[pos] === 0x2e) {
      pos++;
      let scale = 0.1;
      while (pos < this.end && data[pos] >= 0x30 && data[pos] <= 0x39) {
        value += (data[pos++] - 0x30) * scale;
        scale /= 10;
      }
    }
    // Anything glued to a number (`12a`) is the producer's: skipped, as pdf.js does.
    while (pos < this.end && REGULAR[data[pos]] && !(data[pos] >= 0x30 && data[pos] <= 0x39)) pos++;
    this.pos = pos;
    return sign * value;
  }

  private name(): PdfName {
    const { data } = this;
    let pos = this.pos + 1;
    const start = pos;
    let escaped = false;
    while (pos < this.end && REGULAR[data[pos]]) {
      if (data[pos] === 0x23 /* # */) escaped = true;
      pos++;
    }
    if (pos - start > MAX_WORD) throw new UnsupportedPdf('a name longer than any name');
    this.pos = pos;
    if (!escaped) return new PdfName(latin1(data, start, pos));
    let name = '';
    for (let i = start; i < pos; i++) {
      const h = i + 2 < pos ? (hexValue(data[i + 1]) << 4) | hexValue(data[i + 2]) : -1;
      if (data[i] === 0x23 && h >= 0) {
        name += String.fromCharCode(h);
        i += 2;
      } else name += String.fromCharCode(data[i]);
    }
    return new PdfName(name);
  }

  private literalString(): Uint8Array {
    const { data, end } = this;
    let pos = this.pos + 1;
    const start = pos;
    let depth = 1;
    let simple = true;
    // First pass: where it ends, and whether it holds escapes.
    for (; pos < end; pos++) {
      const c = data[pos];
      if (c === 0x5c) {
        simple = false;
        pos++;
      } else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) break;
      else if (c === 0x0d) simple = false;
    }
    const close = Math.min(pos, end);
    this.pos = close + 1;
    if (simple) return data.subarray(start, close);
    // Escapes only shorten a string: its raw length bounds the bytes it holds.
    const out = new Uint8Array(close - start);
    let n = 0;
    for (let i = start; i < close; i++) {
      const c = data[i];
      if (c === 0x0d) {
        // An end of line in a string is a line feed, whatever the file wrote (7.3.4.2).
        out[n++] = 0x0a;
        if (data[i + 1] === 0x0a) i++;
        continue;
      }
      if (c !== 0x5c) {
        out[n++] = c;
        continue;
      }
      const e = data[++i];
      if (e === 0x6e) out[n++] = 0x0a;
      else if (e === 0x72) out[n++] = 0x0d;
      else if (e === 0x74) out[n++] = 0x09;
      else if (e === 0x62) out[n++] = 0x08;
      else if (e === 0x66) out[n++] = 0x0c;
      else if (e >= 0x30 && e <= 0x37) {
        let octal = e - 0x30;
        for (let k = 0; k < 2 && data[i + 1] >= 0x30 && data[i + 1] <= 0x37; k++) octal = octal * 8 + data[++i] - 0x30;
        out[n++] = octal & 0xff;
      } else if (e === 0x0d) {
        if (data[i + 1] === 0x0a) i++;
      } else if (e !== 0x0a && e !== undefined) out[n++] = e;
    }
    return out.subarray(0, n);
  }

  private hexString(): Uint8Array {
    const { data, end } = this;
    let close = this.pos + 1;
    while (close < end && data[close] !== 0x3e) close++;
    const out = new Uint8Array((close - this.pos) >> 1);
    let n = 0;
    let high = -1;
    for (let pos = this.pos + 1; pos < close; pos++) {
      const h = HEX[data[pos]];
      if (h < 0) continue;
      if (high < 0) high = h;
      else {
        out[n++] = (high << 4) | h;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4;
    this.pos = close + 1;
    return out.subarray(0, n);
  }

  private array(refs: boolean, depth: number): PdfValue[] {
    if (depth >= MAX_DEPTH) throw new UnsupportedPdf('arrays nested too deep');
    const items: PdfValue[] = [];
    for (;;) {
      const v = this.next(refs, depth + 1);
      if (v === undefined) throw new UnsupportedPdf('unterminated array');
      if (v === END_ARRAY) return items;
      // Operators inside an array are a damaged stream: the caller decides.
      if (v instanceof PdfKeyword) throw new UnsupportedPdf(`keyword ${v.word} in an array`);
      items.push(v);
    }
  }

  private dictionary(refs: boolean, depth: number): PdfDict {
    if (depth >= MAX_DEPTH) throw new UnsupportedPdf('dictionaries nested too deep');
    const dict: PdfDict = new Map();
    for (;;) {
      const key = this.next(refs, depth + 1);
      if (key === undefined) throw new UnsupportedPdf('unterminated dictionary');
      if (key === END_DICT) return dict;
      if (!(key instanceof PdfName)) throw new UnsupportedPdf('dictionary key is not a name');
      const value = this.next(refs, depth + 1);
      if (value === undefined || value === END_DICT) throw new UnsupportedPdf('dictionary entry without a value');
      if (value instanceof PdfKeyword) throw new UnsupportedPdf(`keyword ${value.word} in a dictionary`);
      dict.set(key.name, value);
    }
  }
}

/** Bytes as Latin-1 text (names and keywords are ASCII). */
export function latin1(data: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(data[i]);
  return s;
}

export function isName(v: PdfValue | undefined, name?: string): v is PdfName {
  return v instanceof PdfName && (name === undefined || v.name === name);
}

export function isDict(v: PdfValue | undefined): v is PdfDict {
  return v instanceof Map;
}
