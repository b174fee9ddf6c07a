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

/** Remainder of a long decimal string modulo 97, in chunks so that no number exceeds 2^53. */
export function mod97(decimal: string): number {
  let rest = 0;
  for (let i = 0; i < decimal.length; i += 7) rest = Number(String(rest) + decimal.slice(i, i + 7)) % 97;
  return rest;
}

/** IBAN (ISO 13616): letters to numbers, country and key moved to the end, remainder 1. */
export function ibanMod97(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let decimal = '';
  for (const ch of moved) decimal += /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
  return mod97(decimal) === 1;
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
