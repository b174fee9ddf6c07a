import { describe, expect, it } from 'vitest';
import { DocumentFlow, MAX_BLANK_ROWS, MAX_COLUMNS, MAX_REPEATED_CELLS } from '../../../src/extract/office/document-flow.js';
import type { FlowOptions } from '../../../src/extract/office/document-flow.js';
import { PartIssueError } from '../../../src/model/issues.js';

const flowWith = (options: Partial<FlowOptions> = {}) => new DocumentFlow({ maxRows: 1000, cellSeparator: ' ', ...options });
const paragraph = (flow: DocumentFlow, text: string) => {
  flow.openParagraph();
  if (text) flow.append(text);
  flow.closeParagraph();
};
/** A row of cells, each `[text, repeat]` (or a bare text), the row repeated `rowRepeat` times. */
function row(flow: DocumentFlow, cells: (string | [string, number])[], rowRepeat = 1) {
  flow.openRow();
  for (const cell of cells) {
    const [text, repeat] = typeof cell === 'string' ? [cell, 1] : cell;
    flow.openCell();
    paragraph(flow, text);
    flow.closeCell(repeat);
  }
  flow.closeRow(rowRepeat);
}

describe('DocumentFlow', () => {
  it('puts paragraphs outside tables in lines and a cell\'s paragraphs in the cell, empty ones dropped', () => {
    const flow = flowWith();
    paragraph(flow, 'Bonjour,');
    flow.openTable();
    flow.openRow();
    flow.openCell();
    paragraph(flow, '12 rue des Lilas');
    paragraph(flow, '');
    paragraph(flow, '83000 Toulon');
    flow.closeCell();
    flow.closeRow();
    flow.closeTable();
    paragraph(flow, 'Cordialement');
    expect(flow.lines).toEqual(['Bonjour,', 'Cordialement']);
    expect(flow.tables).toEqual([{ rows: [['12 rue des Lilas 83000 Toulon']], totalRows: 1, headerMarked: false, name: undefined }]);
  });

  it('ends a nested table\'s unclosed row with that table, not with the outer one', () => {
    const flow = flowWith();
    flow.openTable();
    flow.openRow();
    flow.openCell();
    paragraph(flow, 'Titulaire');
    flow.openTable();
    flow.openRow();
    flow.openCell();
    paragraph(flow, 'MOREL Jeanne');
    flow.closeCell();
    // The inner row is never closed: the file was cut or malformed here.
    flow.closeTable();
    flow.closeCell();
    flow.openCell();
    paragraph(flow, '06 39 98 12 34');
    flow.closeCell();
    flow.closeRow();
    flow.closeTable();
    expect(flow.tables.map((t) => t.rows)).toEqual([[['Titulaire MOREL Jeanne', '06 39 98 12 34']]]);
  });

  it('gives a nested table\'s text to the enclosing cell and records only the outer table', () => {
    const flow = flowWith();
    flow.openTable('Tableau1');
    flow.openRow();
    flow.openCell();
    paragraph(flow, 'avant');
    flow.openTable();
    row(flow, ['a', 'b']);
    row(flow, ['', 'c']);
    flow.closeTable();
    flow.closeCell();
    flow.openCell();
    paragraph(flow, 'voisin');
    flow.closeCell();
    flow.closeRow();
    flow.closeTable();
    expect(flow.tables).toEqual([{ rows: [['avant a b c', 'voisin']], totalRows: 1, headerMarked: false, name: 'Tableau1' }]);
  });

  it('joins the text of a nest of 20,000 tables once, in reading order, with every level\'s separator', () => {
    const flow = flowWith({ cellSeparator: '/' });
    const depth = 20_000;
    for (let level = 0; level < depth; level++) {
      flow.openTable();
      flow.openRow();
      flow.openCell();
      paragraph(flow, `n${level}`);
    }
    for (let level = depth - 1; level >= 0; level--) {
      paragraph(flow, `e${level}`);
      flow.closeCell();
      flow.openCell();
      paragraph(flow, `c${level}`);
      flow.closeCell();
      flow.closeRow();
      flow.closeTable();
    }
    // Inside a cell its paragraphs and inner table join with '/', a table's cells with ' ':
    // n0/n1/…/n19999/e19999 c19999/e19998 c19998/…/e1 c1/e0, then c0 in the next cell.
    const opens = Array.from({ length: depth }, (_, level) => `n${level}/`).join('');
    const closes = Array.from({ length: depth - 1 }, (_, i) => `e${depth - 1 - i} c${depth - 1 - i}/`).join('');
    expect(flow.tables).toEqual([{ rows: [[`${opens}${closes}e0`, 'c0']], totalRows: 1, headerMarked: false, name: undefined }]);
  });

  it.each([
    ['one header row', [true, false], true],
    ['two header rows (a title above the labels)', [true, true, false], false],
    ['a header row that is not the first', [false, true], false],
    ['no header row', [false, false], false],
  ])('marks the header for %s', (_name, marks, expected) => {
    const flow = flowWith();
    flow.openTable();
    for (const mark of marks) {
      flow.openRow();
      if (mark) flow.markHeaderRow();
      flow.openCell();
      paragraph(flow, 'x');
      flow.closeCell();
      flow.closeRow();
    }
    flow.closeTable();
    expect(flow.tables[0].headerMarked).toBe(expected);
  });

  it('marks the first row as header when the table says so (PowerPoint firstRow)', () => {
    const flow = flowWith();
    flow.openTable();
    flow.markFirstRowAsHeader();
    row(flow, ['Nom']);
    flow.closeTable();
    expect(flow.tables[0].headerMarked).toBe(true);
  });

  it('adds empty cells after a cell spanning several columns', () => {
    const flow = flowWith();
    flow.openTable();
    flow.openRow();
    flow.openCell();
    paragraph(flow, 'Adresse');
    flow.closeCell(1, 3);
    flow.openCell();
    paragraph(flow, 'Email');
    flow.closeCell();
    flow.closeRow();
    flow.closeTable();
    expect(flow.tables[0].rows).toEqual([['Adresse', '', '', 'Email']]);
  });

  it('writes tables as tab-separated lines when asked (page headers and footers)', () => {
    const flow = flowWith({ tablesAsText: true });
    flow.openTable();
    row(flow, ['Mairie', 'Page 1']);
    flow.closeTable();
    expect([flow.lines, flow.tables]).toEqual([['Mairie\tPage 1'], []]);
  });

  it('sends paragraphs to the lines while diverted, even inside a cell (a comment on a cell)', () => {
    const flow = flowWith();
    flow.openTable();
    flow.openRow();
    flow.openCell();
    flow.divert();
    paragraph(flow, 'à rappeler');
    flow.undivert();
    paragraph(flow, 'DUPONT');
    flow.closeCell();
    flow.closeRow();
    flow.closeTable();
    expect([flow.lines, flow.tables[0].rows]).toEqual([['à rappeler'], [['DUPONT']]]);
  });

  it('keeps maxRows rows and counts the others, repeated rows included', () => {
    const flow = flowWith({ maxRows: 3 });
    flow.openTable();
    row(flow, ['Nom']);
    row(flow, ['DUPONT'], 1000);
    flow.closeTable();
    expect(flow.tables[0]).toMatchObject({ rows: [['Nom'], ['DUPONT'], ['DUPONT']], totalRows: 1001 });
  });
});

