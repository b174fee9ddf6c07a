import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable, municipalServicesTable, priceTable, productCatalogue } from '../../fixtures/generator/tables.js';
import type { TableUnit } from '../../src/model/units.js';
import { CUSTOMER_COLUMNS } from '../helpers/expected.js';
import { scoreTable } from '../../src/score/score-table.js';

/** The fields of a finding the assertions compare exactly (samples and severity checked apart). */
const core = (r: ReturnType<typeof scoreTable>) =>
  r && { kind: r.finding.kind, rows: r.finding.rows, people: r.finding.people, columns: r.finding.columns, entities: r.finding.entities, fields: r.finding.fields };

const table = (header: string[] | null, rows: string[][], totalRows = rows.length, where = 'clients.csv'): TableUnit => ({ kind: 'table', where, header, rows, totalRows });

const customers = customerTable(makePeople(7, 25));
// The generator leaves 4 of these 25 e-mail cells empty (asserted below), hence 21 e-mails.
const CUSTOMER_ENTITIES = { 'last-name': 25, 'first-name': 25, 'postal-address': 25, 'postal-code': 25, city: 25, email: 21, 'customer-id': 25 };
const CUSTOMER_FIELDS = ['last-name', 'first-name', 'address', 'email', 'customer-id'];
const NAME_COLUMNS = CUSTOMER_COLUMNS.slice(0, 2);
/** What a table of `n` people named by "Nom" and "Prénom", with nothing else personal, gives. */
const namesFile = (n: number) => ({
  kind: 'customer-file',
  rows: n,
  people: n,
  columns: NAME_COLUMNS,
  entities: { 'last-name': n, 'first-name': n },
  fields: ['last-name', 'first-name'],
});

describe('scoreTable: customer files', () => {
  it('the fixture has 25 rows, 4 without e-mail', () => {
    expect([customers.rows.length, customers.rows.filter((r) => r[5] === '').length]).toEqual([25, 4]);
  });

  it.each([
    { name: 'header given by the format', unit: table(customers.header, customers.rows) },
    { name: 'header as the first row', unit: table(null, [customers.header, ...customers.rows], 26) },
    {
      name: 'header on row 3, after a title and a blank row',
      unit: table(null, [['Liste des abonnés – août 2022', '', ''], ['', '', ''], customers.header, ...customers.rows], 28),
    },
  ])('25-person customer table, $name', ({ unit }) => {
    const result = scoreTable(unit, true);
    expect(core(result)).toEqual({ kind: 'customer-file', rows: 25, people: 25, columns: CUSTOMER_COLUMNS, entities: CUSTOMER_ENTITIES, fields: CUSTOMER_FIELDS });
    expect([result?.finding.where, result?.finding.severity, result?.finding.inAttachment]).toEqual(['clients.csv', 'low', true]);
    expect(result?.keys.size).toBe(25);
    expect(result?.finding.samples).toEqual([
      { entity: 'last-name', value: 'THOMAS' },
      { entity: 'first-name', value: 'Olive' },
      { entity: 'postal-address', value: '176 boulevard Montorgueil' },
      { entity: 'postal-code', value: '83580' },
    ]);
  });

  it('the same table without a header row: columns found by value', () => {
    expect(core(scoreTable(table(null, customers.rows), true))).toEqual({
      kind: 'customer-file',
      rows: 25,
      people: 25,
      // City and customer-number columns need their header; "083…" subscriber numbers read as 08 phones.
      columns: [
        { header: '#1', entity: 'last-name' },
        { header: '#2', entity: 'first-name' },
        { header: '#3', entity: 'postal-address' },
        { header: '#4', entity: 'postal-code' },
        { header: '#6', entity: 'email' },
        { header: '#7', entity: 'phone' },
      ],
      entities: { 'last-name': 25, 'first-name': 25, 'postal-address': 25, 'postal-code': 25, email: 21, phone: 24 },
      fields: ['last-name', 'first-name', 'address', 'email', 'phone'],
    });
  });

  it('repeated rows count once as people, every value still counted', () => {
    const twelve = customerTable(makePeople(7, 12));
    const rows = [...twelve.rows, ...twelve.rows.slice(0, 4), twelve.rows[0]];
    expect(twelve.rows.filter((r) => r[5] === '').length).toBe(1);
    const result = scoreTable(table(twelve.header, rows), true);
    expect(core(result)).toEqual({
      kind: 'customer-file',
      rows: 17,
      people: 12,
      columns: CUSTOMER_COLUMNS,
      fields: CUSTOMER_FIELDS,
      entities: { 'last-name': 17, 'first-name': 17, 'postal-address': 17, 'postal-code': 17, city: 17, email: 16, 'customer-id': 17 },
    });
    expect(result?.keys.size).toBe(12);
  });

  it('two people sharing a family e-mail stay two', () => {
    const rows = [
      ['MOREL', 'Jeanne', 'famille.morel@example.com'],
      ['MOREL', 'Paul', 'famille.morel@example.com'],
    ];
    expect(core(scoreTable(table(['Nom', 'Prénom', 'Email'], rows), true))).toEqual({
      kind: 'person-record',
      rows: 2,
      people: 2,
      columns: [
        { header: 'Nom', entity: 'last-name' },
        { header: 'Prénom', entity: 'first-name' },
        { header: 'Email', entity: 'email' },
      ],
      entities: { 'last-name': 2, 'first-name': 2, email: 2 },
      fields: ['last-name', 'first-name', 'email'],
    });
  });

  it('a names-only list: every row is a person', () => {
    const names = makePeople(3, 8).map((p) => [p.lastName.toUpperCase(), p.firstName]);
    expect(core(scoreTable(table(['Nom', 'Prénom'], names), true))).toEqual(namesFile(8));
  });

  it('a names-only list without header keeps its first person, and no name becomes a column header', () => {
    const people = makePeople(3, 8);
    const result = core(scoreTable(table(null, people.map((p) => [p.lastName.toUpperCase(), p.firstName])), false));
    expect(result).toMatchObject({ rows: 8, people: 8 });
    expect(result?.columns.map((c) => c.header)).toEqual(['#1', '#2']);
  });

  it('cells ending in a narrow no-break space are read as the column sample read them', () => {
    const rows = makePeople(3, 6).map((p, i) => [p.lastName.toUpperCase(), p.firstName, `06 39 98 12 ${String(10 + i)}\u202f`]);
    expect(core(scoreTable(table(['Nom', 'Prénom', 'Téléphone'], rows), true))).toMatchObject({
      people: 6,
      columns: [...NAME_COLUMNS, { header: 'Téléphone', entity: 'phone' }],
      entities: { 'last-name': 6, 'first-name': 6, phone: 6 },
    });
  });

  it('personal values inside an unprofiled "Notes" column are counted', () => {
    const rows = [
      ['MOREL', 'Jeanne', 'rappeler au 06 39 98 12 34 ou jeanne.morel@example.com'],
      ['ROUX', 'Paul', 'prélèvement FR76 3000 6000 0112 3456 7890 189'],
    ];
    expect(core(scoreTable(table(['Nom', 'Prénom', 'Notes'], rows), true))).toEqual({
      kind: 'person-record',
      rows: 2,
      people: 2,
      columns: NAME_COLUMNS,
      entities: { 'last-name': 2, 'first-name': 2, phone: 1, email: 1, iban: 1 },
      fields: ['last-name', 'first-name', 'email', 'phone', 'bank'],
    });
  });
});

