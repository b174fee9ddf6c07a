import { describe, expect, it } from 'vitest';
import type { PageLine, PlacedText } from '../../../src/extract/pdf/pdf-lines.js';
import { groupLines, joinRuns } from '../../../src/extract/pdf/pdf-lines.js';
import { PdfTableFinder } from '../../../src/extract/pdf/pdf-tables.js';

const SIZE = 8;
/** A run as pdf.js gives it, ~0.5 em per character. */
const run = (x: number, y: number, text: string, font = 'regular'): PlacedText => ({ text, x, y, width: text.length * SIZE * 0.5, size: SIZE, font });

/** Rows of cells at fixed column x's, one baseline per row, from the top of the page down. */
function tableRuns(xs: number[], rows: string[][], top = 700, font = (r: number) => (r === 0 ? 'bold' : 'regular')): PlacedText[] {
  return rows.flatMap((row, r) => row.flatMap((cell, c) => (cell ? [run(xs[c], top - r * 12, cell, font(r))] : [])));
}

function layout(pages: PlacedText[][]) {
  const finder = new PdfTableFinder();
  pages.forEach((items, i) => groupLines(items, i + 1).forEach((line) => finder.push(line)));
  return finder.finish();
}

const XS = [40, 140, 240, 400];
const HEADER = ['Nom', 'Prénom', 'Adresse', 'Email'];
const ROWS = [
  ['DUPONT', 'Jeanne', '12 rue des Lilas', 'jeanne.dupont@example.net'],
  ['MARTIN', 'Paul', '3 impasse du Four', ''],
  ['ROUX', 'Léa', '8 bis avenue Foch', 'lea.roux@example.org'],
];

describe('groupLines', () => {
  it('puts runs written column by column back into rows, left to right', () => {
    const items = tableRuns(XS, [HEADER, ...ROWS]);
    const byColumn = [...items].sort((a, b) => a.x - b.x || b.y - a.y);
    expect(groupLines(byColumn, 1).map((l: PageLine) => l.items.map((i) => i.text))).toEqual([HEADER, ...ROWS.map((r) => r.filter(Boolean))]);
  });

  it('keeps runs on one line when their baselines differ by rounding only, and drops blank runs', () => {
    const lines = groupLines([run(100, 500.4, 'b'), run(40, 500, 'a'), run(70, 500, '  '), run(40, 488, 'c')], 3);
    expect(lines.map((l) => [l.page, l.items.map((i) => i.text)])).toEqual([[3, ['a', 'b']], [3, ['c']]]);
  });
});

describe('joinRuns', () => {
  it('joins touching runs, spaces words, and tabs apart runs far from each other', () => {
    expect(joinRuns([run(0, 0, 'Ab'), run(8, 0, 'cd'), run(20, 0, 'ef'), run(200, 0, 'gh')])).toBe('Abcd ef\tgh');
  });
});

