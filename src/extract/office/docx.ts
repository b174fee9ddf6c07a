import { DocumentFlow } from './document-flow.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { XmlCursor } from './office-xml.js';
import { mainPart, readPackageParts, tableUnit, textUnit } from './office-package.js';

const DOCUMENT = 'word/document.xml';
/** Parts read as text besides the body: page headers and footers, notes, comments. */
const SECONDARY = /^word\/(?:header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;
const SECONDARY_ORDER = ['header', 'footer', 'footnotes', 'endnotes', 'comments'];
/** A Word table has at most 63 columns; a larger gridSpan is not layout. */
const MAX_SPAN = 64;
const OFF = new Set(['0', 'false', 'off']);

/**
 * Reads a WordprocessingML part into a flow. Text counts only inside `w:t` (and `w:delText`:
 * deleted tracked text is still in the file that leaves); `w:tab` and `w:br` only inside a run,
 * since the same names also define tab stops and breaks in properties. `mc:Fallback` repeats the
 * text boxes of `mc:Choice` for old readers, so it is skipped.
 */
function readWordXml(xml: string, flow: DocumentFlow, deadline: number): void {
  const c = new XmlCursor(xml, deadline);
  const spans: number[] = [];
  let runs = 0;
  let inText = false;
  while (c.next()) {
    if (c.kind === 'text') {
      if (inText) flow.append(c.text());
      continue;
    }
    const opens = c.kind !== 'close';
    const closes = c.kind !== 'open';
    switch (c.name) {
      case 'w:p':
        flow.element('paragraph', c.kind);
        break;
      case 'w:r':
        if (c.kind === 'open') runs++;
        else if (c.kind === 'close') runs = Math.max(0, runs - 1);
        break;
      case 'w:t':
      case 'w:delText':
        inText = c.kind === 'open';
        break;
      case 'w:tab':
      case 'w:ptab':
        if (opens && runs) flow.append('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (opens && runs) flow.append('\n');
        break;
      case 'w:noBreakHyphen':
        if (opens && runs) flow.append('-');
        break;
      case 'w:tbl':
        flow.element('table', c.kind);
        break;
      case 'w:tr':
        flow.element('row', c.kind);
        break;
      case 'w:tblHeader':
        if (opens && !OFF.has(c.attr('w:val') ?? '')) flow.markHeaderRow();
        break;
      case 'w:tc':
        if (opens) {
          flow.openCell();
          spans.push(1);
        }
        if (closes) flow.closeCell(1, spans.pop());
        break;
      case 'w:gridSpan':
        if (opens && spans.length) spans[spans.length - 1] = Math.min(MAX_SPAN, Math.max(1, Number.parseInt(c.attr('w:val') ?? '1', 10) || 1));
        break;
      case 'mc:Fallback':
        c.skipElement();
        break;
    }
  }
}

/**
 * Word documents (.docx): body paragraphs, then page headers, footers, notes and comments, as one
 * text unit (`file.docx`), one line per paragraph; each table of the body as a unit
 * (`file.docx#table1`, numbered in document order), a cell's paragraphs joined by a space.
 */
export const docxExtractor: Extractor = {
  id: 'docx',
  accepts: (type) => type === 'docx',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const parts = await readPackageParts(part.content, (name) => name === DOCUMENT || SECONDARY.test(name), ctx);
    const deadline = ctx.budget.partDeadline();
    const body = new DocumentFlow({ maxRows: limits.maxRowsPerTable, cellSeparator: ' ' });
    readWordXml(mainPart(parts, DOCUMENT), body, deadline);
    const lines = [...body.lines];
    for (const name of [...parts.keys()].filter((n) => n !== DOCUMENT).sort(byPartOrder)) {
      const flow = new DocumentFlow({ maxRows: limits.maxRowsPerTable, cellSeparator: ' ', tablesAsText: true });
      readWordXml(parts.get(name) ?? '', flow, deadline);
      // One by one: a million empty paragraphs spread as arguments would overflow the stack.
      for (const line of flow.lines) lines.push(line);
    }
    const text = textUnit(part.where, lines);
    if (text) yield { kind: 'unit', unit: text };
    for (const [i, table] of body.tables.entries()) {
      const unit = tableUnit(`${part.where}#table${i + 1}`, table, ctx.budget);
      if (unit) yield { kind: 'unit', unit };
    }
  },
};

/** Headers, footers, footnotes, endnotes, comments; header2 before header10. */
function byPartOrder(a: string, b: string): number {
  const key = (name: string) => /^word\/([a-z]+)(\d*)/.exec(name) ?? ['', '', ''];
  const [, kindA, numberA] = key(a);
  const [, kindB, numberB] = key(b);
  return SECONDARY_ORDER.indexOf(kindA) - SECONDARY_ORDER.indexOf(kindB) || Number(numberA) - Number(numberB);
}
