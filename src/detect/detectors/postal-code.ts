import type { Detector } from '../detector.js';
import { findAll } from '../detector.js';

/** Metropolitan departments 01-95 (Corsica's codes are 20xxx) and overseas 97x/98x. */
const CODE = '(?:0[1-9]|[1-8]\\d|9[0-5]|9[78]\\d)\\d{2,3}';
const CELL = new RegExp(`^(?=\\d{5}$)${CODE}$`);
/** In text, a code counts only when a capitalised place name follows it: "83400 Hyères", "75008 PARIS". */
const TEXT = new RegExp(`(?<![\\w,.])((?=\\d{5}\\b)${CODE})\\s+(?=\\p{Lu})`, 'gu');

export const postalCodeDetector: Detector = {
  id: 'postal-code-fr',
  entity: 'postal-code',
  matchCell: (cell) => CELL.test(cell),
  find: (text) => findAll(text, TEXT, 'postal-code', 1),
  examples: {
    match: ['83400', '06000', '20000', '97400', '75008'],
    noMatch: ['00400', '96000', '8340', '834000', '83 400', 'F-83400'],
  },
  textExamples: [
    { text: '12 rue des Lilas, 83400 Hyères', values: ['83400'] },
    { text: 'Stock : 83400 unités ; total 12500 €', values: [] },
  ],
};
