import { describe, expect, it } from 'vitest';
import { odtExtractor } from '../../../src/extract/office/odt.js';
import { PartIssueError } from '../../../src/model/issues.js';
import { odfPackage, toOdt } from '../../../fixtures/generator/office.js';
import { xmlEntry } from '../../../fixtures/generator/office-parts.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';

const extract = (content: Buffer) => collect(odtExtractor.extract(filePart('x.odt', content), ctxWith()));
const TEXT_TYPE = 'application/vnd.oasis.opendocument.text';
const odt = (body: string) => odfPackage(TEXT_TYPE, `<office:text>${body}</office:text>`);
const text = (t: string) => ({ kind: 'unit', unit: { kind: 'text', where: 'x.odt', text: t } });
const table = (where: string, header: string[] | null, rows: string[][]) => ({ kind: 'unit', unit: { kind: 'table', where, header, rows, totalRows: rows.length } });
const cell = (t: string, attrs = '') => `<table:table-cell${attrs}><text:p>${t}</text:p></table:table-cell>`;

const customers = customerTable(makePeople(11, 5));

describe('odtExtractor', () => {
  it('reads a 5-person customer table (header in table-header-rows) and the paragraphs as text', async () => {
    expect(await extract(toOdt(customers, ['Objet : sécheresse', 'Madame,  Monsieur,']))).toEqual([
      text('Objet : sécheresse\nMadame,  Monsieur,'),
      table('x.odt#Tableau1', customers.header, customers.rows),
    ]);
  });

  it('reads headings, spaces (text:s), tabs and line breaks; collapses layout white space; decodes entities', async () => {
    const body = `<text:h text:outline-level="1">Dupont &amp; Fils &lt;SARL&gt;</text:h>
      <text:p>
        Nom<text:tab/>Ville<text:line-break/>CŒUR<text:s text:c="3"/>Toulon<text:s/>!
      </text:p>`;
    expect(await extract(odt(body))).toEqual([text('Dupont & Fils <SARL>\n Nom\tVille\nCŒUR   Toulon ! ')]);
  });

  it('skips footnote numbers and comment metadata, and gives footnote and comment text lines of their own', async () => {
    const body = '<text:p>DUPONT<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>client depuis 2010</text:p></text:note-body></text:note>'
      + '<office:annotation><dc:creator>Agent 7</dc:creator><dc:date>2022-08-05</dc:date><text:p>à rappeler</text:p></office:annotation> Jean</text:p>';
    expect(await extract(odt(body))).toEqual([text('client depuis 2010\nà rappeler\nDUPONT Jean')]);
  });

  it('names an unnamed table by position, expands repeated filled cells and folds a nested table into its cell', async () => {
    const inner = `<table:table>${'<table:table-row>' + cell('a') + cell('b') + '</table:table-row>'}</table:table>`;
    const body = `<table:table><table:table-row>${cell('Toulon', ' table:number-columns-repeated="2"')}<table:table-cell table:number-columns-repeated="5"/>${cell('x')}</table:table-row>`
      + `<table:table-row><table:table-cell><text:p>avant</text:p>${inner}</table:table-cell></table:table-row></table:table>`;
    expect(await extract(odt(body))).toEqual([table('x.odt#table1', null, [['Toulon', 'Toulon', '', '', '', '', '', 'x'], ['avant a b']])]);
  });

  it('adds page headers and footers from styles.xml to the text', async () => {
    const styles = xmlEntry('styles.xml', '<office:document-styles><office:master-styles><style:master-page><style:header><text:p>Mairie de La Garde</text:p></style:header><style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer></style:master-page></office:master-styles></office:document-styles>');
    const doc = makeZip([{ name: 'mimetype', data: Buffer.from(TEXT_TYPE), method: 'store' }, xmlEntry('content.xml', '<office:document-content><office:body><office:text><text:p>corps</text:p></office:text></office:body></office:document-content>'), styles]);
    expect(await extract(doc)).toEqual([text('corps\nMairie de La Garde\nPage 1')]);
  });

  it('yields nothing for a document without text', async () => {
    expect(await extract(odt('<text:p/><text:p>  </text:p>'))).toEqual([]);
  });

  it.each([
    ['the first half of a document', () => { const d = toOdt(customers, ['x']); return d.subarray(0, d.length >> 1); }, 'truncated', 'the archive is cut off (no central directory)'],
    ['an archive without content.xml', () => makeZip([{ name: 'mimetype', data: Buffer.from(TEXT_TYPE), method: 'store' }, xmlEntry('styles.xml', '<x/>')]), 'corrupt', 'no content.xml in the archive'],
    ['a document encrypted by ODF (declared in the manifest)', () => makeZip([
      { name: 'mimetype', data: Buffer.from(TEXT_TYPE), method: 'store' },
      xmlEntry('META-INF/manifest.xml', '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>'),
      { name: 'content.xml', data: Buffer.from([0x8f, 0x12, 0x00, 0xfe]), method: 'store' },
    ]), 'encrypted', 'password-protected document'],
  ] as const)('throws PartIssueError for %s', async (_name, make, code, message) => {
    const err = await extract(make()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code, message });
  });
});
