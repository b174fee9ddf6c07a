import type { Detector } from '../detector.js';
import { findAll } from '../detector.js';

/**
 * French numbers: 0X XX XX XX XX, +33 X..., 0033 X..., +33 (0)X..., with one separator kind used
 * throughout (the backreference) and nothing glued on either side, so that digit runs inside
 * IBANs, EAN-13 codes or subscriber numbers are not phones.
 */
const PHONE_TEXT = /(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}(?![\w])/g;
const PHONE_CELL = /^(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}$/;

export const phoneDetector: Detector = {
  id: 'phone-fr',
  entity: 'phone',
  matchCell: (cell) => PHONE_CELL.test(cell),
  find: (text) => (/\d{2}/.test(text) ? findAll(text, PHONE_TEXT, 'phone') : []),
  examples: {
    match: ['04 65 71 12 34', '0639981234', '06.39.98.12.34', '+33 6 39 98 12 34', '+33639981234', '0033 4 65 71 12 34', '+33 (0)4 65 71 12 34', '06-39-98-12-34'],
    noMatch: ['04 65 71 12', '00 65 71 12 34', '0465 71 12 34 5', '3612345678901', 'FR76 3000 6000 0112 3456 7890 189', '12/03/1985'],
  },
  textExamples: [
    { text: 'Tél. 04 65 71 12 34 – Portable : +33 6 39 98 00 11', values: ['04 65 71 12 34', '+33 6 39 98 00 11'] },
    { text: 'EAN 3001234567890 ; abonné 10835154188', values: [] },
  ],
};
