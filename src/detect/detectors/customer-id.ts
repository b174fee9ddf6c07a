import type { Detector } from '../detector.js';
import { findAll } from '../detector.js';
import { SCAN_LETTER } from '../letters.js';

/** An account-number shape: optional letter prefix, then mostly digits ("0835154188", "ABO-12345678", "CL/2022/0042"). */
const CELL = /^[A-Za-z]{0,6}[-/_. ]?\d[\d/_.-]{3,22}[A-Za-z]?$/;
/**
 * In text a customer number needs its context word before it: "contrat n° 0835154188",
 * "N° d'abonné : ABO-12345678", "référence client 4471". An invoice number is not a customer id.
 */
const TEXT = new RegExp(
  [
    "(?:n°|no\\.?|num(?:é|e)ro|r(?:é|e)f(?:(?:é|e)rence)?\\.?|code|identifiant|id)\\s*(?:de\\s+|d['’]\\s*|du\\s+)?",
    '(?:abonn(?:é|e)e?|abonnement|client|contrat|compte(?:\\s+client)?|adh(?:é|e)rent|dossier|police)\\s*[:#]?\\s*(?:n°\\s*)?',
    '([A-Z0-9][A-Z0-9/-]{3,24})',
    '|(?:contrat|abonnement|client|abonn(?:é|e)e?|adh(?:é|e)rent|dossier)\\s*(?:n°|no\\.?|num(?:é|e)ro)\\s*[:#]?\\s*([A-Z0-9][A-Z0-9/-]{3,24})',
  ].join(''),
  'gi',
);

const hasDigits = (v: string) => (v.match(/\d/g)?.length ?? 0) >= 4;

export const customerIdDetector: Detector = {
  id: 'customer-id',
  entity: 'customer-id',
  matchCell: (cell) => CELL.test(cell) && hasDigits(cell),
  find: (text) => {
    const out = [];
    TEXT.lastIndex = 0;
    for (let m = TEXT.exec(text); m !== null; m = TEXT.exec(text)) {
      const value = m[1] ?? m[2];
      if (hasDigits(value)) out.push({ entity: 'customer-id' as const, value, index: m.index + m[0].lastIndexOf(value) });
    }
    return out;
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
const DATE_CELL = /^(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2}))$/;
const DATE_TEXT = /(?:n(?:é|e)e?(?:\s*\(e\))?\s+le|date\s+de\s+naissance\s*:?|naissance\s*:)\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})/gi;

function isPlausibleDate(value: string): boolean {
  const m = DATE_CELL.exec(value.trim());
  if (!m) return false;
  const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : [m[6], m[5], m[4]];
  const day = Number(d);
  const month = Number(mo);
  const year = Number(y);
  return year >= 1900 && year <= 2035 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Birth-date cells are trusted only in a column whose header says so (see score/profile-columns). */
export const birthDateDetector: Detector = {
  id: 'birth-date',
  entity: 'birth-date',
  matchCell: isPlausibleDate,
  find: (text) => findAll(text, DATE_TEXT, 'birth-date', 1, isPlausibleDate),
  examples: { match: ['12/03/1975', '1-2-1980', '1975-03-12', '31.12.1999'], noMatch: ['32/01/1980', '12/13/1980', '12/03/75', '1850-01-01', '83400'] },
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
  find: () => [],
  examples: { match: ['Toulon', 'La Seyne-sur-Mer', 'SAINT-TROPEZ', "L'Isle-sur-la-Sorgue", 'Toulon Cedex 9'], noMatch: ['83000', '12 rue des Lilas', 'x', 'SKU-RB12345'] },
  textExamples: [],
};
