import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import type { Person } from '../../fixtures/generator/people.js';
import { scoreText } from '../../src/score/score-text.js';
import { scanMessage } from '../../src/scan-message.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';

const people = makePeople(20261204, 200);
const score = (text: string) => scoreText({ kind: 'text', where: 'adresses.txt', text }, true)?.finding;

/** The shapes people are listed in, one block each: a mail-merge of addresses, a list pasted from labels. */
const SHAPES: Record<string, (p: Person) => string> = {
  'label (civility, name, street, town)': (p) => `${p.civility} ${p.firstName} ${p.lastName.toUpperCase()}\n${p.street}\n${p.postalCode} ${p.city.toUpperCase()}`,
  'contact card (name, phone, e-mail)': (p) => `${p.firstName} ${p.lastName}\nTél. ${p.mobile}\n${p.email}`,
  'two lines (civility and surname, phone)': (p) => `${p.civility} ${p.lastName.toUpperCase()}\n${p.mobile}`,
  'five lines': (p) => `${p.civility} ${p.lastName.toUpperCase()}\n${p.street}\n${p.postalCode} ${p.city}\n${p.phone}\n${p.email}`,
};

describe('blocks in text: people written over 2 to 5 lines between blank lines', () => {
  it.each(Object.entries(SHAPES))('%s: 200 blocks are 200 people', (_name, shape) => {
    const f = score(people.map(shape).join('\n\n'));
    expect([f?.kind, f?.people]).toEqual(['customer-file', 200]);
  });

  it('blank lines with spaces or a quote mark between blocks, and CRLF, change nothing', () => {
    const f = score(people.slice(0, 40).map(SHAPES['label (civility, name, street, town)']).join('\r\n> \r\n').replace(/\n(?!>)/g, '\r\n'));
    expect(f?.people).toBe(40);
  });

  it('look-alike: blocks of places (a directory of town halls and services) are no people', () => {
    const places = people.slice(0, 60).map((p, i) => `${i % 2 ? 'Mairie' : 'Médiathèque'} de ${p.city}\n${p.street}\n${p.postalCode} ${p.city}\nTél. ${p.phone}`);
    expect(score(places.join('\n\n'))?.people).toBe(0);
  });

  it('a letter with its signature is not a list: two blocks with values are no list of people', () => {
    const p = people[0];
    const letter = `Madame, Monsieur,\n\nVeuillez trouver ci-joint la facture du trimestre.\n\n${p.firstName} ${p.lastName}\nService clients\n${p.phone}\n\n${people[1].firstName} ${people[1].lastName}\n${people[1].email}`;
    expect(score(letter)?.people).toBe(0);
  });

  it('a table pasted as text (one person a line) is still counted line by line', () => {
    const lines = people.slice(0, 30).map((p) => `${p.lastName.toUpperCase()} ${p.firstName} ; ${p.email} ; ${p.phone}`);
    // Blocks of 3 lines that are people each: 30 people, not 10.
    const text = [0, 3, 6, 9, 12, 15, 18, 21, 24, 27].map((i) => lines.slice(i, i + 3).join('\n')).join('\n\n');
    expect(score(text)?.people).toBe(30);
  });

  it('a mail whose body lists 200 people as address blocks is blocked, 200 people', async () => {
    const body = `Bonjour,\n\nVoici la liste pour l'envoi du bulletin :\n\n${people.map(SHAPES['label (civility, name, street, town)']).join('\n\n')}\n\nCordialement,\nLe service communication\n`;
    const eml = `From: communication@mairie.example.org\r\nTo: imprimeur@example.com\r\nSubject: Liste pour le bulletin\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\n/g, '\r\n')}`;
    const result = await scanMessage({ source: 'liste.eml', kind: 'message', name: 'liste.eml', content: Buffer.from(eml) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
    expect([result.verdict, result.people]).toEqual(['block', 200]);
  });
});
