import { compactValue } from '../compact.js';
import { findAll, type Detector } from '../detector.js';
import { luhn } from '../validators.js';

/** Digit first, look-behind second, for scan speed; groups of 4 (Amex 4-6-5) with one separator kind. */
const CARD_TEXT = /[2-8](?<![\w][2-8])(?:\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,4}(?:[ -]?\d{3})?|[47]\d{2}[ -]?\d{6}[ -]?\d{5})(?!\w)/g;
/**
 * Issuer ranges and their lengths (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay; CB cards
 * are Visa or Mastercard), Maestro. An EAN-13 barcode can pass Luhn; it fails here on length and range.
 */
const ISSUERS: { prefix: RegExp; lengths: number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] },
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { prefix: /^3[47]/, lengths: [15] },
  { prefix: /^3(?:0[0-5]|[689])/, lengths: [14, 16] },
  { prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 19] },
  { prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 19] },
  { prefix: /^(?:62|81)/, lengths: [16, 17, 18, 19] },
  // Maestro: short lengths left out, where EAN and other 12-15 digit codes would pass Luhn by chance.
  { prefix: /^(?:50|5[6-8]|6[37])/, lengths: [16, 17, 18, 19] },
];

const isValidCard = (v: string): boolean => /^\d{13,19}$/.test(v) && ISSUERS.some((i) => i.prefix.test(v) && i.lengths.includes(v.length)) && luhn(v);

/**
 * One value, one entity: 14 digits with a Luhn key are a SIRET's form, and SIRETs are in every
 * supplier file; a 14-digit Diners card is rare. Only a column named as cards takes one.
 */
const isCardNotSiret = (v: string): boolean => v.length !== 14 && isValidCard(v);

/** A card number's match, compacted, that is no SIRET. */
const isCardValue = (value: string) => isCardNotSiret(compactValue(value));

/** Payment card numbers: 13-19 digits from the issuer ranges, Luhn key. Expiry and CVV columns are context. */
export const paymentCardDetector: Detector = {
  id: 'payment-card',
  entity: 'payment-card',
  validator: 'luhn',
  matchCell: (cell) => isCardNotSiret(compactValue(cell)),
  matchKnownCell: (cell) => isValidCard(compactValue(cell)),
  find: (text, emit) => findAll(text, emit, CARD_TEXT, 'payment-card', 0, isCardValue),
  examples: {
    match: ['4970 1012 3456 7893', '4970101234567893', '5555-5555-5555-4444', '3782 822463 10005', '6011 1111 1111 1117'],
    noMatch: ['4970 1012 3456 7894', '1234 5678 9012 3452', '3012345678900', '3760123456781', '36000000000008'],
  },
  textExamples: [
    { text: 'Carte 4970 1012 3456 7893 exp 12/25', values: ['4970 1012 3456 7893'] },
    { text: 'Amex 3782 822463 10005.', values: ['3782 822463 10005'] },
    { text: 'EAN 3760123456781', values: [] },
  ],
};
