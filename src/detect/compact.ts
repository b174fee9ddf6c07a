/**
 * A value's letters and digits, separators dropped and letters upper-cased, read as character
 * codes into one reused buffer ("FR76 3000-6000…" → F R 7 6 3 0 0 0 6 0 0 0 …). Validators run on
 * every cell of identifier columns; building a compact string per cell cost more than the checks.
 * Single-threaded use only: the buffer holds the last value read until the next `readCompact`.
 */

/** Longer than any identifier checked here (IBAN: 34). */
const MAX_COMPACT = 40;
const codes = new Uint8Array(MAX_COMPACT);

/** Dots, hyphens and every white space of `\s`: what people and exports put between digit groups. */
const isSeparator = (c: number) =>
  c === 32 || c === 46 || c === 45 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * Reads `value` into the buffer. Returns its compact length, or -1 when it holds anything but
 * ASCII letters, digits and separators (spaces, no-break spaces, dots, hyphens), or is too long:
 * such a value is no identifier checked here.
 */
export function readCompact(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      if (n === MAX_COMPACT) return -1;
      codes[n++] = c;
    } else if (!isSeparator(c)) return -1;
  }
  return n;
}

/** Character code at `index` of the value last read. */
export const compactCode = (index: number): number => codes[index];

/** True when the characters [from, to) of the value last read are all digits. */
export function compactDigits(from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (codes[i] < 48 || codes[i] > 57) return false;
  return true;
}

/** Characters [from, to) of the value last read, as a string (a country code). */
export function compactText(from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(codes[i]);
  return text;
}

/**
 * The compact form as a string ("FR76 3000-6000" → "FR763000600"), for the validators that take
 * one (Luhn, SIREN, SIRET, TVA); '' when the value is no identifier (see readCompact), which
 * every validator refuses.
 */
export function compactValue(value: string): string {
  // Most cells have no separator and are upper case already: return them as they are.
  if (/^[0-9A-Z]*$/.test(value)) return value;
  const n = readCompact(value);
  return n < 0 ? '' : compactText(0, n);
}
