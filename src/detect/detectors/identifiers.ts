import type { Detector, TextMatch } from '../detector.js';
import { ibanMod97, luhn, nirKey } from '../validators.js';

const compact = (v: string) => v.replace(/[\s.-]/g, '').toUpperCase();

/** Finds candidates with a pattern, keeps those whose compact form passes the validator. */
function findValid(text: string, pattern: RegExp, entity: TextMatch['entity'], valid: (compact: string) => boolean): TextMatch[] {
  const out: TextMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (valid(compact(m[0]))) out.push({ entity, value: m[0], index: m.index });
  }
  return out;
}

const NIR_TEXT = /(?<![\w])[1-478]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}\s?\d{2}(?![\w])/g;

/** NIR with its key (97 - n mod 97, Corsica 2A/2B). Issue 4 adds the forms without key. */
export const nirDetector: Detector = {
  id: 'nir',
  entity: 'nir',
  matchCell: (cell) => nirKey(compact(cell)),
  find: (text) => (/\d{3}/.test(text) ? findValid(text, NIR_TEXT, 'nir', nirKey) : []),
  examples: { match: ['1 85 05 78 006 084 91', '185057800608491', '2 90 02 2A 123 456 78'], noMatch: ['1 85 05 78 006 084 90', '185057800608', '9 85 05 78 006 084 91'] },
  textExamples: [{ text: 'NIR : 1 85 05 78 006 084 91.', values: ['1 85 05 78 006 084 91'] }],
};

/** Lengths of the IBANs most often met in French mail; other countries are checked by mod 97 alone. */
const IBAN_LENGTHS: Record<string, number> = { FR: 27, MC: 27, BE: 16, DE: 22, ES: 24, IT: 27, LU: 20, CH: 21, GB: 22, NL: 18, PT: 25, IE: 22, AT: 20 };
const validIban = (v: string) => ibanMod97(v) && (IBAN_LENGTHS[v.slice(0, 2)] ?? v.length) === v.length;
const IBAN_TEXT = /(?<![\w])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?(?![\w])/g;

export const ibanDetector: Detector = {
  id: 'iban',
  entity: 'iban',
  matchCell: (cell) => validIban(compact(cell)),
  find: (text) => findValid(text, IBAN_TEXT, 'iban', validIban),
  examples: { match: ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189', 'DE89 3704 0044 0532 0130 00'], noMatch: ['FR76 3000 6000 0112 3456 7890 188', 'FR76300060000112345678901', 'Prix HT'] },
  textExamples: [{ text: 'IBAN : FR76 3000 6000 0112 3456 7890 189 (BNP)', values: ['FR76 3000 6000 0112 3456 7890 189'] }],
};

const CARD_TEXT = /(?<![\w])[2-6]\d{3}(?:[\s-]?\d{4}){2}[\s-]?\d{1,4}(?:[\s-]?\d{3})?(?![\w])/g;
/**
 * Issuer ranges and their lengths (Visa, Mastercard, Amex, Diners, Discover, JCB; CB cards are
 * Visa or Mastercard). An EAN-13 barcode can pass Luhn; it fails here on length and range.
 */
const ISSUERS: { prefix: RegExp; lengths: number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^3(?:0[0-5]|[689])/, lengths: [14, 16] },
  { prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 19] },
  { prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 19] },
];
const validCard = (v: string) => /^\d{13,19}$/.test(v) && ISSUERS.some((i) => i.prefix.test(v) && i.lengths.includes(v.length)) && luhn(v);

/** Payment card numbers: 13-19 digits from the issuer ranges 2-6, Luhn key. */
export const paymentCardDetector: Detector = {
  id: 'payment-card',
  entity: 'payment-card',
  matchCell: (cell) => validCard(compact(cell)),
  find: (text) => findValid(text, CARD_TEXT, 'payment-card', validCard),
  examples: { match: ['4970 1012 3456 7893', '4970101234567893', '5555-5555-5555-4444'], noMatch: ['4970 1012 3456 7894', '1234 5678 9012 3452', '3012345678900'] },
  textExamples: [{ text: 'Carte 4970 1012 3456 7893 exp 12/25', values: ['4970 1012 3456 7893'] }],
};
