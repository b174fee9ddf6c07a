import type { MessageBudget } from '../budget.js';
import type { PdfFile } from './pdf-file.js';
import type { FontCache, PdfFont } from './pdf-fonts.js';
import type { PlacedText } from './pdf-lines.js';
import { isName, PdfKeyword, PdfLexer, PdfName, PdfRef, UnsupportedPdf } from './pdf-syntax.js';
import type { PdfDict, PdfValue } from './pdf-syntax.js';

/** A text run and whether it stands upright (see placedRuns in pdf-read.ts). */
export interface PageRuns {
  upright: PlacedText[];
  rotated: PlacedText[];
}

type Matrix = [number, number, number, number, number, number];

/** a x b, in PDF's row-vector convention (a is applied first). */
function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
    a[4] * b[0] + a[5] * b[2] + b[4],
    a[4] * b[1] + a[5] * b[3] + b[5],
  ];
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** Form XObjects nested deeper than this are left to pdf.js. */
const MAX_FORM_DEPTH = 12;
/** Form XObjects drawn on one page past this (a form drawing the next one many times over) are left to pdf.js. */
const MAX_FORM_DRAWS = 10_000;
/** Runs are charged to the message's cells in batches this large, as they are placed. */
const RUNS_PER_CHARGE = 1024;
/** The clock is read every so many operators. */
const OPERATORS_PER_CHECK = 4096;
/**
 * A TJ adjustment wider than this fraction of the font size ends the run: the gap is a space
 * or a cell boundary, which pdf-lines.ts reads from the runs' positions as for any other gap.
 */
const RUN_BREAK = 0.1;
/**
 * Character and word spacing past these fractions of the font size make pdf.js split a string
 * glyph by glyph (letter-spaced titles, stretched justification): such text is left to it.
 */
const MAX_CHAR_SPACING = 0.08;
const MAX_WORD_SPACING = 0.5;

interface GraphicsState {
  ctm: Matrix;
  font: PdfFont | undefined;
  size: number;
  charSpace: number;
  wordSpace: number;
  scale: number;
  leading: number;
  rise: number;
}

/**
 * Runs a page's content stream (ISO 32000-1, 8-9) for its text only: the text state, the text and
 * current transformation matrices, text shown by Tj, TJ, ' and ", and form XObjects. Each shown
 * string (or piece of a TJ between wide adjustments) becomes a run placed as pdf.js places its
 * text items: where its baseline starts, its width, its font size in page units.
 */
export class ContentReader {
  private readonly runs: PageRuns = { upright: [], rotated: [] };
  private operators = 0;
  private formDraws = 0;
  private uncharged = 0;
  private readonly forms: PdfRef[] = [];

  /** `charge` counts runs against the message's cells (and throws past its limit). */
  constructor(
    private readonly file: PdfFile,
    private readonly fonts: FontCache,
    private readonly budget: MessageBudget,
    private readonly charge: (runs: number) => void,
  ) {}

  page(content: Uint8Array, resources: PdfDict | undefined): PageRuns {
    this.run(content, resources, IDENTITY);
    this.charge(this.uncharged);
    this.uncharged = 0;
    return this.runs;
  }