describe('PdfTableFinder', () => {
  it('reads labels two across as a table of two columns, a shorter label beside a longer one included', () => {
    const labels = [
      ['Jeanne MOREL', '12 rue des Lilas', '83000 Toulon'],
      ['Paul ROUX', 'Bât. B', '3 impasse du Four', '83400 Hyères'],
      ['Léa DUPONT', '8 avenue Foch', '83130 La Garde'],
      ['Marc BLANC', '5 place de la Mairie', '83500 La Seyne-sur-Mer'],
    ];
    // Two labels a row, side by side from the same baseline; the row is as tall as its longer label.
    const items: PlacedText[] = [];
    let top = 760;
    for (let i = 0; i < labels.length; i += 2) {
      labels[i].forEach((line, k) => items.push(run(40, top - k * 12, line)));
      labels[i + 1].forEach((line, k) => items.push(run(300, top - k * 12, line)));
      top -= 12 * Math.max(labels[i].length, labels[i + 1].length) + 24;
    }
    const text = run(40, top, 'Fin de la planche.');
    expect(layout([[...items, text]])).toEqual({
      tables: [{ header: null, rows: [['Jeanne MOREL', 'Paul ROUX'], ['12 rue des Lilas', 'Bât. B'], ['83000 Toulon', '3 impasse du Four'], ['', '83400 Hyères'], ['Léa DUPONT', 'Marc BLANC'], ['8 avenue Foch', '5 place de la Mairie'], ['83130 La Garde', '83500 La Seyne-sur-Mer']] }],
      textLines: ['Fin de la planche.'],
    });
  });

  it('leaves two columns that are no labels as text lines, in order: a form of labels and values, a town list', () => {
    const form = [['Nom :', 'DUPONT'], ['Adresse :', '12 rue des Lilas'], ['Ville :', '83000 Toulon'], ['Téléphone :', '04 94 00 00 00'], ['Contrat :', '0835154188'], ['Date :', '12/03/2024']];
    const towns = [['Toulon', '83000 Toulon'], ['Hyères', '83400 Hyères'], ['La Garde', '83130 La Garde'], ['Six-Fours', '83140 Six-Fours'], ['Ollioules', '83190 Ollioules'], ['Le Pradet', '83220 Le Pradet']];
    for (const rows of [form, towns]) {
      const result = layout([tableRuns([40, 300], rows, 700, () => 'regular')]);
      expect(result).toEqual({ tables: [], textLines: rows.map((r) => r.join('\t')) });
    }
  });

  it('finds a table with a bold header, an empty cell kept empty, and text around it', () => {
    const items = [run(40, 740, 'Liste des abonnés'), ...tableRuns(XS, [HEADER, ...ROWS]), run(40, 600, 'Fin de liste.')];
    expect(layout([items])).toEqual({ tables: [{ header: HEADER, rows: ROWS }], textLines: ['Liste des abonnés', 'Fin de liste.'] });
  });

  it('gives no header when the first row looks like the others', () => {
    expect(layout([tableRuns(XS, [HEADER, ...ROWS], 700, () => 'regular')]).tables).toEqual([{ header: null, rows: [HEADER, ...ROWS] }]);
  });

  it('splits a header whose cells almost touch by the columns of the data rows', () => {
    // "Code postal" ends 0.8 pt before "Commune": one segment on its own, two columns in the table.
    const header = [run(40, 700, 'Nom', 'bold'), run(140, 700, 'Code postal', 'bold'), { ...run(184.8, 700, 'Commune', 'bold') }];
    const rows = [['DUPONT', '83000', 'Toulon'], ['MARTIN', '83400', 'Hyères'], ['ROUX', '83130', 'La Garde']];
    expect(layout([[...header, ...tableRuns([40, 140, 184.8], rows, 688, () => 'regular')]]).tables).toEqual([
      { header: ['Nom', 'Code postal', 'Commune'], rows },
    ]);
  });

  it('joins a cell that its producer wrote word by word', () => {
    const words = [run(240, 688, '12'), run(252, 688, 'rue'), run(268, 688, 'des'), run(284, 688, 'Lilas')];
    const items = [...tableRuns(XS, [HEADER]), run(40, 688, 'DUPONT'), run(140, 688, 'Jeanne'), ...words, run(400, 688, 'j@example.net'), ...tableRuns(XS, ROWS, 676, () => 'regular')];
    expect(layout([items]).tables[0].rows[0]).toEqual(['DUPONT', 'Jeanne', '12 rue des Lilas', 'j@example.net']);
  });

  it('makes one table of a table that goes on over pages, past footers, its repeated header dropped', () => {
    const page = (p: number, rows: string[][]) => [...tableRuns(XS, [HEADER, ...rows]), run(280, 40, `Page ${p} / 2`)];
    expect(layout([page(1, ROWS), page(2, ROWS.slice(0, 2))])).toEqual({
      tables: [{ header: HEADER, rows: [...ROWS, ...ROWS.slice(0, 2)] }],
      textLines: ['Page 1 / 2', 'Page 2 / 2'],
    });
  });

  it('keeps two tables on one page apart when text comes between them', () => {
    const items = [...tableRuns(XS, [HEADER, ...ROWS], 700), run(40, 640, 'Et aussi :'), ...tableRuns(XS, [HEADER, ...ROWS], 620)];
    expect(layout([items]).tables).toHaveLength(2);
  });

  it.each([
    ['lines of prose', [run(40, 700, 'Madame, Monsieur, nous vous informons que les travaux'), run(40, 688, 'commencent lundi et dureront trois semaines environ.'), run(40, 676, 'Le service clients')]],
    ['justified prose written word by word', ['Les mesures suivantes', 's\'appliquent à tous les', 'usagers du service', 'de l\'eau potable'].flatMap((line, l) => {
      let x = 40;
      return line.split(' ').map((word) => {
        const item = run(x, 700 - l * 12, word);
        x += item.width + 3 + l * 2;
        return item;
      });
    })],
    ['a two-column layout', [0, 1, 2, 3].flatMap((l) => [run(40, 700 - l * 12, `Colonne de gauche ${l}`), run(320, 700 - l * 12, `Colonne de droite ${l}`)])],
    ['two rows only', tableRuns(XS, [HEADER, ROWS[0]])],
    ['two columns only', tableRuns([40, 200], [['Nom', 'Ville'], ['DUPONT', 'Toulon'], ['MARTIN', 'Cuers'], ['ROUX', 'Hyères']])],
    ['a one-person form of labelled values side by side', tableRuns([40, 200, 360], [
      ['Nom : DUPONT', 'Prénom : Jeanne', 'Né(e) le : 12/03/1968'],
      ['Adresse : 12 rue des Lilas', 'Code postal : 83000', 'Ville : Toulon'],
      ['Tél. : 04 65 71 12 34', 'Email : jeanne.dupont@example.net', 'N° client : ABO-40924116'],
    ], 700, () => 'regular')],
  ])('finds no table in %s', (_name, items) => {
    const { tables, textLines } = layout([items]);
    expect(tables).toEqual([]);
    expect(textLines.length).toBeGreaterThan(0);
  });
});
