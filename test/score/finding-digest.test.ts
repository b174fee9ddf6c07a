import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import type { TableUnit } from '../../src/model/units.js';
import { scoreTable } from '../../src/score/score-table.js';
import { scoreText } from '../../src/score/score-text.js';

// The digest baselines are made from (score/people-tally.ts): the same data gives the same digest
// wherever it sits and in whatever order; any change to the data gives another.

const customers = customerTable(makePeople(11, 30));
const table = (rows: string[][], where = 'clients.csv'): TableUnit => ({ kind: 'table', where, header: customers.header, rows, totalRows: rows.length });
const digestOf = (rows: string[][], where?: string) => scoreTable(table(rows, where), true)?.finding.digest;
const base = digestOf(customers.rows);

/** The rows with one cell replaced. */
const withCell = (row: number, col: number, value: string) => customers.rows.map((r, i) => (i === row ? r.map((c, j) => (j === col ? value : c)) : r));

describe('the digest of a finding', () => {
  it('is a 52-bit integer, not 0', () => {
    expect(Number.isSafeInteger(base)).toBe(true);
    expect(base).toBeGreaterThan(0);
    expect(base).toBeLessThan(2 ** 52);
  });

  it.each([
    ['another file name and place', () => digestOf(customers.rows, 'export.zip!copie.xlsx#Feuil1')],
    ['the rows in reverse order', () => digestOf([...customers.rows].reverse())],
    ['the rows sorted by first name', () => digestOf([...customers.rows].sort((a, b) => a[1].localeCompare(b[1])))],
    ['the activity column (not personal) changed', () => digestOf(customers.rows.map((r) => [...r.slice(0, 7), 'Professionnel']))],
    ['names in lower case, spaces added (as the person key compares them)', () => digestOf(customers.rows.map((r) => [r[0].toLowerCase(), ` ${r[1]} `, ...r.slice(2)]))],
  ])('stays the same with %s', (_name, digest) => {
    expect(digest()).toBe(base);
  });

  it.each([
    ['one more row', () => digestOf([...customers.rows, customerTable(makePeople(12, 1)).rows[0]])],
    ['one row less', () => digestOf(customers.rows.slice(1))],
    ['one row twice', () => digestOf([...customers.rows, customers.rows[0]])],
    ['one surname changed', () => digestOf(withCell(4, 0, 'DURAND-VALLON'))],
    ['one subscriber number changed by a digit', () => digestOf(withCell(9, 6, customers.rows[9][6].replace(/\d$/, (d) => String((Number(d) + 1) % 10))))],
    ['two people swapping their e-mails', () => digestOf(withCell(0, 5, customers.rows[2][5]).map((r, i) => (i === 2 ? [...r.slice(0, 5), customers.rows[0][5], ...r.slice(6)] : r)))],
  ])('changes with %s', (_name, digest) => {
    expect(customers.rows[0][5]).not.toBe(customers.rows[2][5]);
    expect(digest()).not.toBe(base);
  });

  it('covers loose values too: a phone changed in a signature changes the digest', () => {
    const text = (phone: string) => scoreText({ kind: 'text', where: 'body/text', text: `Cordialement,\nService clients\nTél. ${phone}\n` }, false)?.finding;
    const [a, b] = [text('04 94 65 12 34'), text('04 94 65 12 35')];
    expect([a?.entities, b?.entities]).toEqual([{ phone: 1 }, { phone: 1 }]);
    expect(a?.digest).not.toBe(b?.digest);
    expect(text('04 94 65 12 34')?.digest).toBe(a?.digest);
  });
});
