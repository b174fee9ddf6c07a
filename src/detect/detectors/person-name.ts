import type { Detector, TextMatch } from '../detector.js';
import { fold, stripAccents } from '../fold.js';
import { lazy, readRuleText } from '../rules.js';

const ruleLines = (name: string) => readRuleText(name).split('\n').filter((l) => l && !l.startsWith('#'));

/**
 * Given names (rules/first-names-fr.txt), folded, less the words that are mostly articles or
 * place-name parts in French (rules/name-stopwords.txt: "la", "saint", "val"). Evidence, not proof:
 * "Rose" is also a colour.
 */
export const firstNames = lazy(() => {
  const stop = new Set(ruleLines('name-stopwords.txt'));
  return new Set(ruleLines('first-names-fr.txt').filter((n) => !stop.has(n)));
});

const CIVILITY = /^(?:m|mr|mme|mlle|melle|monsieur|madame|mademoiselle|dr|me)\.?\s+/i;
/** A name word: letters with inner hyphens or apostrophes ("Jean-Pierre", "d'Artois", "DE LA TOUR"). */
const NAME_WORD = /^\p{L}[\p{L}'’-]*$/u;
/** Surname particles: "de La Tour", "Le Gall", "Ben Ali". */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'du', 'des', 'd', 'le', 'la', 'les', 'van', 'von', 'der', 'di', 'da', 'dos', 'ben', 'el', 'al']);

/**
 * True for a given name written as one word: "Jeanne", "Jean-Pierre" (listed with its hyphen, or
 * each part listed: "Marie-Ophélie").
 */
export function isGivenName(word: string): boolean {
  const key = stripAccents(word);
  const names = firstNames();
  return names.has(key) || (key.includes('-') && key.split('-').every((part) => names.has(part)));
}

/** True when every word of the cell (split on spaces and hyphens) is a known given name. */
export function isFirstName(cell: string): boolean {
  const words = fold(cell).split(' ');
  if (words.length === 0 || words.length > 3 || words[0] === '') return false;
  const names = firstNames();
  return words.every((w) => names.has(w));
}

/** Shape of a surname cell: 1 to 4 letter words, particles allowed, no digits. */
export function looksLikeSurname(cell: string): boolean {
  if (cell.length < 2 || cell.length > 50) return false;
  const words = cell.split(/\s+/);
  return words.length <= 4 && words.every((w) => NAME_WORD.test(w)) && /\p{L}{2}/u.test(cell);
}

/** "Jeanne Morel", "MOREL Jeanne", "Mme Jeanne Morel": 2-4 name words, one of them a given name. */
export function isFullName(cell: string): boolean {
  const words = cell.replace(CIVILITY, '').split(/\s+/);
  if (words.length < 2 || words.length > 4 || !words.every((w) => NAME_WORD.test(w))) return false;
  if (!words.every((w) => /^\p{Lu}/u.test(w) || SURNAME_PARTICLES.has(fold(w)))) return false;
  return words.some(isGivenName);
}

// Names never span lines: separators are spaces and tabs only, never \s (which takes newlines).
const UPPER_WORD = "\\p{Lu}{2,}(?:[-'’ ]\\p{Lu}{2,})?";
const CAP_WORD = '\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?';
const TEXT_PATTERNS: { re: RegExp; given: number }[] = [
  // Civility then a capitalised name: "Mme Morel", "Monsieur Jean DUPONT". Group 1 is the name.
  { re: new RegExp(`(?<!\\p{L})(?:M\\.|Mr\\.?|Mme|Mlle|Monsieur|Madame|Mademoiselle)[ \\t]+((?:\\p{Lu}[\\p{L}'’-]+[ \\t]+){0,2}\\p{Lu}[\\p{L}'’-]+)`, 'gu'), given: 0 },
  // "Jeanne MOREL": a given name then an upper-case surname.
  { re: new RegExp(`(?<!\\p{L})(${CAP_WORD})[ \\t]+(${UPPER_WORD})(?!\\p{L})`, 'gu'), given: 1 },
  // "MOREL Jeanne": an upper-case surname then a given name.
  { re: new RegExp(`(?<!\\p{L})(${UPPER_WORD})[ \\t]+(${CAP_WORD})(?!\\p{L})`, 'gu'), given: 2 },
  // "Jeanne Morel": two capitalised words, the first a given name.
  { re: new RegExp(`(?<!\\p{L})(${CAP_WORD})[ \\t]+(\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?)(?!\\p{L})`, 'gu'), given: 1 },
];

/** Person names in text. Overlapping matches of later patterns are dropped. */
function findNames(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  const taken: [number, number][] = [];
  for (const { re, given } of TEXT_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (given > 0 && !isGivenName(m[given])) {
        re.lastIndex = start + 1;
        continue;
      }
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      taken.push([start, end]);
      const value = given === 0 ? m[1] : m[0];
      out.push({ entity: 'full-name', value, index: given === 0 ? start + m[0].indexOf(m[1]) : start });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Full names in a cell or in text; first-name and last-name cells are checked by their own detectors. */
export const fullNameDetector: Detector = {
  id: 'person-name',
  entity: 'full-name',
  matchCell: isFullName,
  find: findNames,
  examples: {
    match: ['Jeanne Morel', 'MOREL Jeanne', 'Mme Jeanne Morel', 'Jean-Pierre de La Tour', 'Kévin LE GALL'],
    noMatch: ['Robinet laiton DN15', 'Morel', 'État civil', 'Police municipale', 'Abonnement (part fixe)', '12 rue des Lilas'],
  },
  textExamples: [
    { text: 'Bonjour Madame Morel, votre contrat', values: ['Morel'] },
    { text: 'DUPONT Jean ; Jeanne MOREL ; Paul Roux', values: ['DUPONT Jean', 'Jeanne MOREL', 'Paul Roux'] },
    { text: 'Robinet Laiton et Vanne Papillon', values: [] },
  ],
};

export const firstNameDetector: Detector = {
  id: 'first-name',
  entity: 'first-name',
  matchCell: isFirstName,
  find: () => [],
  examples: { match: ['Jeanne', 'Jean-Pierre', 'Kévin', 'Marie Claire'], noMatch: ['Robinet', 'DN15', '83400', 'Toulon-sur-Mer'] },
  textExamples: [],
};

export const lastNameDetector: Detector = {
  id: 'last-name',
  entity: 'last-name',
  matchCell: looksLikeSurname,
  find: () => [],
  examples: { match: ['MOREL', 'Le Gall', "d'Artois", 'DE LA TOUR', 'Müller-Schmidt'], noMatch: ['12', 'A', 'SKU-RB12345', 'jeanne@example.com', 'Ligne 1 2 3 4 5'] },
  textExamples: [],
};
