import type { Detector } from '../detector.js';
import { findAll } from '../detector.js';
import { SCAN_LETTER } from '../letters.js';

/**
 * White space inside text patterns: never two runs side by side (`\s*[:#]?\s*`), which a regex
 * shares out in every way before it fails, quadratic on a long run of spaces.
 */
const SPACE = '\\s*';
const SPACES = '\\s+';

/** An account-number shape: optional letter prefix, then mostly digits ("0835154188", "ABO-12345678", "CL/2022/0042"). */
const CELL = /^[A-Za-z]{0,6}[-/_. ]?\d[\d/_.-]{3,22}[A-Za-z]?$/;
/**
 * In text a customer number needs its context word before it: "contrat n° 0835154188",
 * "N° d'abonné : ABO-12345678", "référence client 4471". An invoice number is not a customer id.
 */
const TEXT = new RegExp(
  [
    `(?:n°|no\\.?|num(?:é|e)ro|r(?:é|e)f(?:(?:é|e)rence)?\\.?|code|identifiant|id)${SPACE}(?:de${SPACES}|d['’]${SPACE}|du${SPACES})?`,
    `(?:abonn(?:é|e)e?|abonnement|client|contrat|compte(?:${SPACES}client)?|adh(?:é|e)rent|dossier|police)${SPACE}(?:[:#]${SPACE})?(?:n°${SPACE})?`,
    '([A-Z0-9][A-Z0-9/-]{3,24})',
    `|(?:contrat|abonnement|client|abonn(?:é|e)e?|adh(?:é|e)rent|dossier)${SPACE}(?:n°|no\\.?|num(?:é|e)ro)${SPACE}(?:[:#]${SPACE})?([A-Z0-9][A-Z0-9/-]{3,24})`,
  ].join(''),
  'gi',
);

/** At least four digits: "ABO-12", "CL-A" are no account numbers. Counted, not matched: it runs on every cell of id columns. */
function hasDigits(v: string): boolean {
  let digits = 0;
  for (let i = 0; i < v.length && digits < 4; i++) if (v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) digits++;
  return digits >= 4;
}

export const customerIdDetector: Detector = {
  id: 'customer-id',
  entity: 'customer-id',
  matchCell: (cell) => CELL.test(cell) && hasDigits(cell),
  find: (text, emit) => {
    TEXT.lastIndex = 0;
    for (let m = TEXT.exec(text); m !== null; m = TEXT.exec(text)) {
      const value = m[1] ?? m[2];
      if (hasDigits(value)) emit({ entity: 'customer-id', value, index: m.index + m[0].lastIndexOf(value) });
    }
  },
  examples: {
    match: ['0835154188', 'ABO-12345678', 'CL/2022/0042', '4471-22', 'M123456'],
    noMatch: ['12', 'Particulier', 'abc-def', '12,50 €', 'jeanne@example.com'],
  },
  textExamples: [
    { text: 'Contrat n° 0835154188 – 12 rue des Lilas', values: ['0835154188'] },
    { text: "N° d'abonné : ABO-12345678.", values: ['ABO-12345678'] },
    { text: 'Votre facture n° F123456789 est disponible.', values: [] },
  ],
};

/** Birth dates: a plausible day, month and year, as dd/mm/yyyy (or - and .) or ISO yyyy-mm-dd. */
const DATE_TEXT = new RegExp(
  `(?:n(?:é|e)e?(?:${SPACE}\\(e\\))?${SPACES}le|date${SPACES}de${SPACES}naissance(?:${SPACE}:)?|naissance${SPACE}:)${SPACE}(\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4})`,
  'gi',
);

/** Number of digits from `from` on. */
function digitRun(v: string, from: number): number {
  let i = from;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  return i - from;
}

/** The number written by `count` digits from `from` (digits checked by the caller), read without slicing a string per part. */
function numberAt(v: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + v.charCodeAt(i) - 48;
  return n;
}
const isDateSeparator = (c: number) => c === 47 || c === 46 || c === 45; // / . -

/**
 * A date as d/m/yyyy (separators / . or -, day and month of one or two digits) or ISO
 * yyyy-mm-dd, with a plausible day, month and year. Read digit by digit, without a regex: it runs
 * on every cell of birth-date columns.
 */
function isPlausibleDate(value: string): boolean {
  const v = value.trim();
  const first = digitRun(v, 0);
  let day: number;
  let month: number;
  let year: number;
  if (first === 4) {
    if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || digitRun(v, 5) !== 2 || digitRun(v, 8) !== 2) return false;
    year = numberAt(v, 0, 4);
    month = numberAt(v, 5, 2);
    day = numberAt(v, 8, 2);
  } else {
    if (first < 1 || first > 2 || !isDateSeparator(v.charCodeAt(first))) return false;
    const second = digitRun(v, first + 1);
    const yearAt = first + second + 2;
    if (second < 1 || second > 2 || !isDateSeparator(v.charCodeAt(yearAt - 1)) || digitRun(v, yearAt) !== 4 || yearAt + 4 !== v.length) return false;
    day = numberAt(v, 0, first);
    month = numberAt(v, first + 1, second);
    year = numberAt(v, yearAt, 4);
  }
  return year >= 1900 && year <= 2035 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Birth-date cells are trusted only in a column whose header says so (see score/profile-columns). */
export const birthDateDetector: Detector = {
  id: 'birth-date',
  entity: 'birth-date',
  matchCell: isPlausibleDate,
  find: (text, emit) => findAll(text, emit, DATE_TEXT, 'birth-date', 1, isPlausibleDate),
  examples: { match: ['12/03/1975', '1-2-1980', '1975-03-12', '31.12.1999'], noMatch: ['32/01/1980', '12/13/1980', '12/03/75', '1850-01-01', '83400', '1975/03/12', '1975-3-12', '12/03/19755', '123/03/1975', '12//1975', '12/03/1975 10:00'] },
  textExamples: [
    { text: 'Jeanne Morel, née le 12/03/1975 à Toulon', values: ['12/03/1975'] },
    { text: 'Réunion le 12/03/2022', values: [] },
  ],
};

/** A commune name: letters, spaces, hyphens, apostrophes ("La Seyne-sur-Mer", "SAINT-TROPEZ"), optionally CEDEX. */
const CITY_CELL = /^(?=.*\p{L}{2})[\p{L}][\p{L}'’ -]{0,45}(?:\s+cedex(?:\s+\d{1,2})?)?$/iu;
/** The same on Latin letters without the `u` flag: the fast path for nearly every cell (see letters.ts). */
const CITY_CELL_LATIN = new RegExp(`^(?=.*[${SCAN_LETTER}]{2})[${SCAN_LETTER}][${SCAN_LETTER}'’ -]{0,45}(?:\\s+cedex(?:\\s+\\d{1,2})?)?$`, 'i');

export const cityDetector: Detector = {
  id: 'city',
  entity: 'city',
  matchCell: (cell) => CITY_CELL_LATIN.test(cell) || CITY_CELL.test(cell),
  find: () => {},
  examples: { match: ['Toulon', 'La Seyne-sur-Mer', 'SAINT-TROPEZ', "L'Isle-sur-la-Sorgue", 'Toulon Cedex 9'], noMatch: ['83000', '12 rue des Lilas', 'x', 'SKU-RB12345'] },
  textExamples: [],
};
