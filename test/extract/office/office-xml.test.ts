import { describe, expect, it } from 'vitest';
import { XmlCursor, decodeXmlEntities } from '../../../src/extract/office/office-xml.js';
import { PartIssueError } from '../../../src/model/issues.js';

/** Every token of a document as `kind:name` or `text:"…"`, text decoded. */
function tokens(xml: string): string[] {
  const c = new XmlCursor(xml);
  const out: string[] = [];
  while (c.next()) out.push(c.kind === 'text' ? `text:${JSON.stringify(c.text())}` : `${c.kind}:${c.name}`);
  return out;
}

describe('decodeXmlEntities', () => {
  it.each([
    ['Dupont &amp; Fils', 'Dupont & Fils'],
    ['a &lt; b &gt; c', 'a < b > c'],
    ['&quot;oui&quot; &apos;non&apos;', '"oui" \'non\''],
    ['&#233;t&#xE9; &#x153;uvre &#8217;', 'été œuvre ’'],
    ['&#x1F600;', '\u{1F600}'],
    ['&amp;lt;', '&lt;'],
    ['&nbsp; &unknown; & seul &#0; &#xD800; &#x110000;', '&nbsp; &unknown; & seul &#0; &#xD800; &#x110000;'],
    ['sans entité', 'sans entité'],
  ])('%s → %s', (raw, expected) => {
    expect(decodeXmlEntities(raw)).toBe(expected);
  });
});

describe('XmlCursor', () => {
  it('gives open, close, empty and text tokens, skipping the declaration, comments and the DOCTYPE', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE x><w:p a="1"><!-- <w:t>no</w:t> --><w:t>Dupont &amp; Fils</w:t><w:br/></w:p>';
    expect(tokens(xml)).toEqual(['open:w:p', 'open:w:t', 'text:"Dupont & Fils"', 'close:w:t', 'empty:w:br', 'close:w:p']);
  });

  it('reads a tag whose attribute holds ">" and "/>"', () => {
    const xml = `<table:table-cell table:formula="of:=[.A1]>0" x='a/>b'><text:p>oui</text:p></table:table-cell>`;
    expect(tokens(xml)).toEqual(['open:table:table-cell', 'open:text:p', 'text:"oui"', 'close:text:p', 'close:table:table-cell']);
  });

  it('hands CDATA over as written', () => {
    expect(tokens('<a><![CDATA[x &amp; <y>]]>z</a>')).toEqual(['open:a', 'text:"x &amp; <y>"', 'text:"z"', 'close:a']);
  });

  it('reads attributes by qualified name, decoded, and not by a longer name that ends the same', () => {
    const c = new XmlCursor(`<table:table-cell office:value-type="float" office:value='83000' x:name="a" table:name="Abonn&#233;s &amp; co"/>`);
    c.next();
    expect([c.attr('office:value'), c.attr('office:value-type'), c.attr('table:name'), c.attr('name'), c.attr('table:style-name')]).toEqual(['83000', 'float', 'Abonnés & co', undefined, undefined]);
  });

  it('skips an element with its nested namesakes', () => {
    const c = new XmlCursor('<r><mc:Fallback><mc:Fallback>a</mc:Fallback>b</mc:Fallback><t>c</t></r>');
    const seen: string[] = [];
    while (c.next()) {
      if (c.kind === 'open' && c.name === 'mc:Fallback') c.skipElement();
      else if (c.kind === 'text') seen.push(c.text());
    }
    expect(seen).toEqual(['c']);
  });

  it('stops at a tag left open at the end (a cut-off part) without throwing', () => {
    expect(tokens('<w:p><w:t>Dupont</w:t><w:r a="')).toEqual(['open:w:p', 'open:w:t', 'text:"Dupont"', 'close:w:t']);
  });

  it('throws a timeout issue once past its deadline', () => {
    const xml = '<a/>'.repeat(70_000);
    const c = new XmlCursor(xml, Date.now() - 1);
    let error: unknown;
    try {
      while (c.next());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PartIssueError);
    expect(error).toMatchObject({ code: 'timeout', message: 'document not read within the time limit' });
  });

  it('refuses a DOCTYPE that declares entities (billion laughs): corrupt, not read with holes', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY n "DUPONT;Jean"><!ENTITY m "&n;&n;">]><w:p><w:t>&m;</w:t></w:p>';
    expect(() => tokens(xml)).toThrow(PartIssueError);
    expect(() => tokens(xml)).toThrow('XML declares its own entities (a DTD, which Office never writes): not expanded');
    expect(tokens('<!DOCTYPE x SYSTEM "x.dtd"><w:p/>')).toEqual(['empty:w:p']);
  });
});
