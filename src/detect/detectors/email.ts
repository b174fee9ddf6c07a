import { normaliseAddress } from '../../model/normalise-address.js';
import type { Detector, MatchSink } from '../detector.js';
import { fold } from '../fold.js';
import { lazy, readRuleJson } from '../rules.js';
import { firstNames, SURNAME_PARTICLES } from './person-name.js';

/**
 * A whole value that is one address: an RFC 5322 dot-atom local part of 1 to 64 characters
 * (A-Z a-z 0-9 . _ % + ' -, no leading, trailing or doubled dot), `@`, labels of 1 to 63 letters,
 * digits and inner hyphens each followed by a dot, and a top-level domain of 2 to 24 letters.
 * Walked by hand: it is the regex
 * /^(?!\.)(?![^@]*\.\.)[A-Za-z0-9._%+'-]{1,64}(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/
 * at a third of its cost, on every cell of an e-mail column.
 */
export function isAddress(value: string): boolean {
  const at = value.indexOf('@');
  if (at < 1 || at > 64 || value.charCodeAt(0) === 46 || value.charCodeAt(at - 1) === 46) return false;
  for (let i = 0; i < at; i++) {
    const c = value.charCodeAt(i);
    if (!isLocalChar(c) || (c === 46 && value.charCodeAt(i + 1) === 46)) return false;
  }
  let labels = 0;
  let start = at + 1;
  for (let i = start; ; i++) {
    const c = i < value.length ? value.charCodeAt(i) : -1;
    if (c === 46 || c === -1) {
      const length = i - start;
      if (c === -1) return labels > 0 && length >= 2 && length <= 24 && isLetters(value, start, i);
      if (length < 1 || length > 63 || value.charCodeAt(start) === 45 || value.charCodeAt(i - 1) === 45) return false;
      labels++;
      start = i + 1;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) return false;
  }
}

function isLetters(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}
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

/** A word's first three character codes as one number, 0 where it is shorter (charCodeAt's NaN is 0 to bit operators): the same number isPersonalAtSight builds as it reads. */
const prefixKey = (word: string) => (word.charCodeAt(0) << 16) | (word.charCodeAt(1) << 8) | word.charCodeAt(2);

/** The first three characters of every role word of three or more: a local part that starts otherwise joins into none. */
const rolePrefixes = lazy(() => new Set([...roleWords()].filter((w) => w.length >= 3).map(prefixKey)));

/**
 * True for functional addresses (contact@, mairie@, dpo@, ne-pas-repondre@, etat-civil@): the
 * whole local part, its first word, or every word of it is a role word; or it is hyphenated words
 * with no given name or surname particle among them ("petite-enfance@", not "le-gall@"),
 * where people write "jeanne.morel" or "jean-pierre.roux". Role addresses are not people.
 */
export function isRoleAddress(email: string): boolean {
  const at = lastAt(email);
  if (isPersonalAtSight(email, at)) return false;
  let local = email.slice(0, at);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  const words = localWords(local);
  if (words.length === 0) return true;
  const first = words[0];
  if (isRoleWord(first)) return true;
  // Every word a role or a number: the first is then a number.
  if (isNumber(first) && words.every(isRoleOrNumber)) return true;
  // The words joined ("etat-civil" -> etatcivil), built only when they can start a role word: most local parts are people's names.
  if (words.length > 1 && (first.length < 3 || rolePrefixes().has(prefixKey(first))) && isRoleWord(words.join(''))) return true;
  if (!HYPHENATED_WORDS.test(local)) return false;
  const names = firstNames();
  return !words.some((w) => names.has(w) || SURNAME_PARTICLES.has(w) || isNameThenParticle(w, names));
}

/**
 * A given name run into its surname's particle: "eudesle-roux" is Eudes Le-Roux written as
 * "prénomnom", and "jeanle-gall" Jean Le-Gall, whose words are neither a given name nor a particle
 * alone. A particle of two letters or more after a given name of three or more: a service's words
 * (petite-enfance, marches-publics) are not spelt so.
 */
function isNameThenParticle(word: string, names: ReadonlySet<string>): boolean {
  for (const particle of SURNAME_PARTICLES) {
    if (particle.length < 2 || word.length < particle.length + 3 || !word.endsWith(particle)) continue;
    if (names.has(word.slice(0, -particle.length))) return true;
  }
  return false;
}

/** email.lastIndexOf('@'), walked by hand: V8 runs lastIndexOf in its runtime, which costs more than the whole role test. */
function lastAt(email: string): number {
  for (let i = email.length - 1; i >= 0; i--) if (email.charCodeAt(i) === 64) return i;
  return -1;
}

/** Role words of three characters or fewer, and their plurals (rh, rhs), as prefixKey numbers. */
const shortRoleWords = lazy(() => {
  const keys = new Set<number>();
  const add = (w: string) => keys.add(prefixKey(w));
  for (const w of roleWords()) {
    if (w.length <= 3) add(w);
    if (w.length <= 2) {
      add(`${w}s`);
      add(`${w}x`);
    }
  }
  return keys;
});

/** Whether a word of `length` characters starting with the prefixKey `key` may be a role word (see isPersonalAtSight). */
const mayBeRole = (length: number, key: number) => (length >= 4 ? rolePrefixes().has(key) : shortRoleWords().has(key));

/**
 * A quick "no" for most people's addresses ("jeanne.morel", "b.cousin62"), without building a
 * string, for ASCII local parts: the first word has a letter and is no role word (words of four
 * or more by their first three characters, shorter ones whole), nor are the words joined, and the
 * local part is not hyphenated words alone. The others ("contact", "12", "le-gall", "+" tags)
 * take the whole test, whose answer this is.
 */
function isPersonalAtSight(email: string, at: number): boolean {
  const end = at < 0 ? email.length - 1 : at;
  // First word: length, first three codes, whether it has a letter; all words joined: length, first three codes.
  let words = 0;
  let firstLength = 0;
  let firstKey = 0;
  let letter = false;
  let joined = 0;
  let joinedKey = 0;
  let otherThanHyphens = false;
  let inWord = false;
  for (let i = 0; i < end; i++) {
    let c = email.charCodeAt(i);
    if (c > 127 || c === 43) return false;
    if (c >= 65 && c <= 90) c += 32;
    const alnum = (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
    if (!alnum) {
      inWord = false;
      if (c !== 45) otherThanHyphens = true;
      continue;
    }
    if (!inWord) {
      inWord = true;
      words++;
    }
    if (c <= 57) otherThanHyphens = true;
    if (joined < 3) joinedKey |= c << (16 - 8 * joined);
    joined++;
    if (words === 1) {
      if (firstLength < 3) firstKey |= c << (16 - 8 * firstLength);
      firstLength++;
      if (c >= 97) letter = true;
    }
  }
  if (words === 0 || !letter || (words > 1 && !otherThanHyphens)) return false;
  if (mayBeRole(firstLength, firstKey)) return false;
  return words === 1 || !mayBeRole(joined, joinedKey);
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
  // A word of four or more is a role, or a role's plural, only when a role word starts like it: one number looked up, no string hashed.
  if (word.length >= 4 && !rolePrefixes().has(prefixKey(word))) return false;
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
  // A bare address is tested as it is: isAddress takes either case, and lower-casing it cost more than the test.
  matchCell: (cell) => isAddress(cell.indexOf('<') < 0 && cell.indexOf(':') < 0 ? cell.trim() : normaliseAddress(cell)),
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