describe('scoreTable: headers that lie and tables that are not about people', () => {
  it('an "Email" column of garbage: header not believed, the names still make people', () => {
    const rows = [
      ['MOREL', 'Jeanne', 'n/a'],
      ['ROUX', 'Paul', 'voir dossier'],
      ['DURAND', 'Luc', '12'],
      ['LEROY', 'Anne', '?'],
    ];
    expect(core(scoreTable(table(['Nom', 'Prénom', 'Email'], rows), true))).toEqual(namesFile(4));
  });

  it('an "Email" column of garbage beside surnames only: no people', () => {
    const rows = [['MOREL', 'n/a'], ['ROUX', 'voir dossier'], ['DURAND', '-'], ['LEROY', 'inconnu']];
    expect(core(scoreTable(table(['Nom', 'Email'], rows), true))).toEqual({
      kind: 'personal-data',
      rows: 4,
      people: 0,
      columns: [{ header: 'Nom', entity: 'last-name' }],
      entities: { 'last-name': 4 },
      fields: [],
    });
  });

  it.each([
    { name: 'price list', unit: table(priceTable(1).header, priceTable(1).rows) },
    { name: 'price list, header in the rows', unit: table(null, [priceTable(1).header, ...priceTable(1).rows]) },
    { name: 'product catalogue', unit: table(productCatalogue(1, 200).header, productCatalogue(1, 200).rows) },
    { name: 'role addresses only', unit: table(['Service', 'Email'], [['Accueil', 'accueil@mairie.example.org'], ['DPO', 'dpo@example.org']]) },
  ])('$name: no finding', ({ unit }) => {
    expect(scoreTable(unit, true)).toBeNull();
  });

  it('municipal directory (generator): role e-mails not counted, phones are loose data, no people', () => {
    const m = municipalServicesTable(1);
    expect(core(scoreTable(table(m.header, m.rows), true))).toEqual({
      kind: 'personal-data',
      rows: 20,
      people: 0,
      columns: [{ header: 'Téléphone', entity: 'phone' }],
      entities: { phone: 20 },
      fields: [],
    });
  });

  it('municipal directory with one street address: a place, not a person', () => {
    const rows = [
      ['Accueil', 'accueil@mairie.example.org', '04 65 71 10 01', '1 place de la République'],
      ['État civil', 'etat-civil@mairie.example.org', '04 65 71 10 02', ''],
      ['Petite enfance', 'petite-enfance@mairie.example.org', '04 65 71 10 03', ''],
      ['Contact', 'contact@mairie.example.org', '04 65 71 10 04', ''],
    ];
    const result = scoreTable(table(['Service', 'Email', 'Téléphone', 'Adresse'], rows), true);
    expect(core(result)).toEqual({
      kind: 'personal-data',
      rows: 4,
      people: 0,
      fields: [],
      columns: [
        { header: 'Téléphone', entity: 'phone' },
        { header: 'Adresse', entity: 'postal-address' },
      ],
      entities: { phone: 4, 'postal-address': 1 },
    });
    expect(result?.keys.size).toBe(0);
  });
});
