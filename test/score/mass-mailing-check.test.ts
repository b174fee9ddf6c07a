import { describe, expect, it } from 'vitest';
import type { TableUnit } from '../../src/model/units.js';
import { MassMailingCheck } from '../../src/score/mass-mailing-check.js';
import { scoreTable } from '../../src/score/score-table.js';
import { scoreText } from '../../src/score/score-text.js';

const A = 'jeanne.morel@example.com';
const B = 'paul.roux@example.net';
const C = 'lea.martin@example.org';
const OTHERS = ['hugo.petit@example.com', 'ines.garnier@example.net', 'louis.faure@example.org'];

/** Feeds units (lists of e-mail values) through a check, as scanMessage does; returns its result. */
function check(recipients: string[], units: [where: string, emails: string[]][], senders: (string | undefined)[] = []) {
  const c = new MassMailingCheck(recipients, senders);
  for (const [where, emails] of units) {
    const see = c.startUnit();
    for (const e of emails) see(e);
    c.endUnit(where);
  }
  return { active: c.active, recipients: c.recipients, result: c.result() };
}

describe('MassMailingCheck: who the recipients are', () => {
  it.each([
    ['distinct addresses, case and display names folded', [A, A.toUpperCase(), `Jeanne Morel <${A}>`, B], [], 2, true],
    ['a sender copied to itself is not a recipient', [A, B], [`"Moi" <${B.toUpperCase()}>`], 1, true],
    ['the envelope sender is not a recipient either', [A, B], [undefined, `<${A}>`], 1, true],
    ['role addresses are recipients, never matched', ['mairie@example.org', 'contact@example.net'], [], 2, false],
    ['no recipient at all (undisclosed-recipients:;)', [], [], 0, false],
    ['a value with no @ is not an address', ['undisclosed-recipients', A], [], 1, true],
  ])('%s', (_name, recipients, senders, count, active) => {
    const { recipients: n, active: a } = check(recipients, [], senders);
    expect([n, a]).toEqual([count, active]);
  });
});

describe('MassMailingCheck: what is listed', () => {
  it.each([
    ['2 recipients in a 5-address list', [A, B, C], [['abonnes.csv', [A, ...OTHERS, B]]], { recipients: 3, listed: 2, where: ['abonnes.csv'] }],
    ['the same list under other spellings', [A, B], [['abonnes.csv', [`Jeanne <${A.toUpperCase()}>`, `mailto:${B}`, ...OTHERS]]], { recipients: 2, listed: 2, where: ['abonnes.csv'] }],
    ['a list of exactly 3 addresses, 2 of them recipients', [A, B], [['x.csv', [A, B, OTHERS[0]]]], { recipients: 2, listed: 2, where: ['x.csv'] }],
    ['a recipient listed twice in one list counts once', [A, B], [['x.csv', [A, A, OTHERS[0], OTHERS[1]]]], { recipients: 2, listed: 1, where: ['x.csv'] }],
    ['recipients in two lists: both lists named, each recipient once', [A, B, C], [['a.csv', [A, ...OTHERS]], ['b.xlsx#Feuil1', [A, B, ...OTHERS]]], { recipients: 3, listed: 2, where: ['a.csv', 'b.xlsx#Feuil1'] }],
    ['two units under one name are named once', [A, B], [['body.pdf', [A, ...OTHERS]], ['body.pdf', [B, ...OTHERS]]], { recipients: 2, listed: 2, where: ['body.pdf'] }],
  ] as [string, string[], [string, string[]][], object][])('%s', (_name, recipients, units, expected) => {
    expect(check(recipients, units).result).toEqual(expected);
  });

  it.each([
    ['a list without any recipient', [A, B], [['abonnes.csv', OTHERS]]],
    ['2 recipients named in a 2-address document (a deed sent to both buyers)', [A, B], [['acte.pdf', [A, B]]]],
    ['2 recipients, each in their own invoice', [A, B], [['facture-1.pdf', [A]], ['facture-2.pdf', [B, OTHERS[0]]]]],
    ['the sender does not make a 2-address document a list', [A, B], [['devis.pdf', [A, B, 'moi.meme@example.org']]]],
  ] as [string, string[], [string, string[]][]][])('nothing is listed for %s', (_name, recipients, units) => {
    expect(check(recipients, units, ['Moi <moi.meme@example.org>']).result).toBeUndefined();
  });

  it('starts each unit afresh: addresses of one unit never make another a list', () => {
    expect(check([A, B], [['a.csv', [...OTHERS]], ['b.csv', [A, B]]]).result).toBeUndefined();
  });
});

describe('the scorers hand the check every personal e-mail they count, and nothing else', () => {
  it('a table: the e-mail column (display names as written), e-mails in other cells; not role addresses', () => {
    const unit: TableUnit = {
      kind: 'table', where: 'x.csv', header: ['Nom', 'Prénom', 'Email', 'Notes'], totalRows: 4,
      rows: [
        ['MOREL', 'Jeanne', `Jeanne Morel <${A}>`, ''],
        ['ROUX', 'Paul', B, `autre adresse : ${C}`],
        ['ACCUEIL', 'Mairie', 'accueil@example.org', 'tél. 04 94 00 00 00'],
        ['PETIT', 'Hugo', OTHERS[0], ''],
      ],
    };
    const seen: string[] = [];
    scoreTable(unit, true, undefined, (v) => seen.push(v));
    expect(seen).toEqual([`Jeanne Morel <${A}>`, B, C, OTHERS[0]]);
  });

  it('text: e-mails on every line but reply attributions, role addresses dropped', () => {
    const text = [`Le 3 mai, Paul <${B}> a écrit :`, `Jeanne Morel ${A}`, 'Écrire à contact@example.org', `Hugo Petit, ${OTHERS[0]}`].join('\n');
    const seen: string[] = [];
    scoreText({ kind: 'text', where: 'x.txt', text }, true, new Set(), undefined, (v) => seen.push(v));
    expect(seen).toEqual([A, OTHERS[0]]);
  });
});
