import { compactCode as code, readCompact } from '../compact.js';
import { hasContextBefore } from '../context.js';
import { findAll, type Detector, type MatchSink } from '../detector.js';
import { lazy, readRuleJson } from '../rules.js';
import { ibanMod97Compact, ribKeyCompact } from '../validators.js';

interface IbanCountries {
  lengths: Record<string, number>;
  ribKey: string[];
  /** The registry's BBAN format: `5!n5!n11!c2!n` (n a digit, a an upper-case letter, c either). */
  bban: Record<string, string>;
}

/** A country's two letters as one number (A-Z each), so that a cell's country is looked up without building a string. */
const countryIndex = (first: number, second: number) => (first - 65) * 26 + (second - 65);
const COUNTRY_SLOTS = 26 * 26;

/** What each country's IBAN must be, by countryIndex; length 0 for no registered country. */
interface CountryRule {
  length: number;
  ribKey: boolean;
  /** The BBAN's classes a position (see bbanClasses) as character codes; null without a registered layout. */
  layout: Uint8Array | null;
  nationalKey: (() => boolean) | null;
}

const countries = lazy(() => {
  const file = readRuleJson<IbanCountries>('iban-countries.json');
  const ribKey = new Set(file.ribKey);
  const rules: (CountryRule | undefined)[] = new Array(COUNTRY_SLOTS);
  for (const [country, length] of Object.entries(file.lengths)) {
    const format = file.bban[country];
    rules[countryIndex(country.charCodeAt(0), country.charCodeAt(1))] = {
      length,
      ribKey: ribKey.has(country),
      layout: format === undefined ? null : Buffer.from(bbanClasses(format), 'latin1'),
      nationalKey: NATIONAL_KEYS[country] ?? null,
    };
  }
  return rules;
});

/** A BBAN format as one class a position: `2!n1!a` -> "nna". */
export function bbanClasses(format: string): string {
  let classes = '';
  for (const [, n, kind] of format.matchAll(/(\d+)!?([nac])/g)) classes += kind.repeat(Number(n));
  return classes;
}

const CLASS_DIGIT = 110; // 'n'
const CLASS_LETTER = 97; // 'a'

/** Whether the value last read, from character 4, has its country's BBAN layout. */
function hasLayout(classes: Uint8Array, length: number): boolean {
  if (classes.length !== length - 4) return false;
  for (let i = 0; i < classes.length; i++) {
    const c = code(i + 4);
    const digit = c >= 48 && c <= 57;
    if ((classes[i] === CLASS_DIGIT && !digit) || (classes[i] === CLASS_LETTER && digit)) return false;
  }
  return true;
}

/**
 * An IBAN of any registered country: the country's length and BBAN layout (letters and digits
 * where the registry puts them), mod 97, and the account's own key where the country publishes
 * one: the French RIB key (France, Monaco and the territories), Spain's two control digits,
 * Italy's and San Marino's CIN letter, Belgium's mod 97 (a typo that mod 97 misses, these often catch).
 */
function isValidIban(value: string): boolean {
  const length = readCompact(value);
  if (length < 15) return false;
  const first = code(0);
  const second = code(1);
  if (first < 65 || first > 90 || second < 65 || second > 90) return false;
  const rule = countries()[countryIndex(first, second)];
  // Check digits run from 02 to 98: 00, 01 and 99 cannot come out of the key computation.
  const check = (code(2) - 48) * 10 + code(3) - 48;
  if (rule === undefined || rule.length !== length || check < 2 || check > 98 || !ibanMod97Compact(length)) return false;
  if (rule.layout !== null && !hasLayout(rule.layout, length)) return false;
  if (rule.ribKey) return ribKeyCompact(length, 4);
  return rule.nationalKey === null || rule.nationalKey();
}

/** Digit value of the compact character at `i`. */
const digitAt = (i: number) => code(i) - 48;

/** Spain: DC1 over 00 + bank + branch, DC2 over the account, weights 1 2 4 8 5 10 9 7 3 6 mod 11. */
function spanishKey(): boolean {
  const weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const dc = (digits: number[]) => {
    const d = 11 - (digits.reduce((sum, x, i) => sum + x * weights[i], 0) % 11);
    return d === 11 ? 0 : d === 10 ? 1 : d;
  };
  const at = (from: number, n: number) => Array.from({ length: n }, (_, i) => digitAt(from + i));
  return dc([0, 0, ...at(4, 8)]) === digitAt(12) && dc(at(14, 10)) === digitAt(13);
}