describe('DocumentFlow, sparse (spreadsheets)', () => {
  const sheet = (build: (flow: DocumentFlow) => void, options: Partial<FlowOptions> = {}) => {
    const flow = flowWith({ sparse: true, cellSeparator: '\n', ...options });
    flow.openTable('Feuille1');
    build(flow);
    flow.closeTable();
    return flow.tables[0];
  };

  it('keeps empty cells between filled ones and drops the 1,020 repeated empty cells that end a row', () => {
    expect(sheet((f) => row(f, ['DUPONT', '', 'Toulon', ['', 1020]])).rows).toEqual([['DUPONT', '', 'Toulon']]);
  });

  it('expands repeated filled cells and repeated filled rows', () => {
    expect(sheet((f) => row(f, [['Toulon', 3], 'x'], 2))).toMatchObject({ rows: [['Toulon', 'Toulon', 'Toulon', 'x'], ['Toulon', 'Toulon', 'Toulon', 'x']], totalRows: 2 });
  });

  it('adds no row for 1,048,000 repeated empty rows at the end', () => {
    expect(sheet((f) => {
      row(f, ['DUPONT']);
      row(f, [['', 1024]], 1_048_000);
    })).toMatchObject({ rows: [['DUPONT']], totalRows: 1 });
  });

  it('keeps empty rows between filled ones, at most MAX_BLANK_ROWS of them', () => {
    const table = sheet((f) => {
      row(f, ['Liste des abonnés']);
      row(f, [['', 1024]]);
      row(f, ['Nom']);
      row(f, [['', 1024]], 500_000);
      row(f, ['DUPONT']);
    }, { maxRows: 10_000 });
    expect(table.rows.slice(0, 3)).toEqual([['Liste des abonnés'], [], ['Nom']]);
    expect([table.rows.length, table.totalRows, table.rows.at(-1)]).toEqual([3 + MAX_BLANK_ROWS + 1, 3 + MAX_BLANK_ROWS + 1, ['DUPONT']]);
  });

  it('stops a row at MAX_COLUMNS whatever its repeats say', () => {
    expect(sheet((f) => row(f, [['', 20_000], 'x', ['y', 1_000_000]])).rows).toEqual([new Array(MAX_COLUMNS).fill('')]);
    expect(sheet((f) => row(f, ['a', ['y', 1_000_000]])).rows[0].length).toBe(MAX_COLUMNS);
  });

  it('throws too-large once repeats would add more than MAX_REPEATED_CELLS cells', () => {
    const build = () => sheet((f) => row(f, [['x', 10_000]], 1_000_000));
    expect(build).toThrow(PartIssueError);
    expect(build).toThrow(`repeated cells expand past ${MAX_REPEATED_CELLS} cells`);
  });

  it('joins the lines of a multi-line cell with a newline', () => {
    const table = sheet((f) => {
      f.openRow();
      f.openCell();
      paragraph(f, '12 rue des Lilas');
      paragraph(f, '83000 Toulon');
      f.closeCell();
      f.closeRow();
    });
    expect(table.rows).toEqual([['12 rue des Lilas\n83000 Toulon']]);
  });

  it('uses the fallback value of a cell that shows no text', () => {
    const table = sheet((f) => {
      f.openRow();
      f.openCell();
      f.closeCell(2, 1, '83000');
      f.closeRow();
    });
    expect(table.rows).toEqual([['83000', '83000']]);
  });
});
