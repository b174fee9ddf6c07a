import { describe, expect, it } from 'vitest';
import { pptxExtractor } from '../../../src/extract/office/pptx.js';
import { PartIssueError } from '../../../src/model/issues.js';
import { toPptx } from '../../../fixtures/generator/office.js';
import { xmlEntry } from '../../../fixtures/generator/office-parts.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { reorderZip } from '../../../fixtures/generator/zip-order.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';

const extract = (content: Buffer) => collect(pptxExtractor.extract(filePart('x.pptx', content), ctxWith()));
const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const shape = (inner: string) => `<p:sld ${NS}><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/>${inner}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
const text = (t: string) => ({ kind: 'unit', unit: { kind: 'text', where: 'x.pptx', text: t } });

const customers = customerTable(makePeople(11, 5));

describe('pptxExtractor', () => {
  it('reads a 5-person customer table (first row marked as header) and the slide text', async () => {
    expect(await extract(toPptx(customers, ['Abonnés & résiliations', 'Août 2022']))).toEqual([
      text('Abonnés & résiliations\nAoût 2022'),
      { kind: 'unit', unit: { kind: 'table', where: 'x.pptx#slide1-table1', header: customers.header, rows: customers.rows, totalRows: 5 } },
    ]);
  });

  it('takes slides in numeric order (slide10 after slide9) whatever the order of the entries', async () => {
    const deck = toPptx(null, ['diapo 1'], { moreSlides: Array.from({ length: 9 }, (_, i) => [`diapo ${i + 2}`]) });
    const shuffled = reorderZip(deck, (names) => [...names].sort().reverse());
    expect(await extract(shuffled)).toEqual([text(Array.from({ length: 10 }, (_, i) => `diapo ${i + 1}`).join('\n'))]);
  });

  it('reads line breaks and entities, skips the fallback copy of a shape, and adds speaker notes after the slides', async () => {
    const slide = shape(`<a:p><a:r><a:t>Jean DUPONT</a:t></a:r><a:br/><a:r><a:t>12 rue des Lilas &amp; co</a:t></a:r></a:p>`
      + `<mc:AlternateContent><mc:Choice><a:p><a:r><a:t>forme</a:t></a:r></a:p></mc:Choice><mc:Fallback><a:p><a:r><a:t>forme</a:t></a:r></a:p></mc:Fallback></mc:AlternateContent>`);
    const deck = makeZip([
      xmlEntry('ppt/presentation.xml', `<p:presentation ${NS}/>`),
      xmlEntry('ppt/notesSlides/notesSlide1.xml', shape('<a:p><a:r><a:t>rappeler Mme MARTIN</a:t></a:r></a:p>')),
      xmlEntry('ppt/slides/slide1.xml', slide),
      xmlEntry('ppt/slideLayouts/slideLayout1.xml', shape('<a:p><a:r><a:t>Cliquez pour modifier le titre</a:t></a:r></a:p>')),
    ]);
    expect(await extract(deck)).toEqual([text('Jean DUPONT\n12 rue des Lilas & co\nforme\nrappeler Mme MARTIN')]);
  });

  it('yields nothing for a deck without text', async () => {
    expect(await extract(toPptx(null, []))).toEqual([]);
  });

  it.each([
    ['the first half of a deck', () => { const d = toPptx(customers, ['x']); return d.subarray(0, d.length >> 1); }, 'truncated', 'the archive is cut off (no central directory)'],
    ['an archive without ppt/presentation.xml', () => makeZip([xmlEntry('ppt/slides/slide1.xml', shape(''))]), 'corrupt', 'no ppt/presentation.xml in the archive'],
  ] as const)('throws PartIssueError for %s', async (_name, make, code, message) => {
    const err = await extract(make()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PartIssueError);
    expect(err).toMatchObject({ code, message });
  });
});
