import type { PdfFile } from './pdf-file.js';
import { isDict, isName, PdfKeyword, PdfLexer, PdfRef, UnsupportedPdf } from './pdf-syntax.js';
import type { PdfDict, PdfValue } from './pdf-syntax.js';
import { ENCODINGS, FONT_ALIASES, GLYPH_NAMES, GLYPH_UNICODE, LATIN_WIDTHS } from './standard-fonts.js';

/** What a shown string holds: its text, and what moves the pen past it. */
export interface Shown {
  text: string;
  /** The glyphs' widths added up, in 1/1000 of the font size. */
  widths: number;
  glyphs: number;
  /** Single-byte codes 32, to which word spacing applies (9.3.3). */
  wordSpaces: number;
}

/** A font as the fast reader needs it: what each code of a string means and how far it moves. */
export interface PdfFont {
  /** Tells fonts apart (a header row set in bold uses another font than the data rows). */
  readonly id: string;
  /** The string's text and advance; the object returned is reused by the next call. */
  show(bytes: Uint8Array): Shown;
}

/** Mappings a ToUnicode CMap may hold before the reader leaves the PDF to pdf.js. */
const MAX_MAPPINGS = 1 << 17;
/** Ligatures pdf.js spells out (its text content is normalised the same way). */
const LIGATURES: Record<string, string> = { '\ufb00': 'ff', '\ufb01': 'fi', '\ufb02': 'fl', '\ufb03': 'ffi', '\ufb04': 'ffl', '\ufb05': 'st', '\ufb06': 'st' };

const glyphIndex = new Map(GLYPH_NAMES.map((n, i) => [n, i]));

/** The Unicode text of a glyph name: listed, or spelt `uniXXXX` / `uXXXX`; undefined otherwise. */
function unicodeOfName(name: string): string | undefined {
  const known = GLYPH_UNICODE[name];
  if (known !== undefined) return String.fromCodePoint(known);
  const uni = /^uni([0-9A-F]{4})$/.exec(name) ?? /^u([0-9A-F]{4,6})$/.exec(name);
  if (uni) {
    const cp = parseInt(uni[1], 16);
    if (cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) return String.fromCodePoint(cp);
  }
  return undefined;
}

/** A UTF-16BE string of a CMap (a destination), as text. */
function utf16(bytes: Uint8Array): string {
  if (bytes.length === 1) return String.fromCharCode(bytes[0]);
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return s;
}

function codeOf(bytes: Uint8Array): number {
  let code = 0;
  for (const b of bytes) code = code * 256 + b;
  return code;
}

/** The text of each code a ToUnicode CMap maps (bfchar and bfrange, 9.10.3). */
function readToUnicode(bytes: Uint8Array): Map<number, string> {
  const map = new Map<number, string>();
  const lexer = new PdfLexer(bytes);
  const operands: PdfValue[] = [];
  for (let token = lexer.next(false); token !== undefined; token = lexer.next(false)) {
    if (!(token instanceof PdfKeyword)) {
      operands.push(token);
      continue;
    }
    if (token.word === 'usecmap') throw new UnsupportedPdf('ToUnicode CMap built on another');
    if (token.word === 'endbfchar') {
      for (let i = 0; i + 1 < operands.length; i += 2) {
        const [src, dst] = [operands[i], operands[i + 1]];
        if (src instanceof Uint8Array && dst instanceof Uint8Array) map.set(codeOf(src), utf16(dst));
      }
    } else if (token.word === 'endbfrange') {
      for (let i = 0; i + 2 < operands.length; i += 3) {
        const [lo, hi, dst] = [operands[i], operands[i + 1], operands[i + 2]];
        if (!(lo instanceof Uint8Array) || !(hi instanceof Uint8Array)) continue;
        const from = codeOf(lo);
        const to = codeOf(hi);
        if (to < from) continue;
        if (to - from + map.size > MAX_MAPPINGS) throw new UnsupportedPdf('ToUnicode CMap too large');
        if (Array.isArray(dst)) {
          dst.forEach((d, k) => {
            if (d instanceof Uint8Array && from + k <= to) map.set(from + k, utf16(d));
          });
        } else if (dst instanceof Uint8Array && dst.length >= 1) {
          // The last byte counts up (9.10.3): <0041> for 0x20..0x22 gives A, B, C.
          const base = utf16(dst);
          const last = base.charCodeAt(base.length - 1);
          for (let code = from; code <= to; code++) map.set(code, base.slice(0, -1) + String.fromCharCode(last + code - from));
        }
      }
    }
    operands.length = 0;
  }
  return map;
}

