import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable, municipalServicesTable, priceTable, productCatalogue } from '../../fixtures/generator/tables.js';
import { cellTest, profileColumns } from '../../src/score/profile-columns.js';
import type { Entity } from '../../src/model/entities.js';

/** [index, header, entity, fromHeader] of each profiled column: what the assertions compare. */
const summary = (header: string[] | null, rows: string[][]) => profileColumns(header, rows).map((p) => [p.index, p.header, p.entity, p.fromHeader]);

const customers = customerTable(makePeople(7, 25));
const contacts = makePeople(5, 20).map((p) => [`${p.firstName} ${p.lastName}`, p.email, p.phone, p.birthDate, p.city]);

describe('profileColumns', () => {
  it.each([
    {
      name: 'customer table with its header: every person column from its header, Activité left out',
      header: customers.header,
      rows: customers.rows,
      expected: [
        [0, 'Nom', 'last-name', true],
        [1, 'Prénom', 'first-name', true],
        [2, 'Adresse', 'postal-address', true],
        [3, 'Code postal', 'postal-code', true],
        [4, 'Commune', 'city', true],
        [5, 'Email', 'email', true],
        [6, 'N° abonnement', 'customer-id', true],
      ],
    },
    {
      // Without a header, cities and customer numbers cannot be told by value; the surname column is
      // found beside the given names, and 10-digit "083…" subscriber numbers are phone-shaped (08 numbers).
      name: 'customer table without header: columns by value',
      header: null,
      rows: customers.rows,
      expected: [
        [0, null, 'last-name', false],
        [1, null, 'first-name', false],
        [2, null, 'postal-address', false],
        [3, null, 'postal-code', false],
        [5, null, 'email', false],
        [6, null, 'phone', false],
      ],
    },
    {
      name: 'contact list with headers: full name, e-mail, phone, birth date and city',
      header: ['Client', 'Courriel', 'Tél.', 'Date de naissance', 'Ville'],
      rows: contacts,
      expected: [
        [0, 'Client', 'full-name', true],
        [1, 'Courriel', 'email', true],
        [2, 'Tél.', 'phone', true],
        [3, 'Date de naissance', 'birth-date', true],
        [4, 'Ville', 'city', true],
      ],
    },
    {
      name: 'contact list without headers: birth dates and cities need their header',
      header: null,
      rows: contacts,
      expected: [
        [0, null, 'full-name', false],
        [1, null, 'email', false],
        [2, null, 'phone', false],
      ],
    },
    {
      name: 'an "Email" header over garbage is not believed; e-mails under "Notes" are found by value',
      header: ['Nom', 'Email', 'Notes'],
      rows: [
        ['MOREL', 'n/a', 'jeanne.morel@example.com'],
        ['ROUX', 'voir dossier', 'paul.roux@example.net'],
        ['DURAND', '-', 'luc.durand@example.org'],
      ],
      expected: [
        [0, 'Nom', 'last-name', true],
        [2, 'Notes', 'email', false],
      ],
    },
    {
      name: 'municipal directory: role e-mails still profile as e-mail; a shared non-street address does not',
      header: municipalServicesTable(1).header,
      rows: municipalServicesTable(1).rows,
      expected: [
        [1, 'Email', 'email', true],
        [2, 'Téléphone', 'phone', true],
      ],
    },
    { name: 'price list: nothing', header: priceTable(1).header, rows: priceTable(1).rows, expected: [] },
    { name: 'product catalogue: nothing', header: productCatalogue(1, 100).header, rows: productCatalogue(1, 100).rows, expected: [] },
    { name: 'product catalogue without header: nothing', header: null, rows: productCatalogue(1, 100).rows, expected: [] },
    {
      name: 'five-digit codes are postal codes only when nearly all are',
      header: ['Code', 'Qté'],
      rows: [['83400', '12'], ['83000', '15'], ['A12', '3'], ['06000', '1']],
      expected: [],
    },
  ])('$name', ({ header, rows, expected }) => {
    expect(summary(header, rows)).toEqual(expected);
  });

  it.each([
    { name: 'customer table', header: customers.header, rows: customers.rows, shares: [1, 1, 1, 1, 1, 1, 1] },
    // 24 of the 25 given names are in the dictionary; one of 25 subscriber numbers is "ABO-…".
    { name: 'customer table without header', header: null, rows: customers.rows, shares: [1, 0.96, 1, 1, 1, 0.96] },
    { name: 'contacts without header', header: null, rows: contacts, shares: [0.9, 1, 1] },
  ])('$name: share of matching cells per column', ({ header, rows, shares }) => {
    expect(profileColumns(header, rows).map((p) => p.share)).toEqual(shares);
  });
});

describe('cellTest', () => {
  it.each<[Entity, boolean, string, boolean]>([
    ['first-name', true, 'Xyzzyq', true], // under a "Prénom" header any name-shaped word counts
    ['first-name', false, 'Xyzzyq', false], // without one the dictionary must know it
    ['first-name', false, 'Jeanne', true],
    ['last-name', true, 'LE GALL', true],
    ['full-name', true, 'MOREL', true],
    ['email', false, 'jeanne.morel@example.com', true],
    ['email', true, 'n/a', false],
    ['postal-code', false, '83400', true],
    ['postal-code', false, '8340', false],
    ['phone', false, '06 39 98 12 34', true],
    ['rib', false, '30006000011234567890189', true], // RIB key right
    ['rib', false, '30006000011234567890188', false], // RIB key wrong
    ['nir', true, '1 85 05 78 006 084', true], // a NIR column may hold the 13 characters without key
    ['nir', false, '1 85 05 78 006 084', false], // elsewhere the key is required
    ['phone', true, '465711234', true], // a spreadsheet dropped the leading 0 of 04 65 71 12 34
    ['phone', false, '465711234', false],
    ['postal-code', true, '6000', true], // 06000 stored as a number
    ['postal-code', false, '6000', false],
    ['postal-code', false, '83999', false], // right shape, no such postcode
    ['city', true, 'Saint-Étienne', true],
    ['siret', true, '732 829 320 00074', true],
    ['meter-id', true, '09123456789012', true],
  ])('%s (header %s): %j → %s', (entity, fromHeader, cell, expected) => {
    expect(cellTest(entity, fromHeader)(cell)).toBe(expected);
  });
});

describe('civility forms', () => {
  const people = makePeople(11, 40);
  const civilities = ['M.', 'Mme', 'Mlle', 'M', 'Dr', 'Pr', 'Me', 'Mrs', 'Ms', 'Mr'];
  // A mail-merge list as councils keep them: civility and surname in capitals, then the town.
  const rows = people.map((p, i) => [`${civilities[i % civilities.length]} ${p.lastName.toUpperCase()}`, p.postalCode, p.city]);

  it('a column of civility and surname only is a name column, by its values alone', () => {
    expect(summary(['Envoi', 'CP', 'Ville'], rows)[0]).toEqual([0, 'Envoi', 'full-name', false]);
    expect(summary(['Destinataire', 'CP', 'Ville'], rows)[0]).toEqual([0, 'Destinataire', 'full-name', true]);
    expect(summary(null, rows)[0]).toEqual([0, null, 'full-name', false]);
  });

  it('each cell of it counts: all 40, whatever the civility', () => {
    const test = cellTest('full-name', false);
    expect(rows.filter((r) => test(r[0])).length).toBe(40);
    // Titles are no people: the same column of "M. le Maire" is none.
    expect(['M. le Maire', 'Mme la Directrice', 'Dr', 'M.'].filter(test)).toEqual([]);
  });
});
