import { normaliseAddress } from '../../model/normalise-address.js';
import type { Detector, MatchSink } from '../detector.js';
import { fold } from '../fold.js';
import { lazy, readRuleJson } from '../rules.js';
import { firstNames, SURNAME_PARTICLES } from './person-name.js';

/** RFC 5322 dot-atom local part: no leading, trailing or doubled dot. */
const CELL = /^(?!\.)(?![^@]*\.\.)[A-Za-z0-9._%+'-]{1,64}(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;
const DOMAIN_TAIL = /(?:^|\.)[A-Za-z0-9-]+\.[A-Za-z]{2,24}$/;

const isLocalChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39;
const isDomainChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;

/**
 * Finds addresses by walking out from each `@`: linear in the text length whatever the input,
 * where a regex would retry every start position.
 */
function findEmails(text: string, emit: MatchSink): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at < 254 && isDomainChar(text.charCodeAt(end))) end++;
    while (start < at && (text[start] === '.' || text[start] === "'")) start++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start === at || end === at + 1) continue;
    const value = text.slice(start, end);
    if (DOMAIN_TAIL.test(value.slice(at - start + 1))) emit({ entity: 'email', value, index: start });
    at = end - 1;
  }
}

const roleWords = lazy(() => new Set(readRuleJson<{ words: string[] }>('role-addresses.json').words));

/**
 * True for functional addresses (contact@, mairie@, dpo@, ne-pas-repondre@, etat-civil@): the
 * whole local part, its first word, or every word of it is a role word; or it is hyphenated words
 * with no given name or surname particle among them ("petite-enfance@", not "le-gall@"),
 * where people write "jeanne.morel" or "jean-pierre.roux". Role addresses are not people.
 */
export function isRoleAddress(email: string): boolean {
  let local = email.slice(0, email.lastIndexOf('@'));
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  const words = localWords(local);
  if (words.length === 0) return true;
  if (words.every(isRoleOrNumber) || isRoleWord(words[0]) || (words.length > 1 && isRoleWord(words.join('')))) return true;
  if (!HYPHENATED_WORDS.test(local)) return false;
  const names = firstNames();
  return !words.some((w) => names.has(w) || SURNAME_PARTICLES.has(w));
}

/**
 * The folded words of a local part ("Jean-Pierre.Roux" → jean, pierre, roux). Local parts are
 * nearly always ASCII: they are cut here in one pass, fold() is for the rest.
 */
function localWords(local: string): string[] {
  const lower = local.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c > 127) return fold(local).split(' ').filter(Boolean);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(lower.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(start === 0 ? lower : lower.slice(start));
  return words;
}

/** Singular or plural: "cimetiere" in the list covers "cimetieres@", "service" covers "services@". */
function isRoleWord(word: string): boolean {
  const roles = roleWords();
  if (roles.has(word)) return true;
  const last = word.charCodeAt(word.length - 1);
  return (last === 115 || last === 120) && roles.has(word.slice(0, -1));
}

const isRoleOrNumber = (word: string) => isRoleWord(word) || isNumber(word);

function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) < 48 || word.charCodeAt(i) > 57) return false;
  return word.length > 0;
}
const HYPHENATED_WORDS = /^[a-z]+(?:-[a-z]+)+$/i;

/** E-mail addresses; personal vs role is decided by isRoleAddress where people are counted. */
export const emailDetector: Detector = {
  id: 'email',
  entity: 'email',
  matchCell: (cell) => CELL.test(normaliseAddress(cell)),
  find: findEmails,
  examples: {
    match: ['jeanne.morel@example.com', 'J.Morel83@mail.example.net', 'Jeanne Morel <jeanne.morel@example.org>', 'mailto:paul@example.fr', "o'neil@example.com"],
    noMatch: ['jeanne.morel@', '@example.com', 'jeanne..morel@example.com', 'jeanne.@example.com', 'jeanne morel@example.com', 'jeanne@example', 'Prix HT', '12,50'],
  },
  textExamples: [
    { text: 'Écrire à jeanne.morel@example.com ou à contact@mairie.example.org.', values: ['jeanne.morel@example.com', 'contact@mairie.example.org'] },
    { text: 'Le 3 mai, Paul <paul.roux@example.net> a écrit', values: ['paul.roux@example.net'] },
    { text: 'un @ seul, a@b, x@y.z1', values: [] },
  ],
};
