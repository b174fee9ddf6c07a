import { describe, expect, it } from 'vitest';
import { docxExtractor } from '../../../src/extract/office/docx.js';
import { PartIssueError } from '../../../src/model/issues.js';
import type { Limits } from '../../../src/model/limits.js';
import { toDocx } from '../../../fixtures/generator/office.js';
import { xmlEntry } from '../../../fixtures/generator/office-parts.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';
import type { ZipEntrySpec } from '../../helpers/zip-writer.js';

const extract = (content: Buffer, limits: Partial<Limits> = {}) => collect(docxExtractor.extract(filePart('x.docx', content), ctxWith(limits)));
const failure = (content: Buffer, limits: Partial<Limits> = {}) => extract(content, limits).then(() => null, (e: unknown) => e);
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
/** A package holding word/document.xml with this body, plus other parts. */
const wordPackage = (body: string, more: ZipEntrySpec[] = []) => makeZip([xmlEntry('word/document.xml', `<w:document ${W}><w:body>${body}</w:body></w:document>`), ...more]);
const p = (...runs: string[]) => `<w:p>${runs.map((t) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`).join('')}</w:p>`;
const tc = (...paragraphs: string[]) => `<w:tc>${paragraphs.join('') || '<w:p/>'}</w:tc>`;
const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
const tbl = (...rows: string[]) => `<w:tbl><w:tblPr/>${rows.join('')}</w:tbl>`;
const text = (where: string, t: string) => ({ kind: 'unit', unit: { kind: 'text', where, text: t } });
const table = (where: string, header: string[] | null, rows: string[][], totalRows = rows.length) => ({ kind: 'unit', unit: { kind: 'table', where, header, rows, totalRows } });

const customers = customerTable(makePeople(11, 5));

describe('docxExtractor', () => {
  it('reads a 5-person customer table as one table (header row marked) and the paragraphs as text', async () => {
    const out = await extract(toDocx(customers, ['Objet : sécheresse', 'Madame, Monsieur,']));
    expect(out).toEqual([text('x.docx', 'Objet : sécheresse\nMadame, Monsieur,'), table('x.docx#table1', customers.header, customers.rows)]);
  });

  it('decodes entities and keeps accents, in text and in cells', async () => {
    const people = { header: ['Nom', 'Société'], rows: [['CŒUR', 'Dupont & Fils <SARL>']] };
    const out = await extract(toDocx(people, ['Dupont & Fils < "Œuvres" l’été', 'a > b']));
    expect(out).toEqual([text('x.docx', 'Dupont & Fils < "Œuvres" l’été\na > b'), table('x.docx#table1', ['Nom', 'Société'], [['CŒUR', 'Dupont & Fils <SARL>']])]);
  });

  it('reads tabs and breaks in runs, not the tab stops and page settings of properties', async () => {
    const body = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="2880"/></w:tabs></w:pPr><w:r><w:t>Nom</w:t><w:tab/><w:t>Ville</w:t><w:br/><w:t>DUPONT</w:t><w:tab/><w:t>Toulon</w:t></w:r></w:p><w:p/>${p('fin')}`;
    expect(await extract(wordPackage(body))).toEqual([text('x.docx', 'Nom\tVille\nDUPONT\tToulon\n\nfin')]);
  });

  it('reads deleted tracked text and skips field codes and the fallback copy of a text box', async () => {
    const box = (t: string) => `<w:txbxContent>${p(t)}</w:txbxContent>`;
    const body = `<w:p><w:r><w:instrText> HYPERLINK "mailto:x@example.com" </w:instrText></w:r><w:del><w:r><w:delText>Jean DUPONT</w:delText></w:r></w:del>`
      + `<w:r><mc:AlternateContent><mc:Choice>${box('encadré')}</mc:Choice><mc:Fallback>${box('encadré')}</mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    expect(await extract(wordPackage(body))).toEqual([text('x.docx', 'encadré\nJean DUPONT')]);
  });

  it('numbers tables in document order, skips empty ones, expands gridSpan and folds a nested table into its cell', async () => {
    const body = tbl(tr(tc('<w:p/>'))) + p('entre')
      + tbl(tr(`<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${p('Adresse')}</w:tc>`, tc(p('Email'))), tr(tc(p('12 rue'), p('des Lilas')), tc(p('83000')), tc(tbl(tr(tc(p('a')), tc(p('b')))))))
      + tbl(tr(tc(p('Nom & Prénom'))));
    expect(await extract(wordPackage(body))).toEqual([
      text('x.docx', 'entre'),
      table('x.docx#table2', null, [['Adresse', '', 'Email'], ['12 rue des Lilas', '83000', 'a b']]),
      table('x.docx#table3', null, [['Nom & Prénom']]),
    ]);
  });

  it('adds page headers, footers, notes and comments to the text, tables in them as tab-separated lines', async () => {
    const part = (name: string, root: string, inner: string) => xmlEntry(`word/${name}`, `<w:${root} ${W}>${inner}</w:${root}>`);
    const docx = wordPackage(p('corps'), [
      part('comments.xml', 'comments', `<w:comment w:author="A">${p('voir Mme MARTIN')}</w:comment>`),
      part('footer1.xml', 'ftr', p('pied')),
      part('header10.xml', 'hdr', p('entête 10')),
      part('header2.xml', 'hdr', tbl(tr(tc(p('Mairie')), tc(p('Page 1'))))),
      part('footnotes.xml', 'footnotes', `<w:footnote w:id="1">${p('note')}</w:footnote>`),
      part('styles.xml', 'styles', p('pas du texte')),
    ]);
    expect(await extract(docx)).toEqual([text('x.docx', 'corps\nMairie\tPage 1\nentête 10\npied\nnote\nvoir Mme MARTIN')]);
  });

  it('yields nothing for a document without text', async () => {
    expect(await extract(wordPackage('<w:p/><w:p><w:r><w:t></w:t></w:r></w:p>'))).toEqual([]);
  });

  it('keeps maxRowsPerTable rows and counts them all', async () => {
    expect(await extract(toDocx(customers, []), { maxRowsPerTable: 3 })).toEqual([table('x.docx#table1', customers.header, customers.rows.slice(0, 2), 5)]);
  });

  it.each([
    ['the first half of a document', () => { const d = toDocx(customers, ['x']); return d.subarray(0, d.length >> 1); }, {}, 'truncated', 'the archive is cut off (no central directory)'],
    ['an archive without word/document.xml', () => makeZip([xmlEntry('word/styles.xml', '<w:styles/>')]), {}, 'corrupt', 'no word/document.xml in the archive'],
    ['a password-protected entry', () => makeZip([{ ...xmlEntry('word/document.xml', '<w:document/>'), flags: 0x1 }]), {}, 'encrypted', 'password-protected document (word/document.xml)'],
    ['parts past the size limit', () => toDocx(customers, []), { maxPartBytes: 1000 }, 'too-large', 'word/document.xml inflates past the 1000-byte limit'],
  ] as const)('throws PartIssueError for %s', async (_name, make, limits, code, message) => {
    const err = await failure(make(), limits);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code, message });
  });
});