  /**
   * Runs one content stream (a page's or a form's). Its text state is an object handed to
   * `show` and the helpers below, not variables closed over by functions made per stream: V8
   * keeps a closure's optimised code only while one of its closures lives, and compiled `show`
   * again for nearly every page.
   */
  private run(content: Uint8Array, resources: PdfDict | undefined, matrix: Matrix): void {
    const file = this.file;
    const lexer = new PdfLexer(content);
    const state: TextState = { gs: { ctm: matrix, font: undefined, size: 0, charSpace: 0, wordSpace: 0, scale: 1, leading: 0, rise: 0 }, tm: IDENTITY, tlm: IDENTITY, operands: [] };
    const operands = state.operands;
    const saved: GraphicsState[] = [];

    for (let token = lexer.next(false); token !== undefined; token = lexer.next(false)) {
      if (!(token instanceof PdfKeyword)) {
        if (operands.length >= 32) throw new UnsupportedPdf('too many operands');
        operands.push(token);
        continue;
      }
      if (++this.operators % OPERATORS_PER_CHECK === 0) this.budget.checkTime();
      switch (token.word) {
        case 'q':
          if (saved.length >= 256) throw new UnsupportedPdf('graphics states nested too deep');
          saved.push(state.gs);
          state.gs = { ...state.gs };
          break;
        case 'Q':
          state.gs = saved.pop() ?? state.gs;
          break;
        case 'cm':
          state.gs.ctm = multiply(operandMatrix(operands), state.gs.ctm);
          break;
        case 'BT':
          state.tm = state.tlm = IDENTITY;
          break;
        case 'Tf': {
          const name = operands[0];
          if (!(name instanceof PdfName)) throw new UnsupportedPdf('Tf without a font name');
          state.gs.font = this.fonts.font(resources, name.name);
          state.gs.size = operandNumber(operands, 1);
          break;
        }
        case 'Tc':
          state.gs.charSpace = operandNumber(operands, 0);
          break;
        case 'Tw':
          state.gs.wordSpace = operandNumber(operands, 0);
          break;
        case 'Tz':
          state.gs.scale = operandNumber(operands, 0) / 100;
          break;
        case 'TL':
          state.gs.leading = operandNumber(operands, 0);
          break;
        case 'Ts':
          state.gs.rise = operandNumber(operands, 0);
          break;
        case 'Td':
          moveTo(state, operandNumber(operands, 0), operandNumber(operands, 1));
          break;
        case 'TD':
          state.gs.leading = -operandNumber(operands, 1);
          moveTo(state, operandNumber(operands, 0), operandNumber(operands, 1));
          break;
        case 'Tm':
          state.tm = state.tlm = operandMatrix(operands);
          break;
        case 'T*':
          moveTo(state, 0, -state.gs.leading);
          break;
        case 'Tj':
          this.show(state, operands.slice(-1));
          break;
        case 'TJ': {
          const items = operands[operands.length - 1];
          if (!Array.isArray(items)) throw new UnsupportedPdf('TJ without an array');
          this.show(state, items);
          break;
        }
        case "'":
          moveTo(state, 0, -state.gs.leading);
          this.show(state, operands.slice(-1));
          break;
        case '"':
          state.gs.wordSpace = operandNumber(operands, 0);
          state.gs.charSpace = operandNumber(operands, 1);
          moveTo(state, 0, -state.gs.leading);
          this.show(state, operands.slice(-1));
          break;
        case 'Do': {
          const name = operands[0];
          if (name instanceof PdfName) this.form(resources, name.name, state.gs.ctm);
          break;
        }
        case 'gs': {
          const name = operands[0];
          const state = name instanceof PdfName ? file.dict(file.dict(resources?.get('ExtGState'))?.get(name.name)) : undefined;
          if (state?.has('Font')) throw new UnsupportedPdf('font set by a graphics state');
          break;
        }
        case 'BI':
          skipInlineImage(lexer);
          break;
        case 'd0':
        case 'd1':
          throw new UnsupportedPdf('Type 3 glyph operators in page content');
        default:
          break;
      }
      operands.length = 0;
    }
  }

  /** Text shown by Tj, TJ, ' or ": runs broken at wide adjustments, the text matrix moved past each glyph. */
  private show(state: TextState, items: readonly PdfValue[]): void {
    const gs = state.gs;
    const font = gs.font;
    if (!font) throw new UnsupportedPdf('text shown without a font');
    if (!(gs.size > 0) || Math.abs(gs.charSpace * gs.scale) > MAX_CHAR_SPACING * gs.size || Math.abs(gs.wordSpace * gs.scale) > MAX_WORD_SPACING * gs.size) {
      throw new UnsupportedPdf('spacing pdf.js reads glyph by glyph');
    }
    let text = '';
    let start: Matrix = state.tm;
    let advance = 0;
    for (const item of items) {
      const tm = state.tm;
      if (typeof item === 'number') {
        const tx = (-item / 1000) * gs.size * gs.scale;
        if (Math.abs(item) / 1000 > RUN_BREAK) {
          if (text) this.place(text, start, advance, gs, font);
          text = '';
          advance = 0;
        } else if (text) {
          // Inside a run a kerning step widens it; before its first glyph it only moves where the run starts.
          advance += tx;
        }
        state.tm = [tm[0], tm[1], tm[2], tm[3], tx * tm[0] + tm[4], tx * tm[1] + tm[5]];
        continue;
      }
      if (!(item instanceof Uint8Array)) continue;
      if (!text) start = tm;
      const shown = font.show(item);
      text += shown.text;
      const moved = ((shown.widths / 1000) * gs.size + shown.glyphs * gs.charSpace + shown.wordSpaces * gs.wordSpace) * gs.scale;
      advance += moved;
      state.tm = [tm[0], tm[1], tm[2], tm[3], moved * tm[0] + tm[4], moved * tm[1] + tm[5]];
    }
    if (text) this.place(text, start, advance, gs, font);
  }