/** A font's name as a standard font is looked up: no subset tag, `Arial,Bold` as `Arial-Bold`. */
function standardName(base: string): string | undefined {
  const name = base.replace(/^[A-Z]{6}\+/, '').replace(/,/g, '-').replace(/\s/g, '');
  if (LATIN_WIDTHS[name] !== undefined) return name;
  return FONT_ALIASES[name];
}

function clean(text: string): string {
  return LIGATURES[text] ?? text;
}

/**
 * What a font does with a shown string, codes of `bytes` bytes each: their text and widths added
 * up, word spaces counted (single-byte code 32 only, 9.3.3). A code without text throws: the PDF
 * is then pdf.js's to read. The object returned is reused by the next call.
 */
function shower(bytes: 1 | 2, textOf: (code: number) => string | undefined, widthOf: (code: number) => number, font: string): (s: Uint8Array) => Shown {
  const shown: Shown = { text: '', widths: 0, glyphs: 0, wordSpaces: 0 };
  return (data) => {
    let text = '';
    let sum = 0;
    let spaces = 0;
    for (let i = 0; i + bytes <= data.length; i += bytes) {
      const code = bytes === 1 ? (data[i] as number) : ((data[i] as number) << 8) | (data[i + 1] as number);
      const t = textOf(code);
      if (t === undefined) throw new UnsupportedPdf(`code ${code} of ${font} has no text`);
      text += t;
      sum += widthOf(code);
      if (bytes === 1 && code === 32) spaces++;
    }
    shown.text = text;
    shown.widths = sum;
    shown.glyphs = Math.floor(data.length / bytes);
    shown.wordSpaces = spaces;
    return shown;
  };
}

/**
 * A simple font (Type1, TrueType): one byte per code, its text from the ToUnicode CMap or the
 * glyph names of its encoding, its widths from /Widths or, for a core font named without them,
 * Adobe's metrics.
 */
function simpleFont(file: PdfFile, dict: PdfDict, id: string): PdfFont {
  const base = file.get(dict.get('BaseFont'));
  const baseName = isName(base) ? base.name : '';
  const descriptor = file.dict(dict.get('FontDescriptor'));
  const flags = file.number(descriptor?.get('Flags')) ?? 0;
  const toUnicodeRef = dict.get('ToUnicode');
  const toUnicode = toUnicodeRef instanceof PdfRef ? file.streamBytes(toUnicodeRef) : undefined;
  const mapped = toUnicode ? readToUnicode(toUnicode) : undefined;
  const standard = standardName(baseName);
  const embedded = descriptor !== undefined && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor.has(k));

  // Glyph names by code: the encoding named, its differences applied.
  let names: (string | undefined)[] | undefined;
  const encoding = file.get(dict.get('Encoding'));
  const baseEncoding = isDict(encoding) ? file.get(encoding.get('BaseEncoding')) : encoding;
  if (isName(baseEncoding)) {
    const table = ENCODINGS[baseEncoding.name];
    if (!table) throw new UnsupportedPdf(`encoding ${baseEncoding.name}`);
    names = [...table];
  } else if (baseEncoding === undefined && (encoding !== undefined || (standard && !embedded))) {
    // No base encoding: a core font's is StandardEncoding; an embedded font's is its own program's.
    if (!standard || embedded) {
      if (!mapped) throw new UnsupportedPdf('encoding of the font program');
    } else names = [...ENCODINGS.StandardEncoding];
  } else if (!mapped) throw new UnsupportedPdf('font without encoding');
  if (isDict(encoding)) {
    const differences = file.array(encoding.get('Differences')) ?? [];
    names ??= new Array<string | undefined>(256).fill(undefined);
    let code = 0;
    for (const d of differences) {
      if (typeof d === 'number') code = d;
      else if (isName(d) && code < 256) names[code++] = d.name;
    }
  }
  // A symbolic font without ToUnicode: its codes mean what its program says (pdf.js reads it).
  if (!mapped && (flags & 4) !== 0 && !standard) throw new UnsupportedPdf('symbolic font');

  const texts: (string | undefined)[] = new Array<string | undefined>(256);
  for (let code = 0; code < 256; code++) {
    const fromMap = mapped?.get(code);
    const name = names?.[code];
    const text = fromMap ?? (name ? unicodeOfName(name) : undefined);
    texts[code] = text === undefined ? undefined : clean(text);
  }

  const widths = new Float64Array(256);
  const listed = file.array(dict.get('Widths'));
  if (listed) {
    const first = file.number(dict.get('FirstChar')) ?? 0;
    const missing = file.number(descriptor?.get('MissingWidth')) ?? 0;
    widths.fill(missing);
    listed.forEach((w, i) => {
      const n = file.number(w);
      if (first + i >= 0 && first + i < 256 && n !== undefined) widths[first + i] = n;
    });
  } else if (standard) {
    const metrics = LATIN_WIDTHS[standard];
    for (let code = 0; code < 256; code++) {
      const name = names?.[code];
      if (!name) continue;
      if (typeof metrics === 'number') widths[code] = metrics;
      else {
        const at = glyphIndex.get(name);
        if (at === undefined || metrics[at] < 0) continue;
        widths[code] = metrics[at];
      }
    }
  } else throw new UnsupportedPdf('font without widths');

  // A code with no text pdf.js could give either: this PDF is its to read.
  return { id, show: shower(1, (code) => texts[code], (code) => widths[code] as number, baseName) };
}

