import { describe, expect, it } from 'vitest';
import { isAddress, isRoleAddress } from '../../src/detect/detectors/email.js';
import { firstNames, SURNAME_PARTICLES } from '../../src/detect/detectors/person-name.js';
import { fold } from '../../src/detect/fold.js';
import { readRuleJson } from '../../src/detect/rules.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { createRng } from '../../fixtures/generator/rng.js';

describe('isRoleAddress', () => {
  it.each([
    // role words, whole or first word
    'contact@mairie.example.org',
    'mairie@example.org',
    'dpo@example.com',
    'noreply@example.com',
    'no-reply@example.com',
    'ne-pas-repondre@example.org',
    'etat-civil@mairie.example.org',
    'service.clients@example.net',
    'accueil.toulon@example.org',
    'info+news@example.com',
    'CONTACT@example.com',
    // hyphenated words with no given name among them
    'petite-enfance@mairie.example.org',
    'affaires-scolaires@mairie.example.org',
    'marches-publics@mairie.example.org',
    // plural of a role word
    'cimetieres@mairie.example.org',
    'services@example.com',
    // only digits
    '12345@example.com',
    // function words, French and English, besides the services of a town hall
    'devis@plomberie.example.fr',
    'factures@example.fr',
    'commandes.web@example.fr',
    'sav@example.fr',
    'compta@example.fr',
    'rh@example.fr',
    'recrutement@example.fr',
    'achats@example.fr',
    'billing@example.com',
    'invoices@example.com',
    'orders@example.com',
    'careers@example.com',
    'payroll@example.com',
    'procurement@example.com',
  ])('%s is a role address', (email) => {
    expect(isRoleAddress(email)).toBe(true);
  });

  it.each([
    'jeanne.morel@example.com',
    'j.morel83@mail.example.net',
    'jean-pierre.roux@example.org',
    'morel.jeanne@example.com',
    'jmorel@example.com',
    'jeanne_morel@example.net',
    'jeanne.morel+promo@example.com',
    'jean-pierre@example.org',
    'anne-sophie.durand@example.com',
    'paul@example.fr',
  ])('%s is a person', (email) => {
    expect(isRoleAddress(email)).toBe(false);
  });

  it.each(['le-gall@example.com', 'de-la-tour@example.org', 'eudesle-roux@example.com', 'jeanle-gall@example.org', 'mariede-la-tour@example.net'])('%s is a person: a surname particle is not a service', (email) => {
    expect(isRoleAddress(email)).toBe(false);
  });
});

/**
 * isRoleAddress answers most people's addresses without cutting them into words (a quick "no");
 * its answers must be those of the rule word by word, as it was written before that shortcut.
 */
describe('isRoleAddress agrees with the word-by-word rule', () => {
  const roles = new Set(readRuleJson<{ words: string[] }>('role-addresses.json').words);
  const isRoleWord = (w: string) => roles.has(w) || ((w.endsWith('s') || w.endsWith('x')) && roles.has(w.slice(0, -1)));
  const isNumber = (w: string) => /^\d+$/.test(w);
  function byWords(email: string): boolean {
    let local = email.slice(0, email.lastIndexOf('@'));
    if (local.includes('+')) local = local.slice(0, local.indexOf('+'));
    const words = fold(local).split(' ').filter(Boolean);
    if (words.length === 0) return true;
    if (words.every((w) => isRoleWord(w) || isNumber(w)) || isRoleWord(words[0]) || (words.length > 1 && isRoleWord(words.join('')))) return true;
    if (!/^[a-z]+(?:-[a-z]+)+$/i.test(local)) return false;
    const nameThenParticle = (w: string) => [...SURNAME_PARTICLES].some((p) => p.length >= 2 && w.length >= p.length + 3 && w.endsWith(p) && firstNames().has(w.slice(0, -p.length)));
    return !words.some((w) => firstNames().has(w) || SURNAME_PARTICLES.has(w) || nameThenParticle(w));
  }

  it('on 20,000 local parts: people, role words, their joins, plurals, numbers, hyphens and case', () => {
    const rng = createRng(15);
    const people = makePeople(15, 2_000);
    const words = [...roles].slice(0, 400);
    const parts = [
      () => people[rng.int(0, people.length - 1)].email.split('@')[0],
      () => rng.pick(words),
      () => `${rng.pick(words)}${rng.pick(['s', 'x', ''])}`,
      () => rng.pick(['rh', 'sav', 'dpo', 'it', 'cse']) + rng.pick(['', 's', '.toulon', '-83']),
      () => String(rng.int(0, 99999)),
      () => people[rng.int(0, people.length - 1)].lastName.toLowerCase(),
      () => rng.pick(['le', 'de', 'van', 'el']),
    ];
    const seps = ['.', '-', '_', '', '+'];
    let roleCount = 0;
    for (let i = 0; i < 20_000; i++) {
      let local = parts[rng.int(0, parts.length - 1)]();
      for (let n = rng.int(0, 2); n > 0; n--) local += rng.pick(seps) + parts[rng.int(0, parts.length - 1)]();
      if (rng.int(0, 9) === 0) local = local.toUpperCase();
      const email = `${local}@example.org`;
      const expected = byWords(email);
      if (expected) roleCount++;
      expect(isRoleAddress(email), email).toBe(expected);
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(roleCount).toBeGreaterThan(4_000);
    expect(roleCount).toBeLessThan(16_000);
  });
});

/** isAddress is the e-mail cell regex walked by hand; it must accept exactly what the regex accepts. */
describe('isAddress agrees with the e-mail cell regex', () => {
  const CELL = /^(?!\.)(?![^@]*\.\.)[A-Za-z0-9._%+'-]{1,64}(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

  it('on 50,000 strings near addresses', () => {
    const rng = createRng(16);
    const alphabet = ['a', 'Z', '0', '.', '-', '_', '%', '+', "'", '@', ' ', 'é', '..', 'example', 'org', 'fr'];
    let accepted = 0;
    for (let i = 0; i < 50_000; i++) {
      let value = '';
      for (let n = rng.int(1, 12); n > 0; n--) value += rng.pick(alphabet);
      // Most strings are made address-shaped, then spoilt one character in three.
      if (rng.int(0, 2) > 0) value = `${value.replace(/@/g, '')}@${rng.pick(['example.org', 'mail.example.fr', 'a-b.c', '-x.org', 'x-.org', 'x..org', 'e.x', 'e.toolongtoplevelnamexxxxxxxx', `${'a'.repeat(rng.int(60, 66))}.fr`, 'x.o1g'])}`;
      if (rng.int(0, 4) === 0) value = value.replace(/^[^@]*/, (local) => local.padStart(rng.int(60, 68), 'a'));
      const expected = CELL.test(value);
      if (expected) accepted++;
      expect(isAddress(value), value).toBe(expected);
    }
    expect(accepted).toBeGreaterThan(1_500);
  });
});
