import { describe, expect, it } from 'vitest';
import { cpuGrowth, MAX_GROWTH, repeated } from '../helpers/cpu-growth.js';
import { ctxWith, filePart } from '../helpers/parts.js';
import { makeZip } from '../helpers/zip-writer.js';
import { OFFICE_DOCUMENT_REL, contentTypes, relationships, xmlEntry } from '../../fixtures/generator/office-parts.js';
import { odfPackage } from '../../fixtures/generator/office.js';
import type { Extractor, ExtractOutput } from '../../src/extract/extractor.js';
import { docxExtractor } from '../../src/extract/office/docx.js';
import { odtExtractor } from '../../src/extract/office/odt.js';
import { htmlToUnits } from '../../src/extract/text/html.js';
import { textToUnits } from '../../src/extract/text/text-tables.js';
import type { Unit } from '../../src/model/units.js';

/**
 * Extraction clean-up must cost time linear in the input: runs of spaces and `&nbsp;` in HTML,
 * Office documents of empty paragraphs, tables nested in table cells. CPU time at 1, 4 and 16 MiB
 * of markup; a 4x input may cost at most MAX_GROWTH times more (quadratic would be 16).
 */

/** A Word document whose body is `body` (raw WordprocessingML), stored: the test is not about inflating. */
function docx(body: string): Buffer {
  return makeZip([
    contentTypes([['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]),
    relationships('_rels/.rels', [['rId1', OFFICE_DOCUMENT_REL, 'word/document.xml']]),
    { ...xmlEntry('word/document.xml', `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`), method: 'store' },
  ]);
}

const wordParagraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

const NESTED_OPEN = `<w:tbl><w:tr><w:tc>${wordParagraph('Jeanne Morel')}`;
const NESTED_CLOSE = `${wordParagraph('04 65 71 12 34')}</w:tc><w:tc>${wordParagraph('Paul')}</w:tc></w:tr></w:tbl>`;
const nestedDepth = (bytes: number) => Math.ceil(bytes / (NESTED_OPEN.length + NESTED_CLOSE.length));

/**
 * Tables nested in the first cell of each other, `bytes` of markup: each level's first cell holds
 * a paragraph, the inner table, a paragraph; its second cell a paragraph.
 */
const nestedTables = (bytes: number) => NESTED_OPEN.repeat(nestedDepth(bytes)) + NESTED_CLOSE.repeat(nestedDepth(bytes));

/** Limits that measure work, not wall-clock time (the machine may be loaded) nor compression. */
const ctx = () => ctxWith({ partTimeoutMs: 3_600_000, messageTimeoutMs: 3_600_000, maxCompressionRatio: 1e9 });

async function extract(extractor: Extractor, name: string, content: Buffer): Promise<Unit[]> {
  const units: Unit[] = [];
  for await (const out of extractor.extract(filePart(name, content), ctx()) as AsyncIterable<ExtractOutput>) {
    if (out.kind === 'unit') units.push(out.unit);
    else throw new Error(`unexpected ${out.kind} from ${name}`);
  }
  return units;
}

const textOf = (units: Unit[]) => units.flatMap((u) => (u.kind === 'text' ? [u.text] : u.rows.map((r) => r.join('\t'))));

const CASES: { name: string; make: (bytes: number) => () => Promise<Unit[]> | Unit[]; expected: (units: Unit[]) => void }[] = [
  {
    name: 'HTML: <td> then spaces',
    make: (bytes) => {
      const html = `<td>Jeanne${repeated(' ', bytes)}Morel</td>`;
      return () => htmlToUnits(html, 'body.html');
    },
    expected: (units) => expect(textOf(units)).toEqual([`Jeanne${' '.repeat(16 * 1048576)}Morel`]),
  },
  {
    name: 'HTML: a cell of &nbsp; then a line break',
    make: (bytes) => {
      const html = `<table><tr><td>Jeanne${repeated('&nbsp;', bytes)}<br>Morel</td></tr></table><p>a${repeated(' &nbsp;', bytes)}</p><p>b</p>`;
      return () => htmlToUnits(html, 'body.html');
    },
    expected: (units) => expect(textOf(units)).toEqual(['Jeanne\nMorel\na\nb']),
  },
  {
    name: 'DOCX: empty and blank paragraphs',
    make: (bytes) => {
      const file = docx(`${repeated(`<w:p/>${wordParagraph('   ')}<w:p></w:p>`, bytes)}${wordParagraph('Jeanne Morel')}`);
      return () => extract(docxExtractor, 'lettre.docx', file);
    },
    expected: (units) => expect(textOf(units)).toEqual(['Jeanne Morel']),
  },
  {
    name: 'ODT: empty paragraphs and collapsed spaces',
    make: (bytes) => {
      const file = odfPackage('application/vnd.oasis.opendocument.text', `<office:text>${repeated('<text:p/><text:p>  \n </text:p>', bytes)}<text:p>Jeanne Morel</text:p></office:text>`);
      return () => extract(odtExtractor, 'lettre.odt', file);
    },
    expected: (units) => expect(textOf(units)).toEqual(['Jeanne Morel']),
  },
  {
    name: 'DOCX: tables nested in cells',
    make: (bytes) => {
      const file = docx(nestedTables(bytes));
      return () => extract(docxExtractor, 'tableaux.docx', file);
    },
    // One table of one row: its first cell holds every level's text, a cell's paragraphs and a table's cells joined by spaces.
    expected: (units) => {
      const depth = nestedDepth(16 * 1048576);
      const first = 'Jeanne Morel '.repeat(depth) + '04 65 71 12 34' + ' Paul 04 65 71 12 34'.repeat(depth - 1);
      expect(units.map((u) => u.kind === 'table' && u.rows)).toEqual([[[first, 'Paul']]]);
    },
  },
];

describe('extraction clean-up grows linearly with the input', () => {
  for (const { name, make, expected } of CASES) {
    it(name, async () => {
      let last: Unit[] = [];
      const growth = await cpuGrowth(make, async (run) => {
        last = await run();
      });
      expected(last);
      expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
      expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
    }, 600_000);
  }

  it('text tables: a rule line of dashes that ends in a letter', async () => {
    const growth = await cpuGrowth(
      (bytes) => `Nom  Prénom  Ville\n${repeated('-', bytes)}x\n`,
      // Ten reads per measured run: one read of 1 MiB takes about 2 ms, within the noise of one
      // collection or of a busy machine; sizes past 16 MiB measure the memory system, not the rule.
      (text) => {
        for (let read = 0; read < 10; read++) textToUnits(text, 'body');
      },
    );
    expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
    expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);
});
