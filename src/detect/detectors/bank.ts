import { compactText, compactCode as code, readCompact } from '../compact.js';
import { hasContextBefore } from '../context.js';
import { findAll, type Detector } from '../detector.js';
import { lazy, readRuleJson } from '../rules.js';
import { ibanMod97Compact, ribKeyCompact } from '../validators.js';

interface IbanCountries {
  lengths: Record<string, number>;
  ribKey: string[];
}

const countries = lazy(() => {
  const file = readRuleJson<IbanCountries>('iban-countries.json');
  return { lengths: new Map(Object.entries(file.lengths)), ribKey: new Set(file.ribKey) };
});

/**
 * An IBAN of any registered country: the country's length, mod 97, and for French and Monegasque
 * IBANs the RIB key of the account inside (a typo that mod 97 misses, the RIB key often catches).
 */
function isValidIban(value: string): boolean {
  const length = readCompact(value);
  if (length < 15) return false;
  const { lengths, ribKey: withRib } = countries();
  const country = compactText(0, 2);
  // Check digits run from 02 to 98: 00, 01 and 99 cannot come out of the key computation.
  const check = (code(2) - 48) * 10 + code(3) - 48;
  if (lengths.get(country) !== length || check < 2 || check > 98 || !ibanMod97Compact(length)) return false;
  return !withRib.has(country) || ribKeyCompact(length, 4);
}

/** A bare RIB, spaced or not. */
const isValidRib = (value: string): boolean => ribKeyCompact(readCompact(value), 0);

/** Letter first, look-behind second, for scan speed; groups of 4 with optional single spaces. */
const IBAN_TEXT = /[A-Z](?<![\w][A-Z])[A-Z]\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?!\w)/g;

export const ibanDetector: Detector = {
  id: 'iban',
  entity: 'iban',
  validator: 'ibanMod97+ribKey',
  matchCell: isValidIban,
  find: (text, emit) => findAll(text, emit, IBAN_TEXT, 'iban', 0, isValidIban),
  examples: {
    match: ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189', 'DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'MC58 1122 2000 0101 2345 6789 030', 'NO93 8601 1117 947'],
    noMatch: ['FR76 3000 6000 0112 3456 7890 188', 'FR76300060000112345678901', 'Prix HT', 'XX89 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 0000'],
  },
  textExamples: [
    { text: 'IBAN : FR76 3000 6000 0112 3456 7890 189 (BIC BNPAFRPP)', values: ['FR76 3000 6000 0112 3456 7890 189'] },
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
