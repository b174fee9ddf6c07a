import { readFileSync } from 'node:fs';
import type { Detector, MatchSink, TextMatch } from '../detector.js';
import { fold, stripAccents } from '../fold.js';
import { isCapitalised, isUpperWord, SCAN_LETTER, SCAN_UPPER } from '../letters.js';
import { PackedStringSet } from '../packed-string-set.js';
import { readPrebuilt, type PrebuiltIndex } from '../prebuilt.js';
import { lazy, packageFile, readRuleText } from '../rules.js';

const ruleLines = (name: string) => readRuleText(name).split('\n').filter((l) => l && !l.startsWith('#'));

/**
 * Given names (rules/first-names-fr.txt), folded, less the words that are mostly articles or
 * place-name parts in French (rules/name-stopwords.txt: "la", "saint", "val"). Evidence, not proof:
 * "Rose" is also a colour.
 */
const nameStopwords = lazy(() => new Set(ruleLines('name-stopwords.txt')));

export const firstNames = lazy(() => {
  const stop = nameStopwords();
  return new Set(ruleLines('first-names-fr.txt').filter((n) => !stop.has(n)));
});

/**
 * Surnames (and other personal names) from the humannames package (MIT, © 2017 Alex Corvi): 197,000
 * first and last names from censuses and public profiles, French family names among them (135 of
 * the 137 most common, checked). No openly licensed French surname registry is on npm and INSEE's
 * file cannot be fetched here; see rules/README.md. Evidence with shape, never proof on its own.
 */
const NAMES_PACKAGE = 'humannames';

/** The list folded as look-ups fold a word, names of one letter left out: compiled into dist/data/ by the build. */
export const KNOWN_NAMES_INDEX: PrebuiltIndex = {
  file: 'known-names.txt',
  sourcePackage: NAMES_PACKAGE,
  compile: () =>
    // Folded in one pass over the whole list, as stripAccents folds one word: 197,000 separate
    // normalisations would leave tens of megabytes of short-lived strings.
    stripAccents(readFileSync(packageFile(`${NAMES_PACKAGE}/list.txt`), 'utf8'))
      .replace(/^[ \t]+|[ \t\r]+$/gm, '')
      .split('\n')
      .filter((name) => name.length >= 2)
      .join('\n'),
};

const knownNames = lazy(() => new PackedStringSet(readPrebuilt(KNOWN_NAMES_INDEX)));

/** True for a word found in the personal-name list ("Morel", "LEFEBVRE", "Nguyen"). */
export function isKnownName(word: string): boolean {
  const key = stripAccents(word);
  // Stop words are left out here rather than in the compiled list, so that editing rules/ needs no rebuild.
  return knownNames().has(key) && !nameStopwords().has(key);
}