  private form(resources: PdfDict | undefined, name: string, ctm: Matrix): void {
    const file = this.file;
    const ref = file.dict(resources?.get('XObject'))?.get(name);
    if (!(ref instanceof PdfRef) || !file.isStream(ref)) return;
    const dict = file.dict(ref);
    if (!dict || !isName(file.get(dict.get('Subtype')), 'Form')) return;
    if (this.forms.length >= MAX_FORM_DEPTH || this.forms.some((f) => f.num === ref.num)) throw new UnsupportedPdf('form XObjects nested too deep');
    if (++this.formDraws > MAX_FORM_DRAWS) throw new UnsupportedPdf('form XObjects drawn too many times');
    const m = file.array(dict.get('Matrix'))?.map((v) => file.number(v) ?? 0);
    const matrix: Matrix = m && m.length === 6 ? [m[0], m[1], m[2], m[3], m[4], m[5]] : IDENTITY;
    const content = file.streamBytes(ref);
    if (!content) return;
    this.forms.push(ref);
    this.run(content, file.dict(dict.get('Resources')) ?? resources, multiply(matrix, ctm));
    this.forms.pop();
  }

  /** One run: `start` is the text matrix where it begins, `advance` its width in text space. */
  private place(text: string, start: Matrix, advance: number, gs: GraphicsState, font: PdfFont): void {
    if (!text.trim()) return;
    const m = multiply(start, gs.ctm);
    const trm = multiply([gs.size * gs.scale, 0, 0, gs.size, 0, gs.rise], m);
    const [a, b, c, d, x, y] = trm;
    const run: PlacedText = { text, x, y, width: Math.abs(advance) * Math.hypot(m[0], m[1]), size: Math.hypot(c, d) || 1, font: font.id };
    const upright = a > 0 && d > 0 && Math.abs(b) < 1e-3 * a && Math.abs(c) < 1e-3 * d;
    (upright ? this.runs.upright : this.runs.rotated).push(run);
    if (++this.uncharged === RUNS_PER_CHARGE) {
      this.charge(this.uncharged);
      this.uncharged = 0;
    }
  }
}

/** The text state of one content stream being run: what Td, Tm, Tj and the others read and change. */
interface TextState {
  gs: GraphicsState;
  /** The text matrix and the text line matrix (ISO 32000-1, 9.4.2). */
  tm: Matrix;
  tlm: Matrix;
  readonly operands: PdfValue[];
}

function operandNumber(operands: readonly PdfValue[], i: number): number {
  const v = operands[i];
  if (typeof v !== 'number') throw new UnsupportedPdf('operand is not a number');
  return v;
}

/** The six numbers of cm or Tm as a matrix. */
function operandMatrix(operands: readonly PdfValue[]): Matrix {
  return [operandNumber(operands, 0), operandNumber(operands, 1), operandNumber(operands, 2), operandNumber(operands, 3), operandNumber(operands, 4), operandNumber(operands, 5)];
}

/** Td and the operators that move to the next line: the line matrix moved by (tx, ty), the text matrix with it. */
function moveTo(state: TextState, tx: number, ty: number): void {
  const tlm = state.tlm;
  state.tlm = [tlm[0], tlm[1], tlm[2], tlm[3], tx * tlm[0] + ty * tlm[2] + tlm[4], tx * tlm[1] + ty * tlm[3] + tlm[5]];
  state.tm = state.tlm;
}

/** Skips an inline image (BI ... ID data EI): its data is binary, never operators. */
function skipInlineImage(lexer: PdfLexer): void {
  for (let token = lexer.next(false); ; token = lexer.next(false)) {
    if (token === undefined) return;
    if (token instanceof PdfKeyword && token.word === 'ID') break;
  }
  const { data, end } = lexer;
  let pos = lexer.pos + 1;
  const white = (c: number | undefined) => c === undefined || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  for (; pos + 1 < end; pos++) {
    if (data[pos] === 0x45 && data[pos + 1] === 0x49 && white(data[pos - 1]) && (pos + 2 >= end || white(data[pos + 2]))) {
      lexer.pos = pos + 2;
      return;
    }
  }
  lexer.pos = end;
}
