import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBaseTable, makeCustomers, makeLookAlikes, type BaseCustomer } from '../../fixtures/generator/customer-base.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { run } from '../../src/cli/run.js';
import { FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import type { FingerprintKind } from '../../src/fingerprint/kinds.js';
import { namePostcode, normaliseCustomerId, normaliseEmail, normaliseIban, normalisePhone } from '../../src/fingerprint/normalise.js';
import { tempDirs } from '../helpers/temp-dir.js';

const SEED = 20261203;
const dirs = tempDirs();
let dir: string;
let customers: BaseCustomer[];
const cli = (argv: string[], env: Record<string, string> = {}) => run(argv, { env: { LANG: 'en_GB.UTF-8', ...env } });

/** A customer's values as a mail would carry them, normalised as matching does. */
function valuesOf(c: BaseCustomer): [FingerprintKind, string][] {
  const out: [FingerprintKind, string | null][] = [
    ['customer-id', normaliseCustomerId(c.customerNumber)],
    ['email', normaliseEmail(c.email)],
    ['phone', normalisePhone(c.mobile)],
    ['name-postcode', namePostcode(`${c.firstName} ${c.lastName}`, c.postalCode)],
    ['iban', c.iban ? normaliseIban(c.iban) : null],
  ];
  return out.filter((v): v is [FingerprintKind, string] => v[1] !== null);
}

const recordsOf = (index: FingerprintIndex, kind: FingerprintKind, value: string) => {
  const records: number[] = [];
  index.lookup(kind, value, (r) => records.push(r));
  return records;
};

beforeAll(() => {
  customers = makeCustomers(SEED, 2000);
  dir = dirs.make({ 'base.csv': toCsv(customerBaseTable(customers)) });
});
afterAll(() => dirs.remove());

describe('pii-scan fingerprint', () => {
  it('fingerprints every customer of a base, by each value that singles them out, in files of mode 0600', async () => {
    const r = await cli(['fingerprint', join(dir, 'base.csv'), '--output', join(dir, 'base.pii-fp')]);
    const ibans = customers.filter((c) => c.iban).length;
    expect(ibans).toBeGreaterThan(500);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`${join(dir, 'base.pii-fp')}: 2,000 customers fingerprinted (customer-id 2,000, email 2,000, phone 2,000, iban ${ibans.toLocaleString('en-US')}, name-postcode 2,000)`);
    expect(statSync(join(dir, 'base.pii-fp')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'base.pii-fp.key')).mode & 0o777).toBe(0o600);

    const index = FingerprintIndex.open(readFileSync(join(dir, 'base.pii-fp')), readKey(), 'base.pii-fp');
    expect(index.header.records).toBe(2000);
    // Every value of customer i finds record i, and only it.
    customers.forEach((c, i) => {
      for (const [kind, value] of valuesOf(c)) expect(recordsOf(index, kind, value), `${kind} of customer ${i}`).toEqual([i]);
    });
    // People who are not customers find nothing.
    for (const p of makeLookAlikes(SEED + 1, 200, customers)) for (const [kind, value] of valuesOf(p)) expect(recordsOf(index, kind, value)).toEqual([]);
  });

  it('writes none of the base values into the fingerprint file, raw or normalised', () => {
    const file = readFileSync(join(dir, 'base.pii-fp'));
    const text = [file.toString('latin1'), file.toString('utf8'), file.toString('utf16le')];
    let searched = 0;
    for (const c of customers) {
      const raw = [c.customerNumber, c.lastName, c.firstName, c.street, c.email, c.mobile, c.iban].filter((v) => v.length >= 5);
      for (const value of [...raw, ...valuesOf(c).map(([, v]) => v)]) {
        searched++;
        for (const t of text) expect(t.includes(value), value).toBe(false);
      }
    }
    expect(searched).toBeGreaterThan(20_000);
  });

  it('reports a row with a problem by its line, never its values, and goes on with the rest', async () => {
    const rows = customerBaseTable(customers.slice(0, 5));
    rows.rows[1][7] = 'pas-une-adresse';
    rows.rows[3] = ['', '', '', '', 'rue sans nom', '', '', '', '', ''];
    const d = dirs.make({ 'bad.csv': toCsv(rows) });
    const r = await cli(['fingerprint', join(d, 'bad.csv'), '--output', join(d, 'bad.pii-fp')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      `pii-scan: ${join(d, 'bad.csv')} line 3: "Email" is not an e-mail address; the row's other values kept\n` +
        `pii-scan: ${join(d, 'bad.csv')} line 5: nothing that singles a customer out; row left out\n`,
    );
    expect(r.stdout).toMatch(/: 4 customers fingerprinted \(customer-id 4, email 3, phone 4, (iban \d, )?name-postcode 4\); 1 row left out\n/);
  });

  it('updates a file: adds new customers, takes removed ones out, keeps its key', async () => {
    const d = dirs.make({ 'base.csv': toCsv(customerBaseTable(customers.slice(0, 100))), 'new.csv': toCsv(customerBaseTable(customers.slice(95, 110))), 'gone.csv': toCsv({ header: ['Email'], rows: customers.slice(0, 10).map((c) => [c.email]) }) });
    const fp = join(d, 'base.pii-fp');
    expect((await cli(['fingerprint', join(d, 'base.csv'), '--output', fp])).exitCode).toBe(0);
    const key = readFileSync(`${fp}.key`, 'utf8');
    const r = await cli(['fingerprint', join(d, 'new.csv'), '--update', '--remove', join(d, 'gone.csv'), '--output', fp]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^${fp}: 100 customers fingerprinted: 10 added, 10 removed, 5 already there \\(`));
    expect(readFileSync(`${fp}.key`, 'utf8')).toBe(key);
    const index = FingerprintIndex.open(readFileSync(fp), Buffer.from(key.trim(), 'hex'), fp);
    const found = (c: BaseCustomer) => recordsOf(index, 'customer-id', normaliseCustomerId(c.customerNumber) as string).length;
    expect(customers.slice(0, 110).map(found)).toEqual([...Array(10).fill(0), ...Array(100).fill(1)]);
  });

  it('lists the shapes of its customer numbers as keyed hashes only, keeps them on update, and lists none past 64', async () => {
    const file = readFileSync(join(dir, 'base.pii-fp'));
    const index = FingerprintIndex.open(file, readKey(), 'base.pii-fp');
    // One shape in the base (C00700001: a letter, eight digits), hashed: nothing says which.
    expect(index.header.idShapes).toHaveLength(1);
    expect(index.header.idShapes?.[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(file.toString('latin1')).not.toMatch(/A9{8}|#shape/);

    // Two more shapes by an update (a prefix, and digits alone): their customers are found.
    const renumbered = customers.slice(100, 110).map((c, i) => ({ ...c, customerNumber: i % 2 ? `ABO-${c.customerNumber.slice(1)}` : `00${c.customerNumber.slice(3)}` }));
    const d = dirs.make({ 'base.csv': toCsv(customerBaseTable(customers.slice(0, 100))), 'new.csv': toCsv(customerBaseTable(renumbered)) });
    const fp = join(d, 'base.pii-fp');
    expect((await cli(['fingerprint', join(d, 'base.csv'), '--output', fp])).exitCode).toBe(0);
    expect((await cli(['fingerprint', join(d, 'new.csv'), '--update', '--output', fp])).exitCode).toBe(0);
    const updated = FingerprintIndex.open(readFileSync(fp), Buffer.from(readFileSync(`${fp}.key`, 'utf8').trim(), 'hex'), fp);
    expect(updated.header.idShapes).toHaveLength(3);
    expect(renumbered.map((c) => recordsOf(updated, 'customer-id', normaliseCustomerId(c.customerNumber) as string).length)).toEqual(Array(10).fill(1));
    expect(recordsOf(updated, 'customer-id', normaliseCustomerId(customers[5].customerNumber) as string)).toEqual([5]);

    // A base of 70 number formats: no list, and every number still found.
    const varied = customers.slice(0, 70).map((c, i) => ({ ...c, customerNumber: `${'X'.repeat(1 + (i % 7))}${String(i).padStart(4 + Math.floor(i / 7), '9')}` }));
    const v = dirs.make({ 'varied.csv': toCsv(customerBaseTable(varied)) });
    expect((await cli(['fingerprint', join(v, 'varied.csv'), '--output', join(v, 'v.pii-fp')])).exitCode).toBe(0);
    const many = FingerprintIndex.open(readFileSync(join(v, 'v.pii-fp')), Buffer.from(readFileSync(join(v, 'v.pii-fp.key'), 'utf8').trim(), 'hex'), 'v');
    expect(many.header.idShapes).toBeUndefined();
    expect(varied.map((c) => recordsOf(many, 'customer-id', normaliseCustomerId(c.customerNumber) as string).length)).toEqual(Array(70).fill(1));
  });

  it("reads the base's headers with the configuration's headerWords, as a scan reads a mail's", async () => {
    const table = { header: ['Matricule foyer', 'Courriel'], rows: customers.slice(0, 30).map((c) => [c.customerNumber, c.email]) };
    const d = dirs.make({ 'base.csv': toCsv(table), 'pii-scan.yml': 'headerWords:\n  customer-id: [Matricule foyer]\n' });
    const without = await cli(['fingerprint', join(d, 'base.csv'), '--output', join(d, 'a.pii-fp')]);
    expect(without.stdout).toMatch(/: 30 customers fingerprinted \(email 30\)\n/);
    const configured = await cli(['fingerprint', join(d, 'base.csv'), '--output', join(d, 'b.pii-fp'), '--config', join(d, 'pii-scan.yml')]);
    expect(configured.stderr).toBe('');
    expect(configured.stdout).toMatch(/: 30 customers fingerprinted \(customer-id 30, email 30\)\n/);
  });

  it('refuses a key others may read, a key of another file, and a file that is not one: one line, exit 3', async () => {
    const d = dirs.make({ 'base.csv': toCsv(customerBaseTable(customers.slice(0, 20))), 'other.csv': toCsv(customerBaseTable(customers.slice(20, 40))), 'junk.pii-fp': 'PII-FP0\nnot one' });
    await cli(['fingerprint', join(d, 'base.csv'), '--output', join(d, 'a.pii-fp')]);
    await cli(['fingerprint', join(d, 'other.csv'), '--output', join(d, 'b.pii-fp')]);
    chmodSync(join(d, 'a.pii-fp.key'), 0o644);
    const open = await cli(['fingerprint', join(d, 'base.csv'), '--update', '--output', join(d, 'a.pii-fp')]);
    expect([open.exitCode, open.stderr]).toEqual([3, `pii-scan: ${join(d, 'a.pii-fp.key')}: the fingerprint key may be read by other users (mode 644): run chmod 600 ${join(d, 'a.pii-fp.key')}\n`]);
    const wrong = await cli(['fingerprint', join(d, 'base.csv'), '--update', '--output', join(d, 'a.pii-fp'), '--key', join(d, 'b.pii-fp.key')]);
    expect([wrong.exitCode, wrong.stderr]).toEqual([3, `pii-scan: ${join(d, 'a.pii-fp')}: the fingerprint key does not belong to this file\n`]);
    const junk = await cli(['fingerprint', join(d, 'base.csv'), '--update', '--output', join(d, 'junk.pii-fp')]);
    expect([junk.exitCode, junk.stderr]).toEqual([3, `pii-scan: ${join(d, 'junk.pii-fp')}: not a pii-scan fingerprint file\n`]);
    writeFileSync(join(d, 'nothing.csv'), 'Produit;Prix\nCâble;12\n');
    const none = await cli(['fingerprint', join(d, 'nothing.csv'), '--output', join(d, 'c.pii-fp')]);
    expect([none.exitCode, none.stderr]).toEqual([3, `pii-scan: ${join(d, 'nothing.csv')}: no header row found in its first 12 rows (name the columns, or use --column "HEADER=ENTITY")\n`]);
    const column = await cli(['fingerprint', join(d, 'nothing.csv'), '--output', join(d, 'c.pii-fp'), '--column', 'Produit=customer-id']);
    expect([column.exitCode, column.stderr]).toEqual([3, `pii-scan: ${join(d, 'nothing.csv')} line 2: "Produit" is not a customer number (4 digits or more): nothing that singles a customer out; row left out\npii-scan: no customer to fingerprint: 1 row left out; nothing written\n`]);
    expect(existsSync(join(d, 'c.pii-fp'))).toBe(false);
  });
});

function readKey(): Buffer {
  return Buffer.from(readFileSync(join(dir, 'base.pii-fp.key'), 'utf8').trim(), 'hex');
}