/** Italy's and San Marino's CIN: a letter from the 22 characters after it, odd positions through a table. */
const CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function italianKey(): boolean {
  let sum = 0;
  for (let i = 0; i < 22; i++) {
    const c = code(5 + i);
    const value = c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? CIN_ODD[value] : value;
  }
  return code(4) === 65 + (sum % 26);
}

/** Belgium: the first ten digits mod 97 (97 for 0) are the last two. */
function belgianKey(): boolean {
  let rest = 0;
  for (let i = 4; i < 14; i++) rest = (rest * 10 + digitAt(i)) % 97;
  return (rest === 0 ? 97 : rest) === digitAt(14) * 10 + digitAt(15);
}

const NATIONAL_KEYS: Partial<Record<string, () => boolean>> = { ES: spanishKey, IT: italianKey, SM: italianKey, BE: belgianKey };

/** A bare RIB, spaced or not. */
const isValidRib = (value: string): boolean => ribKeyCompact(readCompact(value), 0);

/**
 * Groups of 4 separated by one kind of separator throughout (space, dot or hyphen) or none, in
 * either case ("fr76-3000-6000-…" as typed in a form). The search starts at the check digits and
 * looks back for the country's two letters: prose has few digits, while starting at letters would
 * try every word of it (lower case allowed, every word start is a candidate: 4 times slower).
 */
const IBAN_TEXT = /\d(?<=(?:^|[^\w])[A-Za-z]{2}\d)\d([ .-]?)[A-Za-z0-9]{4}(?:\1[A-Za-z0-9]{4}){1,6}(?:\1[A-Za-z0-9]{1,4})?(?!\w)/g;

/** IBANs in text: each match with its two letters before it. */
function findIbans(text: string, emit: MatchSink): void {
  IBAN_TEXT.lastIndex = 0;
  for (let m = IBAN_TEXT.exec(text); m !== null; m = IBAN_TEXT.exec(text)) {
    const index = m.index - 2;
    const value = text.slice(index, m.index + m[0].length);
    if (isValidIban(value)) emit({ entity: 'iban', value, index });
  }
}

export const ibanDetector: Detector = {
  id: 'iban',
  entity: 'iban',
  validator: 'ibanMod97+bban+nationalKeys',
  matchCell: isValidIban,
  find: findIbans,
  examples: {
    match: ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189', 'fr76-3000-6000-0112-3456-7890-189', 'FR76 300 060 000 112 345 678 90189', 'DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'MC58 1122 2000 0101 2345 6789 030', 'NO93 8601 1117 947', 'ES91 2100 0418 4502 0005 1332', 'IT60 X054 2811 1010 0000 0123 456', 'BE68 5390 0754 7034'],
    noMatch: ['FR76 3000 6000 0112 3456 7890 188', 'FR76300060000112345678901', 'Prix HT', 'XX89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 0000', 'ES21 2100 0418 4502 0005 1331', 'NL56 3003 0A17 1643 00'],
  },
  textExamples: [
    { text: 'IBAN : FR76 3000 6000 0112 3456 7890 189 (BIC BNPAFRPP)', values: ['FR76 3000 6000 0112 3456 7890 189'] },
    { text: 'iban fr76.3000.6000.0112.3456.7890.189, merci', values: ['fr76.3000.6000.0112.3456.7890.189'] },
    { text: 'Réf. FR76 3000 6000 0112 3456 7890 188', values: [] },
  ],
};

/** A French RIB in one value: bank (5), branch (5), account (11), key (2), spaced or not. */
const RIB_TEXT = /\d(?<![\w]\d)\d{4}[ ]?\d{5}[ ]?[0-9A-Z]{11}[ ]?\d{2}(?!\w)/g;

export const ribDetector: Detector = {
  id: 'rib',
  entity: 'rib',
  validator: 'ribKey',
  matchCell: isValidRib,
  // A bare RIB in text is 23 characters that could be anything: its key and a context word ("RIB").
  find: (text, emit) => findAll(text, emit, RIB_TEXT, 'rib', 0, (value, index) => isValidRib(value) && hasContextBefore(text, index, 'rib')),
  examples: {
    match: ['30006 00001 12345678901 89', '30006000011234567890189', '20041 01005 0500013M026 06'],
    noMatch: ['30006 00001 12345678901 88', '3000600001123456789018', 'FR7630006000011234567890189'],
  },
  textExamples: [
    { text: 'RIB : 30006 00001 12345678901 89', values: ['30006 00001 12345678901 89'] },
    { text: 'Lot 30006 00001 12345678901 89', values: [] },
  ],
};