/** French and English civilities and titles, with or without the dot: M., Mme, Mlle, Me (maître), Dr, Pr, Mr, Mrs, Ms. */
const CIVILITY = /^(?:m|mr|mrs|ms|mme|mlle|melle|monsieur|madame|mademoiselle|dr|pr|me)\.?\s+/i;
/** A name word: letters with inner hyphens or apostrophes ("Jean-Pierre", "d'Artois", "DE LA TOUR"). */
const NAME_WORD = /^\p{L}[\p{L}'’-]*$/u;
const CAPITALISED_START = /^\p{Lu}/u;
const isNameWord = (word: string) => NAME_WORD.test(word);
/** A word of a name: capitalised, or a surname's particle (de, van, ...). */
const isCapitalisedOrParticle = (word: string) => CAPITALISED_START.test(word) || SURNAME_PARTICLES.has(fold(word));
/** Surname particles: "de La Tour", "Le Gall", "Ben Ali". */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set(['de', 'du', 'des', 'd', 'le', 'la', 'les', 'van', 'von', 'der', 'di', 'da', 'dos', 'ben', 'el', 'al']);

/**
 * True for a given name written as one word: "Jeanne", "Jean-Pierre" (listed with its hyphen, or
 * each part listed: "Marie-Ophélie").
 */
function isGivenName(word: string): boolean {
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

/** 1 to 4 name words; Latin classes first (fast, see letters.ts), any script second. */
const SURNAME_LATIN = new RegExp(`^(?=[^]*[${SCAN_LETTER}]{2})[${SCAN_LETTER}][${SCAN_LETTER}'’-]*(?:\\s+[${SCAN_LETTER}][${SCAN_LETTER}'’-]*){0,3}$`);
const SURNAME_ANY = /^(?=.*\p{L}{2})\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,3}$/u;

/** Shape of a surname cell: 1 to 4 letter words, particles allowed, no digits. */
export function looksLikeSurname(cell: string): boolean {
  if (cell.length < 2 || cell.length > 50) return false;
  return SURNAME_LATIN.test(cell) || SURNAME_ANY.test(cell);
}

/**
 * "Jeanne Morel", "MOREL Jeanne", "Mme Jeanne Morel": 2-4 name words, one of them a given name.
 * After a civility a surname alone is a person too ("Mme DURAND", "Dr Le Gall"): written in
 * capitals or in the personal-name list, and not after a lower-case article ("M. le Maire").
 */
function isFullName(cell: string): boolean {
  const rest = cell.replace(CIVILITY, '');
  const civility = rest.length !== cell.length;
  const words = rest.split(/\s+/);
  if (words.length < (civility ? 1 : 2) || words.length > 4 || !words.every(isNameWord)) return false;
  if (!words.every(isCapitalisedOrParticle)) return false;
  // "M. le Maire", "Mme la Présidente": a title, not a name (after a civility a name's particle is capitalised: "M. Le Gall").
  if (civility && !CAPITALISED_START.test(words[0])) return false;
  if (civility && words.some((w) => isUpperWord(w) || isKnownName(w))) return true;
  return words.some(isGivenName) || (words.length === 2 && words.every(isKnownName) && words.some(isUpperWord));
}

// Names never span lines: separators are spaces and tabs only, never \s (which takes newlines).
// Latin classes, not \p{L}: see letters.ts (the text scan must run at hundreds of MB/s).
const CIVILITY_WORDS = 'M\\.?|Mr\\.?|Mrs\\.?|Ms\\.?|Mme\\.?|Mlle\\.?|Melle\\.?|Me\\.?|Dr\\.?|Pr\\.?|Monsieur|Madame|Mademoiselle';
const NAME_CHARS = `[${SCAN_LETTER}'’-]`;
/** Civility then one to three capitalised words: "Mme Morel", "Monsieur Jean DUPONT". Group 1 is the name. */
const CIVILITY_NAME = new RegExp(
  `(?:${CIVILITY_WORDS})(?<![${SCAN_LETTER}](?:${CIVILITY_WORDS}))[ \\t]+((?:[${SCAN_UPPER}]${NAME_CHARS}+[ \\t]+){0,2}[${SCAN_UPPER}]${NAME_CHARS}+)`,
  'g',
);
/** Two to four capitalised words in a row, starting at a word start: the candidates for a name. */
const CAPITALISED_RUN = new RegExp(`[${SCAN_UPPER}](?<![${SCAN_LETTER}'’-][${SCAN_UPPER}])${NAME_CHARS}*(?:[ \\t]+[${SCAN_UPPER}]${NAME_CHARS}*){1,3}`, 'g');

const isGivenWord = (word: string) => isCapitalised(word) && isGivenName(word);

/**
 * The name inside a run of capitalised words, as word indexes [from, to): "Jeanne MOREL",
 * "LE GALL Kévin", "Jeanne Morel". A given name from the list is required, except after a civility.
 */
function nameInRun(words: string[], from: number): [number, number] | null {
  for (let i = from; i + 1 < words.length; i++) {
    const [a, b] = [words[i], words[i + 1]];
    if (isGivenWord(a) && isUpperWord(b)) return [i, i + 2 < words.length && isUpperWord(words[i + 2]) ? i + 3 : i + 2];
    if (isUpperWord(a) && isGivenWord(b)) return [i > from && isUpperWord(words[i - 1]) ? i - 1 : i, i + 2];
    if (isGivenWord(a) && isCapitalised(b)) return [i, i + 2];
    // "MOREL Nadir": an upper-case surname before a capitalised word, both in the personal-name list.
    if (isUpperWord(a) && isCapitalised(b) && isKnownName(a) && isKnownName(b)) return [i, i + 2];
  }
  return null;
}

/** Person names in text: after a civility, or a given name beside a surname-shaped word. */
function findNames(text: string, emit: MatchSink): void {
  // Names after a civility first: no other name takes their words, and they are handed on in text order among the others.
  const civil: TextMatch[] = [];
  CIVILITY_NAME.lastIndex = 0;
  for (let m = CIVILITY_NAME.exec(text); m !== null; m = CIVILITY_NAME.exec(text)) {
    civil.push({ entity: 'full-name', value: m[1], index: m.index + m[0].length - m[1].length });
  }
  CAPITALISED_RUN.lastIndex = 0;
  let c = 0;
  let t = 0;
  for (let m = CAPITALISED_RUN.exec(text); m !== null; m = CAPITALISED_RUN.exec(text)) {
    const words = m[0].split(/[ \t]+/);
    const offsets: number[] = [];
    for (let i = 0, at = 0; i < words.length; i++) {
      at = m[0].indexOf(words[i], at);
      offsets.push(at);
      at += words[i].length;
    }
    for (let found = nameInRun(words, 0); found !== null; found = nameInRun(words, found[1])) {
      const start = m.index + offsets[found[0]];
      const end = m.index + offsets[found[1] - 1] + words[found[1] - 1].length;
      while (t < civil.length && civil[t].index + civil[t].value.length <= start) t++;
      if (t < civil.length && civil[t].index < end) continue;
      while (c < civil.length && civil[c].index <= start) emit(civil[c++]);
      emit({ entity: 'full-name', value: text.slice(start, end), index: start });
    }
  }
  while (c < civil.length) emit(civil[c++]);
}

/** Full names in a cell or in text; first-name and last-name cells are checked by their own detectors. */
export const fullNameDetector: Detector = {
  id: 'person-name',
  entity: 'full-name',
  matchCell: isFullName,
  matchKnownCell: looksLikeSurname,
  find: findNames,
  examples: {
    match: ['Jeanne Morel', 'MOREL Jeanne', 'Mme Jeanne Morel', 'Jean-Pierre de La Tour', 'Kévin LE GALL', 'Mme DURAND', 'M. DURAND', 'M DURAND', 'Mlle Morel', 'Dr Le Gall', 'Pr. MARTIN', 'Me Lefebvre', 'Mrs Morel', 'Ms MOREL', 'Mr. Paul Roux'],
    noMatch: ['Robinet laiton DN15', 'Morel', 'État civil', 'Police municipale', 'Abonnement (part fixe)', '12 rue des Lilas', 'M. le Maire', 'Mme la Directrice', 'M. Robinetterie', 'Dr'],
  },
  textExamples: [
    { text: 'Bonjour Madame Morel, votre contrat', values: ['Morel'] },
    { text: 'Destinataires : Mme DURAND, M DUPONT, Dr Le Gall, Me Lefebvre, Pr. MARTIN, Ms Morel, Mrs Roux', values: ['DURAND', 'DUPONT', 'Le Gall', 'Lefebvre', 'MARTIN', 'Morel', 'Roux'] },
    { text: 'DUPONT Jean ; Jeanne MOREL ; Paul Roux', values: ['DUPONT Jean', 'Jeanne MOREL', 'Paul Roux'] },
    { text: 'Robinet Laiton et Vanne Papillon', values: [] },
  ],
};

export const firstNameDetector: Detector = {
  id: 'first-name',
  entity: 'first-name',
  matchCell: isFirstName,
  matchKnownCell: looksLikeSurname,
  find: () => {},
  examples: { match: ['Jeanne', 'Jean-Pierre', 'Kévin', 'Marie Claire'], noMatch: ['Robinet', 'DN15', '83400', 'Toulon-sur-Mer'] },
  textExamples: [],
};

export const lastNameDetector: Detector = {
  id: 'last-name',
  entity: 'last-name',
  matchCell: looksLikeSurname,
  find: () => {},
  examples: { match: ['MOREL', 'Le Gall', "d'Artois", 'DE LA TOUR', 'Müller-Schmidt'], noMatch: ['12', 'A', 'SKU-RB12345', 'jeanne@example.com', 'Ligne 1 2 3 4 5'] },
  textExamples: [],
};
