import { describe, expect, it } from 'vitest';
import { textToUnits } from '../../../src/extract/text/text-tables.js';
import { textExtractor } from '../../../src/extract/text/text.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { droughtNoticeText, textTable } from '../../../fixtures/generator/texts.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const W = 'body/text';
const FIVE = customerTable(makePeople(5150, 5));
const ALL_ROWS = [FIVE.header, ...FIVE.rows];
const text = (t: string) => ({ kind: 'text', where: W, text: t });
const table = (header: string[] | null, rows: string[][]) => ({ kind: 'table', where: `${W}#table1`, header, rows, totalRows: rows.length });
const inMail = (pasted: string) => ['Bonjour,', '', 'Voici la liste demandée :', '', pasted, '', 'Cordialement,', 'Jeanne'].join('\n');
const AROUND = text('Bonjour,\n\nVoici la liste demandée :\n\nCordialement,\nJeanne');

describe('textToUnits: tables pasted into text', () => {
  it.each([
    ['tab-separated (pasted from a spreadsheet)', ALL_ROWS.map((r) => r.join('\t')).join('\n'), null, ALL_ROWS],
    ['";"-separated with spaces around the delimiter', ALL_ROWS.map((r) => r.join(' ; ')).join('\n'), null, ALL_ROWS],
    ['a Markdown "|" table, its rule marking the header', [`| ${FIVE.header.join(' | ')} |`, `|${FIVE.header.map(() => '---').join('|')}|`, ...FIVE.rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'), FIVE.header, FIVE.rows],
    ['columns aligned with spaces, under a dashed rule', textTable(FIVE), FIVE.header, FIVE.rows],
  ])('finds a %s table of 5 people, cell for cell', (_name, pasted, header, rows) => {
    expect(textToUnits(inMail(pasted), W)).toEqual([AROUND, table(header, rows)]);
  });

  it('keeps an empty cell empty and in its column', () => {
    const rows = ALL_ROWS.map((r, i) => (i === 2 ? [...r.slice(0, 5), '', ...r.slice(6)] : r));
    for (const pasted of [rows.map((r) => r.join(';')).join('\n'), textTable({ header: rows[0], rows: rows.slice(1) })]) {
      const found = textToUnits(pasted, W).find((u) => u.kind === 'table');
      expect(found?.kind === 'table' && found.rows.find((r) => r[0] === rows[2][0])).toEqual(rows[2]);
    }
  });

  it('numbers two tables in order and leaves the lines between them in the text', () => {
    const semi = ALL_ROWS.map((r) => r.join(';')).join('\n');
    const units = textToUnits([semi, '', 'Et la suite :', semi].join('\n'), W);
    expect(units.map((u) => u.where)).toEqual([W, `${W}#table1`, `${W}#table2`]);
    expect(units[0]).toEqual(text('Et la suite :'));
  });

  const SIGNATURE = ['Cordialement,', '', 'Jeanne MOREL', 'Chargée de clientèle | Eau des Collines', 'Tél. :    04 65 71 00 12', 'Mobile :  06 39 98 12 34', 'Mail :    jeanne.morel@eau-des-collines.example.org', 'ZA des Collines, 210 chemin de l\'Aqueduc', '83130 La Garde'].join('\n');
  const QUOTED = ['Merci, bien reçu.', '', 'Le 3 août 2022 à 10:12, Paul Roux <paul.roux@example.net> a écrit :', '> Nom;Prénom;Ville', '> DUPONT;Jeanne;Toulon', '> MARTIN;Paul;Cuers', '> ROUX;Léa;Hyères'].join('\n');
  const PROSE = ['Madame, Monsieur,', '', 'Suite à notre échange, je vous confirme le rendez-vous ; le technicien passera mardi matin.', 'Merci de laisser l\'accès au compteur libre ; prévoyez une présence entre 8 h et 12 h.', 'En cas d\'empêchement, appelez-nous ; nous fixerons une autre date.  Bonne journée.'].join('\n');
  const ADDRESSES = ['Eau des Collines              Madame Jeanne DUPONT', 'Service clients               12 rue des Lilas', 'ZA des Collines               83000 Toulon'].join('\n');

  it.each([
    ['a signature block (labels aligned with spaces, a "|" title line)', SIGNATURE],
    ['a quoted reply, even one quoting a table', QUOTED],
    ['prose with ";" and double spaces', PROSE],
    ['two address blocks side by side (two columns only)', ADDRESSES],
    ['a one-person form of labelled values aligned with spaces', [['Nom : DUPONT', 'Prénom : Jeanne', 'Né le : 12/03/1968'], ['Adresse : 12 rue des Lilas', 'Code postal : 83000', 'Ville : Toulon'], ['Tél. : 04 65 71 12 34', 'Email : j.dupont@example.net', 'Client : ABO-40924116']].map((r) => r.map((c) => c.padEnd(30)).join('').trimEnd()).join('\n')],
    ['the drought notice (a list of measures ending in ";")', droughtNoticeText()],
    ['an invitation\'s attendees (iCalendar properties split by ";")', ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...['Jeanne Morel', 'Paul Roux', 'Léa Martin'].map((n) => `ATTENDEE;CN=${n};ROLE=REQ-PARTICIPANT:mailto:${n.toLowerCase().replace(' ', '.')}@example.net`), 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')],
  ])('leaves %s as text, untouched', (_name, body) => {
    expect(textToUnits(body, W)).toEqual([text(body)]);
  });

  it('keeps a table whose cells hold times and links (colons that are no labels)', () => {
    const rows = [['Séance', 'Heure', 'Lien'], ['Aquagym', '09:30', 'https://example.org/a'], ['Natation', '10:45', 'https://example.org/b'], ['Plongée', '14:00', 'https://example.org/c']];
    expect(textToUnits(rows.map((r) => r.join(';')).join('\n'), W)).toEqual([table(null, rows)]);
  });

  it('needs three rows: a header and one row stay text', () => {
    const body = ALL_ROWS.slice(0, 2).map((r) => r.join(';')).join('\n');
    expect(textToUnits(body, W)).toEqual([text(body)]);
  });
});

describe('textExtractor', () => {
  it('names a table of a .txt attachment after the attachment', async () => {
    const content = ['Export du 5 août', ...ALL_ROWS.map((r) => r.join('\t'))].join('\r\n');
    expect(await collect(textExtractor.extract(filePart('liste.txt', content), ctxWith()))).toEqual([
      { kind: 'unit', unit: { kind: 'text', where: 'liste.txt', text: 'Export du 5 août' } },
      { kind: 'unit', unit: { kind: 'table', where: 'liste.txt#table1', header: null, rows: ALL_ROWS, totalRows: 6 } },
    ]);
  });
});
