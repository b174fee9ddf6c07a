import { inflateSync } from 'node:zlib';
import type { MessageBudget } from '../budget.js';
import { isDict, isName, PdfLexer, PdfRef, UnsupportedPdf } from './pdf-syntax.js';
import type { PdfDict, PdfValue } from './pdf-syntax.js';

/** A stream object: its dictionary and where its raw bytes are. */
interface PdfStream {
  dict: PdfDict;
  data: Uint8Array;
}

/** Objects a file may hold before the fast reader leaves it to pdf.js. */
const MAX_OBJECTS = 500_000;
/** Pages past this go to pdf.js, which reads them one at a time. */
const MAX_PAGES = 20_000;
const Z_SYNC_FLUSH = 2;

/**
 * The objects of a PDF, found by walking the file from start to end as a recovering reader does
 * (`N G obj` ... `endobj`, stream data jumped over), not through its cross-reference table: a
 * later definition of an object replaces an earlier one (incremental updates), and objects
 * packed in object streams are read from them. Streams decode only through FlateDecode (or no
 * filter); anything else, and any encrypted file, is left to pdf.js (UnsupportedPdf). A stream
 * that would inflate past `maxStreamBytes` or what is left of the message's budget is left to it
 * too: pdf-streams.ts counts every stream before pdf.js reads one, and names the limit.
 */
export class PdfFile {
  private readonly objects = new Map<number, PdfValue | PdfStream>();
  readonly trailer: PdfDict;
  /** Bytes inflated so far (charged to the budget by the caller once the file is read). */
  inflated = 0;

  constructor(
    private readonly data: Buffer,
    private readonly budget: MessageBudget,
    private readonly maxStreamBytes: number,
  ) {
    let trailer: PdfDict | undefined;
    const text = data.toString('latin1');
    const objectStart = /(\d{1,10})\s+(\d{1,5})\s+obj\b/g;
    for (let m = objectStart.exec(text); m; m = objectStart.exec(text)) {
      if (this.objects.size > MAX_OBJECTS) throw new UnsupportedPdf('too many objects');
      const lexer = new PdfLexer(data, m.index + m[0].length);
      let value: PdfValue;
      try {
        value = lexer.value(true);
      } catch {
        continue;
      }
      const num = Number(m[1]);
      lexer.skipSpace();
      if (isDict(value) && text.startsWith('stream', lexer.pos)) {
        const stream = this.streamAt(value, lexer.pos + 6, text);
        this.objects.set(num, stream);
        objectStart.lastIndex = stream.data.byteOffset - data.byteOffset + stream.data.length;
        if (isName(value.get('Type'), 'XRef')) trailer = value;
        if (isName(value.get('Type'), 'ObjStm')) this.unpackObjectStream(stream);
      } else {
        this.objects.set(num, value);
        objectStart.lastIndex = lexer.pos;
      }
    }
    const classic = text.lastIndexOf('trailer');
    if (classic !== -1) {
      try {
        const v = new PdfLexer(data, classic + 7).value(true);
        if (isDict(v) && (!trailer || v.has('Root'))) trailer = v;
      } catch {
        // A damaged trailer: the cross-reference stream's dictionary, if any, serves.
      }
    }
    if (!trailer) throw new UnsupportedPdf('no trailer');
    if (trailer.has('Encrypt')) throw new UnsupportedPdf('encrypted');
    this.trailer = trailer;
  }

  /** A stream whose data starts after `stream` at `at`: its /Length when that lands on `endstream`, else the next `endstream`. */
  private streamAt(dict: PdfDict, at: number, text: string): PdfStream {
    const { data } = this;
    if (data[at] === 0x0d) at++;
    if (data[at] === 0x0a) at++;
    const length = dict.get('Length');
    if (typeof length === 'number' && length >= 0 && at + length <= data.length) {
      let after = at + length;
      while (after < data.length && (data[after] === 0x0a || data[after] === 0x0d || data[after] === 0x20)) after++;
      if (text.startsWith('endstream', after)) return { dict, data: data.subarray(at, at + length) };
    }
    const end = text.indexOf('endstream', at);
    let stop = end === -1 ? data.length : end;
    // The end of line before `endstream` is not data (7.3.8.1).
    if (data[stop - 1] === 0x0a) stop--;
    if (data[stop - 1] === 0x0d) stop--;
    return { dict, data: data.subarray(at, Math.max(at, stop)) };
  }

