import { charCode, isAsciiDigit } from '../detect/char-code.js';
import { fold } from '../detect/fold.js';
import { lazy, requirePackage } from '../detect/rules.js';
import { ibanMod97 } from '../detect/validators.js';
import { normaliseAddress } from '../model/normalise-address.js';
import type { FingerprintKind } from './kinds.js';

/**
 * One spelling per value, the same when the customer base is fingerprinted and when a mail is
 * matched: a subscriber number typed `00 123-456` in the base and `123456` in a spreadsheet that
 * dropped its zeros, an e-mail in capitals, a phone in national or international form, an IBAN in
 * groups of four. Each returns null for a value that is not one of its kind.
 */
export const NORMALISERS: Record<Exclude<FingerprintKind, 'name-postcode'>, (value: string) => string | null> = {
  'customer-id': normaliseCustomerId,
  email: normaliseEmail,
  phone: normalisePhone,
  iban: normaliseIban,
  nir: normaliseNir,
};

/**
 * Letters and digits only, upper case, leading zeros of an all-digit number dropped (spreadsheets
 * drop them). At least 4 digits: shorter numbers (a floor, a house number) single nobody out.
 */
export function normaliseCustomerId(value: string): string | null {
  // Most values are compact already (digits, capitals): one pass says so, and nothing is copied.
  let digits = 0;
  const length = value.length;
  let compact = length <= 32;
  for (let i = 0; compact && i < length; i++) {
    const c = charCode(value, i);
    if (c >= 48 && c <= 57) digits++;
    else if (c < 65 || c > 90) compact = false;
  }
  if (!compact) {
    value = value.replace(/[\s./_-]+/g, '').toUpperCase();
    if (value.length > 32 || !/^[A-Z0-9]+$/.test(value)) return null;
    digits = 0;
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) <= 57) digits++;
  }
  if (digits < 4) return null;
  return digits === value.length && value.charCodeAt(0) === 48 ? value.replace(/^0+(?=\d)/, '') : value;
}

/**
 * The shape (fingerprint-file.ts's idShapeOf: length × 2^32 + a bit per letter's position) of
 * normaliseCustomerId's value of `value`, read from `value` without making that value: -1 when
 * normaliseCustomerId turns it away, NaN when a character past ASCII needs normaliseCustomerId
 * itself (upper case may make ASCII of it: ß is SS). A mailbox's tables hold hundreds of
 * thousands of dates, prices and phones with four digits or more, and nearly none has a shape of
 * the base's numbers: copying, upper-casing and testing each cost more than the rest of its look.
 */
export function customerIdShape(value: string): number {
  let length = 0;
  let letters = 0;
  let digits = 0;
  let zeros = 0;
  for (let i = 0, end = value.length; i < end; i++) {
    const c = charCode(value, i);
    if (c >= 48 && c <= 57) {
      if (c === 48 && zeros === length) zeros++;
      digits++;
      length++;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (length < 32) letters |= 1 << length;
      length++;
    } else if (c >= 128) {
      return NaN;
    } else if (!(c === 32 || (c >= 9 && c <= 13) || c === 46 || c === 47 || c === 95 || c === 45)) {
      // Not a separator normaliseCustomerId drops (white space . / _ -): no number.
      return -1;
    }
  }
  if (length > 32 || digits < 4) return -1;
  // An all-digit number loses its leading zeros, all but its last digit.
  if (digits === length) length -= Math.min(zeros, length - 1);
  return length * 2 ** 32 + (letters >>> 0);
}

export function normaliseEmail(value: string): string | null {
  const address = normaliseAddress(value);
  return EMAIL_SHAPE.test(address) ? address : null;
}

const EMAIL_SHAPE = /^[^\s@]{1,64}@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

/**
 * Whether a cell whose first @ is at `at` is an e-mail spelt as normaliseEmail spells it, read
 * without its copies and regex (a customer table has an address a row): 1 to 64 characters before
 * the @, none of them a capital, a character past ASCII, white space or a control, : or < (a
 * display name, mailto:); then two labels or more of a-z, 0-9 and - between dots. False sends the
 * cell to normaliseEmail, which gives its answer either way.
 */
