import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../fixtures/generator/files.js';
import { toDocx, toOdt } from '../../fixtures/generator/office.js';
import { makePeople } from '../../fixtures/generator/people.js';
import type { Person } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import type { TableData } from '../../fixtures/generator/tables.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage } from '../../src/scan-message.js';
import { isLabelSheet } from '../../src/score/score-unit.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

const people = makePeople(20261205, 200);
const label = (p: Person) => `${p.civility} ${p.firstName} ${p.lastName.toUpperCase()}\n${p.street}\n${p.postalCode} ${p.city.toUpperCase()}`;
const place = (p: Person, i: number) => `${['Mairie', 'Médiathèque', 'Piscine municipale'][i % 3]} de ${p.city}\n${p.street}\n${p.postalCode} ${p.city.toUpperCase()}`;

/** Labels `across` to a row, as a mail-merge lays them out; the first row is the table's first (Word repeats it as a header). */
function sheet(cells: string[], across: number): TableData {
  const rows: string[][] = [];
  for (let i = 0; i < cells.length; i += across) rows.push(Array.from({ length: across }, (_, k) => cells[i + k] ?? ''));
  return { header: rows[0], rows: rows.slice(1) };
}

const scan = async (name: string, content: Buffer, type: string) =>
  scanMessage({ source: 'etiquettes.eml', kind: 'message', name: 'etiquettes.eml', content: mail(mixed(textBody('Bonjour,\n\nles étiquettes pour l\'envoi du bulletin.\n'), attachment(name, content, type))) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';

describe('label sheets: 2 to 4 labels across, each cell a whole address', () => {
  it.each([2, 3, 4])('a Word sheet %i across: 200 labels are 200 people, blocked', async (across) => {
    const r = await scan('etiquettes.docx', toDocx(sheet(people.map(label), across), []), DOCX);
    expect([r.verdict, r.people]).toEqual(['block', 200]);
  });

  it('an OpenDocument sheet and a spreadsheet of labels (line breaks inside cells): 200 people each', async () => {
    const odt = await scan('etiquettes.odt', toOdt(sheet(people.map(label), 3), []), ODT);
    const xlsx = await scan('etiquettes.xlsx', await toXlsx(sheet(people.map(label), 3), { sheetName: 'Planche' }), XLSX);
    expect([odt.verdict, odt.people, xlsx.verdict, xlsx.people]).toEqual(['block', 200, 'block', 200]);
  });

  it('look-alike: a sheet of labels for town halls and services passes, no people', async () => {
    const r = await scan('etiquettes.docx', toDocx(sheet(people.map(place), 3), []), DOCX);
    expect([r.verdict, r.people]).toEqual(['pass', 0]);
  });

  it('a customer table with a whole-address column is a table, not a sheet of labels', () => {
    const table = customerTable(people.slice(0, 50));
    const withFullAddress = { kind: 'table' as const, where: 't', header: [...table.header, 'Adresse complète'], rows: table.rows.map((r, i) => [...r, label(people[i]).replace(/\n/g, ', ')]), totalRows: 50 };
    const labels = { kind: 'table' as const, where: 'l', header: null, rows: sheet(people.slice(0, 12).map(label), 3).rows, totalRows: 3 };
    expect([isLabelSheet(withFullAddress), isLabelSheet(labels)]).toEqual([false, true]);
  });
});


describe('label sheets printed to PDF: labels side by side come out as lines across them', () => {
  it.each([2, 3, 4])('%i across: 200 labels are 200 people, blocked', async (across) => {
    const { toPdfLabels } = await import('../../fixtures/generator/pdf.js');
    const r = await scan('etiquettes.pdf', await toPdfLabels(people.map(label), across), 'application/pdf');
    expect([r.verdict, r.people]).toEqual(['block', 200]);
  });

  it('look-alike: town halls printed as labels pass; a PDF customer table with a "CP Ville" column is still a table', async () => {
    const { toPdfLabels, toPdfTable } = await import('../../fixtures/generator/pdf.js');
    for (const across of [2, 3]) {
      const places = await scan('etiquettes.pdf', await toPdfLabels(people.map(place), across), 'application/pdf');
      expect([across, places.verdict, places.people]).toEqual([across, 'pass', 0]);
    }
    const table = { header: ['Nom', 'Prénom', 'Adresse', 'CP Ville', 'Email'], rows: people.map((p) => [p.lastName, p.firstName, p.street, `${p.postalCode} ${p.city}`, p.email]) };
    const r = await scan('clients.pdf', await toPdfTable(table, { order: 'rows' }), 'application/pdf');
    // Its columns are a table's (a label sheet read as text has none).
    expect([r.verdict, r.people, r.findings[0]?.columns.map((c) => c.header)]).toEqual(['block', 200, ['Nom', 'Prénom', 'Adresse', 'Email']]);
  });
});
