import { describe, expect, it } from 'vitest';
import { htmlExtractor, htmlToUnits } from '../../../src/extract/text/html.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith } from '../../helpers/parts.js';

const W = 'body/html';
const text = (t: string) => ({ kind: 'text', where: W, text: t });
const table = (n: number, header: string[] | null, rows: string[][]) => ({ kind: 'table', where: `${W}#table${n}`, header, rows, totalRows: rows.length });

const NEWSLETTER = `<html><head><title>Lettre n°12</title><style>.titre { color: #036; }</style></head><body>
<table width="100%" cellpadding="0"><tr><td>
<table><tr><td><h1>La lettre de l'eau</h1></td></tr></table>
<table><tr><td>Les travaux reprennent lundi.</td><td>Coupure de 8 h à 12 h.</td></tr></table>
<table><tr><td>Se désabonner</td></tr></table>
</td></tr></table>
<script>var tracking = "pixel";</script>
</body></html>`;

const DATA = '<table><tr><th>Nom</th><th>Ville</th></tr><tr><td>DUPONT</td><td>Toulon</td></tr><tr><td>MARTIN</td><td>Cuers</td></tr></table>';

describe('htmlToUnits', () => {
  it.each([
    ['a newsletter layout (nested and 1-row tables) is text only', NEWSLETTER, [text("La lettre de l'eau\nLes travaux reprennent lundi.\tCoupure de 8 h à 12 h.\nSe désabonner")]],
    ['a data table with <th> gives header and rows, its cells cut from the text', `<p>Voici la liste :</p>${DATA}<p>Cordialement</p>`, [
      text('Voici la liste :\nCordialement'),
      table(1, ['Nom', 'Ville'], [['DUPONT', 'Toulon'], ['MARTIN', 'Cuers']]),
    ]],
    ['a data table nested in a layout table is found', `<table><tr><td><h2>Titre</h2></td></tr><tr><td>${DATA}<p>Fin</p></td></tr></table>`, [
      text('Titre\nFin'),
      table(1, ['Nom', 'Ville'], [['DUPONT', 'Toulon'], ['MARTIN', 'Cuers']]),
    ]],
    ['a 2×2 table without <th> has no header', '<table><tr><td>Nom</td><td>Ville</td></tr><tr><td>DUPONT</td><td>Toulon</td></tr></table>', [
      table(1, null, [['Nom', 'Ville'], ['DUPONT', 'Toulon']]),
    ]],
    ['a 1-row table stays text', '<table><tr><td>Nom</td><td>Ville</td></tr></table>', [text('Nom\tVille')]],
    ['a 1-column table stays text', '<table><tr><td>Nom</td></tr><tr><td>DUPONT</td></tr></table>', [text('Nom\nDUPONT')]],
    ['script and style content is not text', '<div>Avant</div><script>document.write("caché")</script><style>p { color: red; }</style><p>Après</p>', [text('Avant\nAprès')]],
    ['entities are decoded', '<p>Caf&eacute; &amp; th&#233;</p>', [text('Café & thé')]],
    ['two data tables are numbered in order', `${DATA}<p>et</p>${DATA}`, [
      text('et'),
      table(1, ['Nom', 'Ville'], [['DUPONT', 'Toulon'], ['MARTIN', 'Cuers']]),
      table(2, ['Nom', 'Ville'], [['DUPONT', 'Toulon'], ['MARTIN', 'Cuers']]),
    ]],
  ])('%s', (_name, html, expected) => {
    expect(htmlToUnits(html, W)).toEqual(expected);
  });

  it('never repeats a data table cell in the text unit', () => {
    const units = htmlToUnits(`<p>Liste</p>${DATA}`, W);
    const flow = units.filter((u) => u.kind === 'text').map((u) => (u.kind === 'text' ? u.text : '')).join('\n');
    expect(flow).toBe('Liste');
    for (const cell of ['Nom', 'DUPONT', 'Toulon', 'MARTIN', 'Cuers']) expect(flow).not.toContain(cell);
  });

  it('keeps line breaks of <br> and <p> inside a layout table cell', () => {
    expect(htmlToUnits('<table><tr><td>Bonjour<br>Madame</td></tr></table>', W)).toEqual([{ kind: 'text', where: W, text: 'Bonjour\nMadame' }]);
    expect(htmlToUnits('<table><tr><td><p>DUPONT</p><p>Toulon</p></td></tr></table>', W)).toEqual([{ kind: 'text', where: W, text: 'DUPONT\nToulon' }]);
  });

  it('keeps the text of a layout cell that precedes a nested table', () => {
    const html = '<table><tr><td>Contact : jean.dupont@example.com<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td></tr></table>';
    expect(htmlToUnits(html, W)).toEqual([
      { kind: 'text', where: W, text: 'Contact : jean.dupont@example.com' },
      { kind: 'table', where: `${W}#table1`, header: null, rows: [['a', 'b'], ['c', 'd']], totalRows: 2 },
    ]);
  });
});

describe('htmlExtractor', () => {
  it('uses the decoded body text when the MIME layer gave one', async () => {
    const part = { where: W, filename: null, declaredType: 'text/html', content: Buffer.from('ignored'), text: '<p>Bonjour</p>', depth: 0 };
    expect(await collect(htmlExtractor.extract(part, ctxWith()))).toEqual([{ kind: 'unit', unit: text('Bonjour') }]);
  });

  it('decodes an .html attachment from its bytes', async () => {
    const part = { where: W, filename: 'page.html', declaredType: null, content: Buffer.from('<p>Société</p>', 'latin1'), depth: 1 };
    expect(await collect(htmlExtractor.extract(part, ctxWith()))).toEqual([{ kind: 'unit', unit: text('Société') }]);
  });
});
