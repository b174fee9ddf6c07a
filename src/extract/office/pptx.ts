import { DocumentFlow } from './document-flow.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { XmlCursor } from './office-xml.js';
import { mainPart, readPackageParts, tableUnit, textUnit } from './office-package.js';

const PRESENTATION = 'ppt/presentation.xml';
const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
/** Speaker notes travel with the deck and are written as freely as an e-mail. */
const NOTES = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/;
const ON = new Set(['1', 'true', 'on']);

/**
 * Reads a DrawingML part (a slide, its notes) into a flow: `a:p` paragraphs of `a:t` runs,
 * `a:br` line breaks, `a:tbl` tables. Merged cells stay in the XML as empty `a:tc`, so gridSpan
 * needs no expansion. `mc:Fallback` repeats `mc:Choice` for old readers and is skipped.
 */
function readDrawingXml(xml: string, flow: DocumentFlow, deadline: number): void {
  const c = new XmlCursor(xml, deadline);
  let inText = false;
  while (c.next()) {
    if (c.kind === 'text') {
      if (inText) flow.append(c.text());
      continue;
    }
    const opens = c.kind !== 'close';
    const closes = c.kind !== 'open';
    switch (c.name) {
      case 'a:p':
        flow.element('paragraph', c.kind);
        break;
      case 'a:t':
        inText = c.kind === 'open';
        break;
      case 'a:br':
        if (opens) flow.append('\n');
        break;
      case 'a:tbl':
        flow.element('table', c.kind);
        break;
      case 'a:tblPr':
        if (opens && ON.has(c.attr('firstRow') ?? '')) flow.markFirstRowAsHeader();
        break;
      case 'a:tr':
        flow.element('row', c.kind);
        break;
      case 'a:tc':
        if (opens) flow.openCell();
        if (closes) flow.closeCell();
        break;
      case 'mc:Fallback':
        c.skipElement();
        break;
    }
  }
}

/** Entry names matching `pattern`, by the number in them (slide10 after slide9), with a label (`slide10`). */
function numbered(names: Iterable<string>, pattern: RegExp, prefix: string): [name: string, label: string][] {
  return [...names]
    .flatMap((name): [string, number][] => {
      const match = pattern.exec(name);
      return match ? [[name, Number(match[1])]] : [];
    })
    .sort((a, b) => a[1] - b[1])
    .map(([name, n]) => [name, `${prefix}${n}`]);
}

/**
 * PowerPoint decks (.pptx): the text of every slide, then of the speaker notes, as one text unit
 * (`file.pptx`), one line per paragraph; each table as a unit named after its slide
 * (`file.pptx#slide3-table1`, `#notes3-table1` in speaker notes). Slides are taken in the order of their file numbers.
 */
export const pptxExtractor: Extractor = {
  id: 'pptx',
  accepts: (type) => type === 'pptx',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const parts = await readPackageParts(part.content, (name) => name === PRESENTATION || SLIDE.test(name) || NOTES.test(name), ctx);
    // The text is in the slides; presentation.xml only shows that the archive is a deck.
    mainPart(parts, PRESENTATION);
    const deadline = ctx.budget.partDeadline();
    const lines: string[] = [];
    const tables: ExtractOutput[] = [];
    const decks = [...numbered(parts.keys(), SLIDE, 'slide'), ...numbered(parts.keys(), NOTES, 'notes')];
    for (const [name, label] of decks) {
      const flow = new DocumentFlow({ maxRows: limits.maxRowsPerTable, cellSeparator: ' ' });
      readDrawingXml(parts.get(name) ?? '', flow, deadline);
      // One by one: a million empty paragraphs spread as arguments would overflow the stack.
      for (const line of flow.lines) lines.push(line);
      for (const [i, table] of flow.tables.entries()) {
        const unit = tableUnit(`${part.where}#${label}-table${i + 1}`, table, ctx.budget);
        if (unit) tables.push({ kind: 'unit', unit });
      }
    }
    const text = textUnit(part.where, lines);
    if (text) yield { kind: 'unit', unit: text };
    yield* tables;
  },
};
