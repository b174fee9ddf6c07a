/**
 * Check-digit validators, pure functions referenced by name (DESIGN.md §2). Each returns true
 * when the value's key is right. Input: the value with separators already removed. The hot ones
 * (NIR, IBAN, RIB) also come in a `…Compact` form that checks the value last read by
 * `readCompact`, so that a cell is checked without building its compact string.
 */
import { compactCode as code, compactDigits, readCompact } from './compact.js';

const isLetter = (c: number) => c >= 65 && c <= 90;

/**
 * Running remainders modulo 97 are reduced only once past 10^7: a division costs more than the
 * rest of the loop, and a number below 10^7 times 100 plus 35 still fits a 32-bit integer.
 * Callers take the final `% 97`.
 */
const REDUCE_FROM = 10_000_000;
const reduce = (n: number) => (n >= REDUCE_FROM ? n % 97 : n);

/** Luhn (ISO/IEC 7812): payment cards, SIREN/SIRET. */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Remainder of a long decimal string modulo 97, digit by digit (no number ever exceeds 2^53). */
export function mod97(decimal: string): number {
  let rest = 0;
  for (let i = 0; i < decimal.length; i++) rest = reduce(rest * 10 + decimal.charCodeAt(i) - 48);
  return rest % 97;
}

/** Folds one IBAN character (0-9 as is, A-Z as 10-35) into a running remainder (see reduce). */
function addIbanChar(rest: number, c: number): number {
  return reduce(c <= 57 ? rest * 10 + c - 48 : rest * 100 + c - 55);
}

/** IBAN (ISO 13616): letters to numbers, country and key moved to the end, remainder 1. */
export function ibanMod97(iban: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) && ibanMod97Compact(readCompact(iban));
}

/** ibanMod97 on the value last read, of compact length `length`. */
export function ibanMod97Compact(length: number): boolean {
  if (length < 15 || length > 34 || !isLetter(code(0)) || !isLetter(code(1)) || !compactDigits(2, 4)) return false;
  let rest = 0;
  for (let i = 4; i < length; i++) rest = addIbanChar(rest, code(i));
  for (let i = 0; i < 4; i++) rest = addIbanChar(rest, code(i));
  return rest % 97 === 1;
}

/**
 * French NIR (numéro de sécurité sociale), 15 characters: key = 97 - (number mod 97), with Corsica's
 * 2A and 2B read as 19 and 18 for the computation.
 */
export function nirKey(nir: string): boolean {
  return /^[1-478]\d{4}(?:\d{2}|2[AB])\d{6}\d{2}$/.test(nir) && nirKeyCompact(readCompact(nir));
}

/**
 * The 13 characters before the key: sex/status digit, year, month, department (2 digits, 2A/2B;
 * overseas 97x and foreign-born 99 fit the same 13 characters), commune, order number.
 */
export function nirBodyCompact(length: number): boolean {
  if (length < 13) return false;
  const first = code(0);
  if (first !== 49 && first !== 50 && first !== 51 && first !== 52 && first !== 55 && first !== 56) return false;
  const corsica = code(5) === 50 && (code(6) === 65 || code(6) === 66);
  return compactDigits(1, 5) && (corsica || compactDigits(5, 7)) && compactDigits(7, 13);
}

/** nirKey on the value last read, of compact length `length`. */
export function nirKeyCompact(length: number): boolean {
  if (length !== 15 || !nirBodyCompact(length) || !compactDigits(13, 15)) return false;
  let rest = 0;
  for (let i = 0; i < 13; i++) {
    let digit = code(i) - 48;
    if (i === 5 && code(6) >= 65) digit = 1; // 2A → 19, 2B → 18
    else if (i === 6 && code(6) >= 65) digit = code(6) === 65 ? 9 : 8;
    rest = reduce(rest * 10 + digit);
  }
  return 97 - (rest % 97) === (code(13) - 48) * 10 + code(14) - 48;
}

/** Values of RIB letters (the bank table: A,J→1 B,K,S→2 ... I,R,Z→9). */
function ribDigit(c: number): number {
  if (c <= 57) return c - 48;
  const n = c - 64; // A = 1
  return n <= 9 ? n : n <= 18 ? n - 9 : n - 17;
}

/**
 * French RIB key: bank (5) + branch (5) + account (11, letters allowed) + key (2), with
 * (89·bank + 15·branch + 3·account + key) mod 97 = 0. Input: the 23 characters, upper case.
 */
export function ribKey(rib: string): boolean {
  return /^\d{10}[0-9A-Z]{11}\d{2}$/.test(rib) && ribKeyCompact(readCompact(rib), 0);
}

/** ribKey on the value last read, of compact length `length`, from character `from` (4 in an IBAN). */
export function ribKeyCompact(length: number, from: number): boolean {
  if (length - from !== 23 || !compactDigits(from, from + 10) || !compactDigits(from + 21, from + 23)) return false;
  // Each part's remainder modulo 97 times its weight; the key is added as it stands.
  const bank = ribPart(from, from + 5);
  const branch = ribPart(from + 5, from + 10);
  const account = ribPart(from + 10, from + 21);
  const key = (code(from + 21) - 48) * 10 + code(from + 22) - 48;
  return (bank * 89 + branch * 15 + account * 3 + key) % 97 === 0;
}

/** Characters [start, end) of the value last read, RIB letters as digits, modulo 97. */
function ribPart(start: number, end: number): number {
  let rest = 0;
  for (let i = start; i < end; i++) rest = reduce(rest * 10 + ribDigit(code(i)));
  return rest % 97;
}

/** SIREN of La Poste, whose establishments' SIRETs break Luhn (see siret). */
const LA_POSTE_SIREN = '356000000';

/** SIREN: 9 digits, Luhn. */
export function siren(digits: string): boolean {
  return digits.length === 9 && luhn(digits);
}

/**
 * SIRET: 14 digits, Luhn; La Poste's establishments (SIREN 356000000) use a different rule: the sum
 * of the digits is a multiple of 5.
 */
export function siret(digits: string): boolean {
  if (!/^\d{14}$/.test(digits)) return false;
  if (digits.startsWith(LA_POSTE_SIREN) && digits !== `${LA_POSTE_SIREN}00048`) {
    let sum = 0;
    for (let i = 0; i < 14; i++) sum += digits.charCodeAt(i) - 48;
    return sum % 5 === 0;
  }
  return luhn(digits);
}

/** Characters allowed in a French VAT key: digits and letters but I and O. */
const VAT_KEY_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * French VAT number (n° TVA intracommunautaire): FR + a 2-character key + SIREN.
 * Numeric key: key = (12 + 3 · (SIREN mod 97)) mod 97. Letter keys (newer numbers) use the
 * tax office's mod-11 rule on the key's rank in the alphabet without I and O. The SIREN must pass
 * Luhn, except Monaco's numbers, whose "SIREN" starts with 000.
 */
export function vatFr(value: string): boolean {
  const m = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/.exec(value);
  if (!m) return false;
  const [, key, company] = m;
  if (!company.startsWith('000') && !siren(company)) return false;
  if (/^\d\d$/.test(key)) return Number(key) === (12 + 3 * mod97(company)) % 97;
  const first = VAT_KEY_ALPHABET.indexOf(key[0]);
  const second = VAT_KEY_ALPHABET.indexOf(key[1]);
  const check = first < 10 ? first * 24 + second - 10 : first * 34 + second - 100;
  return (Number(company) + 1 + Math.floor(check / 11)) % 11 === check % 11;
}
