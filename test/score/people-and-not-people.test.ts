import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { scoreTable } from '../../src/score/score-table.js';
import { siret } from '../../src/detect/validators.js';
import { isRoleAddress } from '../../src/detect/detectors/email.js';

const people = makePeople(20261206, 200);
const FORMS = ['SARL', 'SAS', 'SASU', 'EURL', 'SCI', 'SCOP', 'GIE'];
const TRADES = ['Transports', 'Plomberie', 'Boulangerie', 'Menuiserie', 'Garage', 'Imprimerie'];

/** A SIRET with a valid key, made from an index: 9-digit SIREN and 5-digit establishment, Luhn on the 14. */
function makeSiret(i: number): string {
  const base = String(732829320 + i * 7919).padStart(9, '0').slice(0, 9) + String(10 + (i % 90)).padStart(4, '0');
  for (let d = 0; d < 10; d++) if (siret(base + d)) return base + d;
  throw new Error('no key');
}

const score = (header: string[] | null, rows: string[][]) => scoreTable({ kind: 'table', where: 'fournisseurs.xlsx#Feuil1', header, rows, totalRows: rows.length }, true)?.finding;

describe('companies told apart from people', () => {
  const companyName = (i: number) => `${TRADES[i % TRADES.length]} ${people[i].lastName.toUpperCase()} ${FORMS[i % FORMS.length]}`;
  // A supplier directory: the company, its SIRET, its address, a contact e-mail and a phone.
  const directory = people.map((p, i) => [companyName(i), makeSiret(i), p.street, p.postalCode, p.city, p.email, p.phone]);

  it('a supplier directory passes: 200 companies with SIRET, address, contact e-mail and phone are no people', () => {
    const f = score(['Raison sociale', 'SIRET', 'Adresse', 'CP', 'Ville', 'E-mail', 'Téléphone'], directory);
    // Every e-mail is counted as a value (a role address by its shape would not be; 'eudesle-roux@', a given name run into its particle, is a person's).
    expect([f?.people, f?.entities.email, f?.entities.siret]).toEqual([0, people.filter((p) => !isRoleAddress(p.email)).length, 200]);
    expect(people.filter((p) => !isRoleAddress(p.email)).length).toBe(200);
  });

  it('without a company header, the legal forms or the SIRET column say it', () => {
    expect(score(['Nom', 'N° SIRET', 'Adresse', 'CP', 'Ville', 'Courriel', 'Tél'], directory)?.people).toBe(0);
    expect(score(['Nom', 'Adresse', 'CP', 'Ville', 'Courriel', 'Tél'], directory.map((r) => [r[0], ...r.slice(2)]))?.people).toBe(0);
    expect(score(['Fournisseur', 'Adresse', 'CP', 'Ville', 'Courriel'], people.map((p, i) => [`${TRADES[i % 6]} ${p.lastName}`, p.street, p.postalCode, p.city, p.email]))?.people).toBe(0);
  });

  it('a named contact at a company is a person: 200 contacts are 200 people', () => {
    const f = score(['Société', 'Contact', 'Prénom', 'E-mail', 'Téléphone'], people.map((p, i) => [companyName(i), p.lastName.toUpperCase(), p.firstName, p.email, p.phone]));
    expect(f?.people).toBe(200);
  });

  it('a customer file with a few companies among people: the companies alone are left out', () => {
    const table = customerTable(people);
    // One row in ten is a business customer: its Nom is the company's, its Prénom empty.
    const rows = table.rows.map((r, i) => (i % 10 === 0 ? [companyName(i), '', ...r.slice(2)] : r));
    expect(score(table.header, rows)?.people).toBe(180);
    // Its Activité column (Boulangerie, Restaurant) says a trade, not a company: all 200 are people.
    expect(score(table.header, table.rows)?.people).toBe(200);
  });
});

describe('household identifiers: a meter point is a household', () => {
  const pdl = (i: number) => String(14_000_000_000_000 + i * 7_919_003).slice(0, 14);
  it('a PDL, PCE or water meter with an address is a person: 200 each', () => {
    expect(score(['PDL', 'Adresse', 'CP', 'Commune'], people.map((p, i) => [pdl(i), p.street, p.postalCode, p.city]))?.people).toBe(200);
    expect(score(['PCE', 'Adresse', 'Commune'], people.map((p, i) => [`GI${String(100000 + i)}`, p.street, p.city]))?.people).toBe(200);
    expect(score(['N° compteur', 'Adresse', 'Commune'], people.map((p, i) => [`${23 + (i % 5)}B0${String(412345 + i)}`, p.street, p.city]))?.people).toBe(200);
  });

  it('places keep passing: an address and a phone without a meter or a name are no one', () => {
    expect(score(['Équipement', 'Adresse', 'CP', 'Commune', 'Téléphone'], people.map((p, i) => [`Gymnase ${i}`, p.street, p.postalCode, p.city, p.phone]))?.people).toBe(0);
  });
});
