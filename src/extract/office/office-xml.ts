import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d{1,7})|#x([\da-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;

/**
 * Decodes the five XML entities and character references. Anything else (an unknown or malformed
 * entity) is left as written: office files declare no DTD, so there is nothing else to expand.
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED_ENTITIES[name];
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/**
 * One tag, quotes honoured: `>` is legal inside an attribute value (ODS formulas hold it). The
 * loop is unrolled (runs of plain characters, then a quoted value) so that it cannot backtrack.
 */
const TAG = /<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/y;
/**
 * Office writes no DTD. One with an internal subset declares entities this scanner does not expand
 * (expanding them is the billion-laughs bomb), so the text behind them would go unread: the part
 * is reported instead of read with holes.
 */
function refuseEntityDeclarations(xml: string, lt: number): void {
  const close = xml.indexOf('>', lt);
  const bracket = xml.indexOf('[', lt);
  if (bracket !== -1 && (close === -1 || bracket < close)) throw new PartIssueError('corrupt', issueDetail('xml-dtd'));
}

/** Tokens between two deadline checks: Date.now() per token would cost more than the scan. */
const TOKENS_PER_CLOCK_CHECK = 1 << 16;

export type XmlTokenKind = 'open' | 'close' | 'empty' | 'text';

/**
 * A forward-only scanner over an XML string, without a DOM: `next()` moves to the next tag or run
 * of text and sets `kind` and `name` (the qualified name, prefix included, as office files always
 * use the same prefixes). Comments, processing instructions and the DOCTYPE are skipped; text is
 * handed over raw and decoded on demand. A scan past `deadline` (ms since epoch) throws `timeout`.
 */
export class XmlCursor {
  kind: XmlTokenKind = 'text';
  name = '';
  private pos = 0;
  private start = 0;
  private end = 0;
  private cdata = false;
  private tokens = 0;
  private tagText: string | null = null;

  constructor(
    private readonly xml: string,
    private readonly deadline = Infinity,
  ) {}

  /** Moves to the next token; false at the end of the document (or at a tag left open). */
  next(): boolean {
    if (++this.tokens % TOKENS_PER_CLOCK_CHECK === 0 && Date.now() > this.deadline) throw new PartIssueError('timeout', issueDetail('document-timeout'));
    const { xml } = this;
    this.tagText = null;
    while (this.pos < xml.length) {
      const lt = xml.indexOf('<', this.pos);
      if (lt !== this.pos) return this.textToken(lt === -1 ? xml.length : lt, false);
      if (xml.startsWith('<![CDATA[', lt)) {
        const close = xml.indexOf(']]>', lt + 9);
        this.start = lt + 9;
        return this.textToken(close === -1 ? xml.length : close, true, 3);
      }
      if (xml.startsWith('<!--', lt)) {
        this.skipPast('-->', lt + 4);
        continue;
      }
      if (xml.startsWith('<!DOCTYPE', lt)) refuseEntityDeclarations(xml, lt);
      TAG.lastIndex = lt;
      if (!TAG.test(xml)) return this.stop();
      this.pos = TAG.lastIndex;
      const second = xml.charCodeAt(lt + 1);
      if (second === 0x3f || second === 0x21) continue; // <? ... ?> and <!DOCTYPE ...>
      this.start = lt;
      this.end = this.pos;
      const closing = second === 0x2f;
      this.kind = closing ? 'close' : xml.charCodeAt(this.pos - 2) === 0x2f ? 'empty' : 'open';
      const nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      while (nameEnd < this.pos - 1 && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
      this.name = xml.slice(nameStart, nameEnd);
      return true;
    }
    return this.stop();
  }

  /** The current text token, entities decoded (CDATA as written). */
  text(): string {
    const raw = this.xml.slice(this.start, this.end);
    return this.cdata ? raw : decodeXmlEntities(raw);
  }

  /** The current tag as written, attributes included. */
  tag(): string {
    this.tagText ??= this.kind === 'text' ? '' : this.xml.slice(this.start, this.end);
    return this.tagText;
  }

  /** An attribute of the current tag, decoded; undefined when absent. */
  attr(qualifiedName: string): string | undefined {
    const tag = this.tag();
    if (!tag.includes(qualifiedName)) return undefined;
    let from = 0;
    while (true) {
      const at = tag.indexOf(qualifiedName, from);
      if (at === -1) return undefined;
      from = at + qualifiedName.length;
      if (!isNameEnd(tag.charCodeAt(at - 1))) continue;
      const match = /^\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag.slice(from));
      if (match) return decodeXmlEntities(match[1] ?? match[2]);
    }
  }

  /** Skips to the tag that closes the current open tag (same name, nesting counted). */
  skipElement(): void {
    if (this.kind !== 'open') return;
    const name = this.name;
    let depth = 1;
    while (depth > 0 && this.next()) {
      if (this.name !== name) continue;
      if (this.kind === 'open') depth++;
      else if (this.kind === 'close') depth--;
    }
  }

  private textToken(end: number, cdata: boolean, closeLength = 0): boolean {
    if (!cdata) this.start = this.pos;
    this.end = end;
    this.cdata = cdata;
    this.pos = Math.min(this.xml.length, end + closeLength);
    this.kind = 'text';
    this.name = '';
    return true;
  }

  private skipPast(marker: string, from: number): void {
    const at = this.xml.indexOf(marker, from);
    this.pos = at === -1 ? this.xml.length : at + marker.length;
  }

  private stop(): boolean {
    this.pos = this.xml.length;
    return false;
  }
}

/** Whitespace, `/`, `>` or `=` end a name (or precede an attribute). */
function isNameEnd(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e || code === 0x3d || Number.isNaN(code);
}
