import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { textTable } from '../../fixtures/generator/texts.js';
import type { TextUnit } from '../../src/model/units.js';
import { scoreText } from '../../src/score/score-text.js';

const unit = (text: string): TextUnit => ({ kind: 'text', where: 'body', text });
/** The fields of a text finding compared exactly (text findings have no rows and no columns). */
const core = (r: ReturnType<typeof scoreText>) =>
  r && { kind: r.finding.kind, rows: r.finding.rows, people: r.finding.people, columns: r.finding.columns, entities: r.finding.entities, fields: r.finding.fields };

const letter = [
  'Bonjour Madame Morel,',
  '',
  'Votre contrat n° ABO-12345678 pour le 12 rue des Lilas, 83400 Hyères sera renouvelé le 1er septembre.',
  'Cordialement,',
  'Le service clients',
].join('\n');

const signature = [
  'Bien cordialement,',
  '',
  'Paul Roux',
  'Responsable technique',
  'Tél. 04 65 71 12 34 – Portable : 06 39 98 00 11',
  'paul.roux@example.com',
  'contact@example.org',
].join('\n');

const twelve = makePeople(11, 12);
const pastedTable = textTable({
  header: ['Nom', 'Prénom', 'Adresse', 'Code postal', 'Commune', 'Email', 'Téléphone'],
  rows: twelve.map((p) => [p.lastName.toUpperCase(), p.firstName, p.street, p.postalCode, p.city, p.email, p.mobile]),
});

describe('scoreText', () => {
  it.each([
    {
      name: 'one-customer mail-merge letter',
      text: letter,
      expected: {
        kind: 'person-record',
        rows: undefined,
        people: 1,
        columns: [],
        entities: { 'full-name': 1, 'customer-id': 1, 'postal-address': 1, 'postal-code': 1 },
        fields: ['address', 'customer-id'],
      },
    },
    {
      name: 'signature block: loose values, nobody',
      text: signature,
      expected: { kind: 'personal-data', rows: undefined, people: 0, columns: [], entities: { 'full-name': 1, phone: 2, email: 1 }, fields: [] },
    },
    {
      // Adegrine (twice) and Aymardine are not in the given-name dictionary: 9 full names of 12.
      name: 'a table of 12 people pasted as aligned text',
      text: pastedTable,
      expected: {
        kind: 'customer-file',
        rows: undefined,
        people: 12,
        columns: [],
        entities: { 'postal-address': 12, 'postal-code': 12, email: 12, phone: 12, 'full-name': 9 },
        fields: ['full-name', 'address', 'email', 'phone'],
      },
    },
    {
      name: 'role addresses are not counted, a switchboard number is loose data',
      text: 'Écrivez à contact@mairie.example.org ou appelez le 04 65 71 10 01.\nRéponse de noreply@example.com, ne-pas-repondre@example.org et etat-civil@mairie.example.org.',
      expected: { kind: 'personal-data', rows: undefined, people: 0, columns: [], entities: { phone: 1 }, fields: [] },
    },
  ])('$name', ({ text, expected }) => {
    expect(core(scoreText(unit(text), false))).toEqual(expected);
  });

  it('the pasted table has 12 distinct people keys', () => {
    expect(scoreText(unit(pastedTable), true)?.keys.size).toBe(12);
  });

  it('the same pasted rows twice count the same 12 people', () => {
    const rows = pastedTable.split('\n').slice(2).join('\n');
    expect(scoreText(unit(`${pastedTable}\n${rows}`), true)?.finding.people).toBe(12);
  });

  it('a letter with name, address and contract on one line is one person', () => {
    const text = 'Mme Jeanne Morel, 12 rue des Lilas, 83400 Hyères, contrat n° ABO-12345678';
    expect(core(scoreText(unit(text), false))).toEqual({
      kind: 'person-record',
      rows: undefined,
      people: 1,
      columns: [],
      entities: { 'full-name': 1, 'postal-address': 1, 'postal-code': 1, 'customer-id': 1 },
      fields: ['full-name', 'address', 'customer-id'],
    });
  });

  it.each([
    {
      name: 'French reply attribution',
      text: ['Merci, c’est noté.', '', 'Le 3 mai 2022 à 10:12, Jeanne Morel <jeanne.morel@example.com> a écrit :', '> Bonjour, pouvez-vous me rappeler ?'].join('\n'),
    },
    {
      name: 'English reply attribution',
      text: ['Thanks.', '', 'On Tue, May 3, 2022 at 10:12 AM Jeanne Morel <jeanne.morel@example.com> wrote:', '> Hello'].join('\n'),
    },
    {
      name: 'forwarded headers',
      text: [
        '-----Message d’origine-----',
        'De : Jeanne Morel <jeanne.morel@example.com>',
        'Envoyé : mardi 3 mai 2022 10:12',
        'À : Paul Roux <paul.roux@example.net>',
        'Cc : Luc Durand <luc.durand@example.org>',
        'Objet : Relevé',
        '',
        'Voici mon relevé.',
      ].join('\n'),
    },
    { name: 'role addresses only', text: 'Écrivez à contact@mairie.example.org, dpo@example.org ou noreply@example.com.' },
    { name: 'a drought notice with no personal data', text: 'Les mesures s’appliquent jusqu’au 30 septembre 2022 ; amende jusqu’à 1 500 €.' },
  ])('$name: no finding at all', ({ text }) => {
    expect(scoreText(unit(text), false)).toBeNull();
  });

  it('the attribution is skipped but the quoted text is still read', () => {
    const text = ['Le 3 mai 2022 à 10:12, Jeanne Morel <jeanne.morel@example.com> a écrit :', '> Mon IBAN : FR76 3000 6000 0112 3456 7890 189'].join('\n');
    expect(core(scoreText(unit(text), false))).toEqual({ kind: 'personal-data', rows: undefined, people: 0, columns: [], entities: { iban: 1 }, fields: [] });
  });

  it('gives one value one entity: a contract number is not also a phone', () => {
    expect(core(scoreText(unit('Votre contrat n° 0835154188'), false))?.entities).toEqual({ 'customer-id': 1 });
  });

  it('skips a reply attribution wrapped over two lines', () => {
    expect(scoreText(unit('Le mar. 3 mai 2022 à 10:12, Jeanne Morel <\njeanne.morel@example.com> a écrit :'), false)).toBeNull();
  });
});