/** A Type0 font with Identity-H encoding and a ToUnicode CMap: two bytes per code, widths from its CIDFont's /W. */
function compositeFont(file: PdfFile, dict: PdfDict, id: string): PdfFont {
  if (!isName(file.get(dict.get('Encoding')), 'Identity-H')) throw new UnsupportedPdf('CMap other than Identity-H');
  const toUnicode = file.streamBytes(dict.get('ToUnicode'));
  if (!toUnicode) throw new UnsupportedPdf('Type0 font without ToUnicode');
  const mapped = readToUnicode(toUnicode);
  const descendant = file.dict(file.array(dict.get('DescendantFonts'))?.[0]);
  if (!descendant) throw new UnsupportedPdf('Type0 font without descendant');
  const defaultWidth = file.number(descendant.get('DW')) ?? 1000;
  const widths = new Map<number, number>();
  const w = file.array(descendant.get('W')) ?? [];
  for (let i = 0; i < w.length; ) {
    const first = file.number(w[i]);
    const next = file.get(w[i + 1]);
    if (first === undefined) break;
    if (Array.isArray(next)) {
      next.forEach((v, k) => widths.set(first + k, file.number(v) ?? defaultWidth));
      i += 2;
    } else {
      const last = file.number(next);
      const width = file.number(w[i + 2]);
      if (last === undefined || width === undefined || last - first > MAX_MAPPINGS) throw new UnsupportedPdf('bad /W');
      for (let c = first; c <= last; c++) widths.set(c, width);
      i += 3;
    }
  }
  const textOf = (code: number) => {
    const text = mapped.get(code);
    return text === undefined ? undefined : clean(text);
  };
  return { id, show: shower(2, textOf, (code) => widths.get(code) ?? defaultWidth, 'Type0 font') };
}

/** The fonts of a PDF, each read once. */
export class FontCache {
  private readonly fonts = new Map<PdfDict, PdfFont>();

  constructor(private readonly file: PdfFile) {}

  /** The font a Tf names in `resources`. */
  font(resources: PdfDict | undefined, name: string): PdfFont {
    const ref = this.file.dict(resources?.get('Font'))?.get(name);
    const dict = this.file.dict(ref);
    if (!dict) throw new UnsupportedPdf(`font ${name} not found`);
    let font = this.fonts.get(dict);
    if (!font) {
      const subtype = this.file.get(dict.get('Subtype'));
      const id = ref instanceof PdfRef ? `f${ref.num}` : `f${name}${this.fonts.size}`;
      if (isName(subtype, 'Type0')) font = compositeFont(this.file, dict, id);
      else if (isName(subtype, 'Type1') || isName(subtype, 'TrueType') || isName(subtype, 'MMType1')) font = simpleFont(this.file, dict, id);
      else throw new UnsupportedPdf(`font type ${isName(subtype) ? subtype.name : '?'}`);
      this.fonts.set(dict, font);
    }
    return font;
  }
}
