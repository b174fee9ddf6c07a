import { describe, expect, it } from 'vitest';
import { entityForHeader, headerLexicon, isPersonContextHeader } from '../../src/detect/header-lexicon.js';
import type { Entity } from '../../src/model/entities.js';

const HEADERS: [string, Entity | null][] = [
  // French, as exported by billing systems and spreadsheets
  ['Nom', 'last-name'],
  ['NOM', 'last-name'],
  ['Nom de famille', 'last-name'],
  ["Nom d'usage", 'last-name'],
  ['Prénom', 'first-name'],
  ['Prénoms', 'first-name'],
  ['Nom et prénom', 'full-name'],
  ['Nom Prénom', 'full-name'],
  ['Prénom / Nom', 'full-name'],
  ['Identité', 'full-name'],
  ["N° d'abonné", 'customer-id'],
  ['N° abonnement', 'customer-id'],
  ['N° abonné', 'customer-id'],
  ['Réf. client', 'customer-id'],
  ['Code client', 'customer-id'],
  ['Numéro de contrat', 'customer-id'],
  ['Matricule', 'customer-id'],
  ['Adresse e-mail', 'email'],
  ['Adresse électronique', 'email'],
  ['Courriel', 'email'],
  ['Mél', 'email'],
  ['E-mail', 'email'],
  ['Adresse', 'postal-address'],
  ['Adresse postale', 'postal-address'],
  ['Adresse de facturation', 'postal-address'],
  ['CP', 'postal-code'],
  ['C.P.', 'postal-code'],
  ['Code postal', 'postal-code'],
  ['Nom de la commune', 'city'],
  ['Commune', 'city'],
  ['Ville', 'city'],
  ['Localité', 'city'],
  ['Tél.', 'phone'],
  ['Téléphone', 'phone'],
  ['Portable', 'phone'],
  ['N° de téléphone', 'phone'],
  ['Date de naissance', 'birth-date'],
  ['Né(e) le', 'birth-date'],
  ['N° sécurité sociale', 'nir'],
  ['IBAN', 'iban'],
  ['N° compteur', 'meter-id'],
  // English
  ['Last Name', 'last-name'],
  ['First name', 'first-name'],
  ['Full name', 'full-name'],
  ['Email address', 'email'],
  ['Phone number', 'phone'],
  ['Mobile', 'phone'],
  ['Street', 'postal-address'],
  ['Postcode', 'postal-code'],
  ['ZIP code', 'postal-code'],
  ['City', 'city'],
  ['Date of birth', 'birth-date'],
  ['Customer ID', 'customer-id'],
  // Not about people: price lists, catalogues, directories of services
  ['Prix HT', null],
  ['Prix TTC (€)', null],
  ['Désignation', null],
  ['Activité', null],
  ['Service', null],
  ['Prestation', null],
  ['Unité', null],
  ['TVA', null],
  ['Quantité', null],
  ['Stock', null],
  ['Référence', null],
  ['EAN13', null],
  ['Nom du produit', null],
  ['Raison sociale', null],
  ['Horaires', null],
  ['Observations', null],
  ['Date', null],
  ['Montant', null],
  ['Nombre d’abonnés', null],
  ['Unit price', null],
  ['', null],
  ['  ', null],
];

describe('entityForHeader', () => {
  it.each(HEADERS)('%j → %s', (header, entity) => {
    expect(entityForHeader(header)).toBe(entity);
  });

  // A single word of a longer header must not decide: 'ignore' phrases and whole-phrase 'contains'.
  it.each([
    ['Titulaire du contrat', 'full-name'],
    ['Type de contrat', null],
    ['Date du contrat', null],
    ['Montant abonnement', null],
    ['Lieu de naissance', null],
    ['Adresse IP', null],
    ['Ordinateur portable', null],
    ['Identi\uFB01ant client', 'customer-id'],
  ] as [string, Entity | null][])('%j → %s', (header, entity) => {
    expect(entityForHeader(header)).toBe(entity);
  });
});

describe('isPersonContextHeader', () => {
  it.each([
    ['Civilité', true],
    ['CIVILITE', true],
    ['Civ.', true],
    ['Sexe', true],
    ['Genre', true],
    ['Title', true],
    ['Gender', true],
    ['Nom', false], // an entity header, not a context one
    ['Prix HT', false],
    ['Service', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(isPersonContextHeader(header)).toBe(expected);
  });
});

describe('headerLexicon with the configuration\'s headerWords', () => {
  const lexicon = headerLexicon({ 'customer-id': ['PDS', 'Code tiers'], city: ['Localité'], 'meter-id': ['Nom'] });

  it.each([
    ['PDS', 'customer-id'], // a whole header
    ['pds', 'customer-id'], // case aside
    ['N° PDS', 'customer-id'], // as whole words inside a header
    ['PDSX', null], // not inside a word
    ['Code tiers', 'customer-id'],
    ['CODE-TIERS', 'customer-id'], // punctuation folded like the built-in words
    ['LOCALITE', 'city'], // accents aside
    ['Nom', 'meter-id'], // the organisation's word replaces a built-in whole header
    ['Code postal', 'postal-code'], // a longer built-in phrase still wins inside a header
    ['Prénom', 'first-name'], // built-in words stay
  ] as [string, Entity | null][])('%j → %s', (header, entity) => {
    expect(lexicon.entityFor(header)).toBe(entity);
  });

  it('leaves the built-in lexicon as it was', () => {
    expect([entityForHeader('PDS'), entityForHeader('Nom')]).toEqual([null, 'last-name']);
  });

  it('without extra words is the built-in lexicon itself', () => {
    expect([headerLexicon({}), headerLexicon(undefined)]).toEqual([headerLexicon(), headerLexicon()]);
    expect(headerLexicon({})).toBe(headerLexicon());
  });
});