export function isBareEmail(address: string, at: number): boolean {
  if (at < 1 || at > 64) return false;
  for (let i = 0; i < at; i++) {
    const c = charCode(address, i);
    if ((c >= 65 && c <= 90) || c >= 128 || c <= 32 || c === 58 || c === 60) return false;
  }
  let label = 0;
  let dots = 0;
  for (let i = at + 1, length = address.length; i < length; i++) {
    const c = charCode(address, i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) {
      label++;
    } else if (c === 46 && label > 0) {
      dots++;
      label = 0;
    } else {
      return false;
    }
  }
  return dots > 0 && label > 0;
}

type Parse = (text: string, defaultCountry: 'FR') => { isValid(): boolean; number: string } | undefined;
const parsePhone = lazy(() => requirePackage<{ parsePhoneNumberFromString: Parse }>('libphonenumber-js/min').parsePhoneNumberFromString);

/**
 * E.164 (`+33465711234`). French numbers, nearly all of them, by their shape (national 0X…, 33X…
 * without its +, a spreadsheet's 9 digits without the 0); the others through libphonenumber-js.
 */
export function normalisePhone(value: string): string | null {
  const french = frenchPhoneOf(value);
  return french !== undefined ? french : phoneByPatterns(value);
}

/** normalisePhone read through its regexes alone: what it does with a value frenchPhoneOf leaves (and what frenchPhoneOf is tested against). */
export function phoneByPatterns(value: string): string | null {
  const compact = value.replace(/[\s.()/-]+/g, '');
  let m = /^(?:\+33|0033|33)0?([1-9]\d{8})$/.exec(compact) ?? /^0?([1-9]\d{8})$/.exec(compact);
  if (m) return `+33${m[1]}`;
  m = /^(?:\+|00)([1-9]\d{6,14})$/.exec(compact);
  if (!m) return null;
  const parsed = parsePhone()(`+${m[1]}`, 'FR');
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * phoneByPatterns's answer, read in one pass over the characters without its copies and
 * matches (a mailbox's tables hold hundreds of thousands of cells of nine digits or more: phones,
 * dates, prices): the French number when the value is one (nine digits, the first not a 0, after
 * nothing, 0, 33, 330, 0033 or 00330, or +33 or +330, whatever white space . ( ) / - between
 * them); null when no phone can be read in it (a character no phone has, a + after a digit);
 * undefined for the rest (an international number, a character past ASCII such as a no-break
 * space), which phoneByPatterns reads.
 */
export function frenchPhoneOf(value: string): string | null | undefined {
  let plus = false;
  let digits = 0;
  // The digits read as one number: exact up to 15 digits, and a French number has 14 at most.
  let number = 0;
  for (let i = 0, length = value.length; i < length; i++) {
    const c = charCode(value, i);
    if (isAsciiDigit(c)) {
      digits++;
      number = number * 10 + (c - 48);
    } else if (c === 43) {
      // Only first: anywhere else the compact value has a + inside, which no pattern reads.
      if (plus || digits > 0) return null;
      plus = true;
    } else if (c >= 128) {
      return undefined;
    } else if (!(c === 32 || (c >= 9 && c <= 13) || c === 46 || c === 40 || c === 41 || c === 47 || c === 45)) {
      return null;
    }
  }
  const prefixDigits = digits - 9;
  if (prefixDigits < 0 || prefixDigits > 5) return undefined;
  const national = number % 1e9;
  if (national < 1e8) return undefined;
  const prefix = (number - national) / 1e9;
  // The prefix by its value and its length: 0033 is 33 in four digits, 00330 is 330 in five.
  const french = plus
    ? (prefixDigits === 2 && prefix === 33) || (prefixDigits === 3 && prefix === 330)
    : prefixDigits === 0 || (prefixDigits === 1 && prefix === 0) || ((prefixDigits === 2 || prefixDigits === 4) && prefix === 33) || ((prefixDigits === 3 || prefixDigits === 5) && prefix === 330);
  return french ? `+33${national}` : undefined;
}

/** Compact, upper case, checked by its ISO 13616 key. */
export function normaliseIban(value: string): string | null {
  const compact = value.replace(/[\s.-]+/g, '').toUpperCase();
  return ibanMod97(compact) ? compact : null;
}

/** The 13 characters before the key (a NIR written with or without its key is the same person). */
export function normaliseNir(value: string): string | null {
  const compact = value.replace(/[\s.-]+/g, '').toUpperCase();
  return /^[1-478]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?$/.test(compact) ? compact.slice(0, 13) : null;
}

/** Civilities and titles, folded: not part of the name a person is known by. */
export const CIVILITIES = new Set(['m', 'mme', 'mlle', 'me', 'dr', 'pr', 'mr', 'mrs', 'ms', 'monsieur', 'madame', 'mademoiselle']);

/**
 * A person's name as a key: folded words, civilities left out, sorted, so that `DUPONT Jean`,
 * `Jean Dupont` and `M. Jean DUPONT` are one name. Two words at least (a surname alone is many
 * people), six at most.
 */
export function normaliseName(value: string): string | null {
  const words: string[] = [];
  return nameWords(value, words) ? nameKey(words) : null;
}

/** The name-postcode value of a name and a postal code, or null when either is not one. */
export function namePostcode(name: string, postcode: string): string | null {
  const key = normaliseName(name);
  return key === null ? null : `${key}|${postcode}`;
}

/**
 * The name-postcode value of two cells side by side (a first and a last name) without making
 * their pair's text: what a table's rows are looked up by, a hundred thousand times a file.
 */
export function pairPostcode(first: string, second: string, postcode: string): string | null {
  PAIR.length = 0;
  if (!nameWords(first, PAIR) || !nameWords(second, PAIR)) return null;
  const key = nameKey(PAIR);
  return key === null ? null : `${key}|${postcode}`;
}
const PAIR: string[] = [];

/** Two to six words, sorted and joined; null for any other count. */
function nameKey(words: string[]): string | null {
  if (words.length < 2 || words.length > 6) return null;
  return words.sort().join(' ');
}

/** Pushes a name's folded words, civilities left out, onto `words`; false when a word is not only letters. */
function nameWords(value: string, words: string[]): boolean {
  const from = words.length;
  if (latin1Words(value, words)) return true;
  words.length = from;
  for (const w of fold(value).split(' ')) {
    if (w === '' || CIVILITIES.has(w)) continue;
    if (!/^[a-z]+$/.test(w)) return false;
    words.push(w);
  }
  return true;
}

/**
 * Each Latin-1 character as `fold` spells it alone: letters folded ('É' → 'e', 'æ' → 'ae'), ''
 * for what separates words, null for what this shortcut leaves to `fold` (digits, '¼').
 */
export const LATIN1_FOLDED: (string | null)[] = Array.from({ length: 256 }, (_, c) => {
  const folded = fold(String.fromCharCode(c));
  return /^[a-z]*$/.test(folded) ? folded : null;
});

/**
 * `nameWords` for a name of Latin-1 characters, a table look-up per character (a customer
 * table's names are looked up by the hundred thousand, and fold's Unicode passes cost more than
 * the hash); false for any other name, which `fold` then reads.
 */
function latin1Words(value: string, words: string[]): boolean {
  let word = '';
  // The word's start while it is plain ASCII letters (most are: `DUPONT`, `Jean`): taken whole,
  // lower-cased, rather than spelt letter by letter.
  let plainFrom = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 32;
    if (plainFrom >= 0 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
    const folded = c < 256 ? LATIN1_FOLDED[c] : null;
    if (folded === null) return false;
    if (folded !== '') {
      // A letter to fold: the plain start so far is spelt, and the rest of the word letter by letter.
      if (plainFrom >= 0) {
        word = value.slice(plainFrom, i).toLowerCase();
        plainFrom = -1;
      }
      word += folded;
      continue;
    }
    if (plainFrom >= 0) word = value.slice(plainFrom, i).toLowerCase();
    if (word !== '' && !CIVILITIES.has(word)) words.push(word);
    word = '';
    plainFrom = i + 1;
  }
  return true;
}

/** A French postal code: the last run of exactly five digits in the value (`75011`, `12 rue X 75011 Paris`). */
export function postcodeIn(value: string): string | null {
  // The last run of exactly five digits, read backwards (a regex's matches were an array and a
  // string each, for every address cell of a table).
  let end = value.length;
  for (let i = value.length - 1; i >= -1; i--) {
    if (i >= 0 && isAsciiDigit(charCode(value, i))) continue;
    if (end - i - 1 === 5) return value.slice(i + 1, end);
    end = i;
  }
  return null;
}
