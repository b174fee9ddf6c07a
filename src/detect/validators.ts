/**
 * Check-digit validators, pure functions referenced by name (DESIGN.md §2). Each returns true
 * when the value's key is right. Input: the value with separators already removed.
 */

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
  for (let i = 0; i < decimal.length; i++) rest = (rest * 10 + decimal.charCodeAt(i) - 48) % 97;
  return rest;
}

/** Folds one IBAN character (0-9 as is, A-Z as 10-35) into a running remainder modulo 97. */
function addIbanChar(rest: number, code: number): number {
  return code <= 57 ? (rest * 10 + code - 48) % 97 : (rest * 100 + code - 55) % 97;
}

/** IBAN (ISO 13616): letters to numbers, country and key moved to the end, remainder 1. */
export function ibanMod97(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  let rest = 0;
  for (let i = 4; i < iban.length; i++) rest = addIbanChar(rest, iban.charCodeAt(i));
  for (let i = 0; i < 4; i++) rest = addIbanChar(rest, iban.charCodeAt(i));
  return rest === 1;
}

/**
 * French NIR (numéro de sécurité sociale), 15 characters: key = 97 - (number mod 97), with Corsica's
 * 2A and 2B read as 19 and 18 for the computation.
 */
export function nirKey(nir: string): boolean {
  if (!/^[1-478]\d{4}(?:\d{2}|2[AB])\d{6}\d{2}$/.test(nir)) return false;
  const body = nir.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(nir.slice(13));
}

/** Values of RIB letters (the bank table: A,J→1 B,K,S→2 ... I,R,Z→9). */
function ribDigit(code: number): number {
  if (code <= 57) return code - 48;
  const n = code - 64; // A = 1
  return n <= 9 ? n : n <= 18 ? n - 9 : n - 17;
}

/**
 * French RIB key: bank (5) + branch (5) + account (11, letters allowed) + key (2), with
 * (89·bank + 15·branch + 3·account + key) mod 97 = 0. Input: the 23 characters, upper case.
 */
export function ribKey(rib: string): boolean {
  if (!/^\d{10}[0-9A-Z]{11}\d{2}$/.test(rib)) return false;
  // 89·b + 15·g + 3·c + k ≡ 0 (mod 97), computed as one number: b·10^18 + g·10^13 + c·10^2 + k
  // has the coefficients 10^18 ≡ 89 ... only with the digits weighted as below.
  let rest = 0;
  for (let i = 0; i < 5; i++) rest = (rest * 10 + ribDigit(rib.charCodeAt(i))) % 97;
  let sum = (rest * 89) % 97;
  rest = 0;
  for (let i = 5; i < 10; i++) rest = (rest * 10 + ribDigit(rib.charCodeAt(i))) % 97;
  sum = (sum + rest * 15) % 97;
  rest = 0;
  for (let i = 10; i < 21; i++) rest = (rest * 10 + ribDigit(rib.charCodeAt(i))) % 97;
  sum = (sum + rest * 3) % 97;
  return (sum + Number(rib.slice(21))) % 97 === 0;
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
