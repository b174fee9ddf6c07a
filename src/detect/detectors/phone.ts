import { findAll, type Detector } from '../detector.js';
import { lazy, requirePackage } from '../rules.js';

/**
 * Phone numbers: a regex prefilter finds candidates, libphonenumber-js (`min` metadata) decides.
 * findNumbers over whole documents runs at 1.5 MB/s on tables (../shared/dependencies.md §2.10);
 * the prefilter runs at hundreds of MB/s and the library sees only candidates.
 *
 * French forms: 0X XX XX XX XX, +33 X..., 0033 X..., +33 (0)X..., one separator kind throughout
 * (the backreference) and nothing glued on either side, so that digit runs inside IBANs, EAN-13
 * codes, NIRs or subscriber numbers are not phones. Other countries: + and 7 to 15 digits.
 * Digit or + first, look-behind second, for scan speed (see letters.ts).
 */
const FRENCH = String.raw`(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}`;
const INTERNATIONAL = String.raw`\+(?!33)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}`;
const TEXT = new RegExp(String.raw`(?=[0+])(?<![\w+])(?:${FRENCH}|${INTERNATIONAL})(?![\w])`, 'g');
const CELL = new RegExp(String.raw`^(?:${FRENCH}|${INTERNATIONAL})$`);
const FRENCH_WHOLE = new RegExp(String.raw`^${FRENCH}$`);
/** A French number whose leading 0 a spreadsheet dropped (stored as the number 465711234). */
const NUMBER_WITHOUT_ZERO = /^[1-9]\d{8}$/;
/** A French number in international form without its + (SMS and CRM exports: 33612457898). */
const NUMBER_WITHOUT_PLUS = /^33[1-9]\d{8}$/;
/**
 * The same for the overseas departments and territories, whose plans are their own: Réunion and
 * Mayotte (262, 269), Guadeloupe (590), French Guiana (594), Martinique (596), New Caledonia (687),
 * French Polynesia (689). The library decides, with the + put back.
 */
const OVERSEAS_WITHOUT_PLUS = /^(?:262|269|590|594|596|687|689)\d{6,9}$/;
const isOverseasWithoutPlus = (cell: string): boolean => OVERSEAS_WITHOUT_PLUS.test(cell) && parsePhone()(`+${cell}`, 'FR')?.isValid() === true;

interface PhoneNumberLike {
  isValid(): boolean;
}
type Parse = (text: string, defaultCountry: 'FR') => PhoneNumberLike | undefined;

/** Loaded on first use: 25-60 ms of start-up that a message without digits never pays. */
const parsePhone = lazy(() => requirePackage<{ parsePhoneNumberFromString: Parse }>('libphonenumber-js/min').parsePhoneNumberFromString);

/**
 * With `min` metadata the library accepts every French number of nine significant digits starting
 * 1-9 (test/detect/phone.test.ts checks all 900 three-digit prefixes), which is what FRENCH matches:
 * French candidates are decided by their shape, and the library (3-4 µs a number) sees the others.
 */
const isValidPhone = (candidate: string): boolean => FRENCH_WHOLE.test(candidate) || parsePhone()(candidate, 'FR')?.isValid() === true;

export const phoneDetector: Detector = {
  id: 'phone',
  entity: 'phone',
  validator: 'libphonenumber-js',
  matchCell: (cell) => CELL.test(cell) && isValidPhone(cell),
  // The column was checked with the library on its sample; every cell then needs the shape only.
  matchKnownCell: (cell) => CELL.test(cell) || NUMBER_WITHOUT_ZERO.test(cell) || NUMBER_WITHOUT_PLUS.test(cell) || isOverseasWithoutPlus(cell),
  find: (text, emit) => findAll(text, emit, TEXT, 'phone', 0, isValidPhone),
  examples: {
    match: ['04 65 71 12 34', '0639981234', '06.39.98.12.34', '+33 6 39 98 12 34', '+33639981234', '0033 4 65 71 12 34', '+33 (0)4 65 71 12 34', '06-39-98-12-34', '+32 2 555 12 12', '+41 44 668 18 00'],
    noMatch: ['04 65 71 12', '00 65 71 12 34', '0465 71 12 34 5', '3612345678901', 'FR76 3000 6000 0112 3456 7890 189', '12/03/1985', '+33 1 23', '+1 555 0100'],
  },
  textExamples: [
    { text: 'Tél. 04 65 71 12 34 – Portable : +33 6 39 98 00 11', values: ['04 65 71 12 34', '+33 6 39 98 00 11'] },
    { text: 'Bruxelles : +32 2 555 12 12.', values: ['+32 2 555 12 12'] },
    { text: 'EAN 3001234567890 ; abonné 10835154188', values: [] },
  ],
};