  private unpackObjectStream(stream: PdfStream): void {
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || n > MAX_OBJECTS) throw new UnsupportedPdf('bad object stream');
    const bytes = this.decode(stream);
    const header = new PdfLexer(bytes, 0, Math.min(first, bytes.length));
    const entries: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const num = header.next(false);
      const offset = header.next(false);
      if (typeof num !== 'number' || typeof offset !== 'number') throw new UnsupportedPdf('bad object stream header');
      entries.push([num, offset]);
    }
    for (const [num, offset] of entries) {
      const value = new PdfLexer(bytes, first + offset).value(true);
      this.objects.set(num, value);
    }
  }

  /** The object a reference points to (a stream's dictionary for a stream); anything else as it is. */
  get(v: PdfValue | undefined): PdfValue | undefined {
    let hops = 0;
    while (v instanceof PdfRef) {
      if (++hops > 32) throw new UnsupportedPdf('reference loop');
      const o = this.objects.get(v.num);
      if (o === undefined) return undefined;
      v = isStream(o) ? o.dict : o;
    }
    return v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const d = this.get(v);
    return isDict(d) ? d : undefined;
  }

  number(v: PdfValue | undefined): number | undefined {
    const n = this.get(v);
    return typeof n === 'number' ? n : undefined;
  }

  array(v: PdfValue | undefined): PdfValue[] | undefined {
    const a = this.get(v);
    return Array.isArray(a) ? a : undefined;
  }

  /** The decoded bytes of the stream `ref` points to, or undefined when it is no stream. */
  streamBytes(ref: PdfValue | undefined): Uint8Array | undefined {
    if (!(ref instanceof PdfRef)) return undefined;
    const o = this.objects.get(ref.num);
    return o !== undefined && isStream(o) ? this.decode(o) : undefined;
  }

  /** A stream's data through its filters: none, or FlateDecode without a predictor. */
  private decode(stream: PdfStream): Uint8Array {
    const filter = this.get(stream.dict.get('Filter'));
    const filters = Array.isArray(filter) ? filter.map((f) => this.get(f)) : filter === undefined || filter === null ? [] : [filter];
    if (filters.length === 0) return stream.data;
    if (filters.length > 1 || !isName(filters[0], 'FlateDecode')) throw new UnsupportedPdf('stream filter other than FlateDecode');
    const parms = this.get(stream.dict.get('DecodeParms'));
    if (parms !== undefined && parms !== null && !(isDict(parms) && (this.number(parms.get('Predictor')) ?? 1) === 1)) throw new UnsupportedPdf('stream predictor');
    const cap = Math.min(this.maxStreamBytes, this.budget.inflatedLeft() - this.inflated);
    let out: Buffer;
    try {
      // A damaged stream gives what it holds up to the damage, as pdf.js reads it.
      out = inflateSync(stream.data, { finishFlush: Z_SYNC_FLUSH, maxOutputLength: Math.max(1, cap + 1) });
    } catch {
      // Past a cap too: pdf.js's reading counts every stream first and names the limit (pdf-streams.ts).
      throw new UnsupportedPdf('stream does not inflate within the limits');
    }
    if (out.length > cap) throw new UnsupportedPdf('stream inflates past the limits');
    this.inflated += out.length;
    return out;
  }

  /** The pages in order, each with the resources it inherits. */
  pages(): { page: PdfDict; resources: PdfDict | undefined }[] {
    const root = this.dict(this.trailer.get('Root'));
    const top = root && this.dict(root.get('Pages'));
    if (!top) throw new UnsupportedPdf('no page tree');
    const pages: { page: PdfDict; resources: PdfDict | undefined }[] = [];
    const seen = new Set<PdfDict>();
    const walk = (node: PdfDict, inherited: PdfDict | undefined, depth: number) => {
      if (seen.has(node) || depth > 64) throw new UnsupportedPdf('page tree loop');
      seen.add(node);
      const resources = this.dict(node.get('Resources')) ?? inherited;
      const kids = this.array(node.get('Kids'));
      if (isName(node.get('Type'), 'Page') || !kids) {
        if (pages.length >= MAX_PAGES) throw new UnsupportedPdf('too many pages');
        pages.push({ page: node, resources });
        return;
      }
      for (const kid of kids) {
        const d = this.dict(kid);
        if (!d) throw new UnsupportedPdf('missing page');
        walk(d, resources, depth + 1);
      }
    };
    walk(top, undefined, 0);
    return pages;
  }

  /** A page's content: its streams' decoded bytes, joined by a space (7.8.2). */
  contentOf(page: PdfDict): Uint8Array {
    const contents = page.get('Contents');
    const refs = contents instanceof PdfRef && isStream(this.objects.get(contents.num)) ? [contents] : (this.array(contents) ?? []);
    const parts = refs.map((r) => {
      const bytes = this.streamBytes(r);
      if (!bytes) throw new UnsupportedPdf('missing content stream');
      return bytes;
    });
    if (parts.length === 1) return parts[0];
    return Buffer.concat(parts.flatMap((p) => [p, SPACE]));
  }

  /** True when `ref` is a stream object (a form XObject's content, a CMap). */
  isStream(ref: PdfValue | undefined): boolean {
    return ref instanceof PdfRef && isStream(this.objects.get(ref.num));
  }
}

const SPACE = Buffer.from(' ');

function isStream(o: PdfValue | PdfStream | undefined): o is PdfStream {
  return typeof o === 'object' && o !== null && !(o instanceof Map) && !Array.isArray(o) && 'dict' in o && 'data' in o;
}

