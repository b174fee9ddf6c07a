import { hasContextBefore } from '../context.js';
import { findAll, type Detector } from '../detector.js';

/**
 * Electricity and gas meter points: PDL/PRM (Enedis, 14 digits) and PCE (GRDF, 14 digits, or GI + 6
 * digits). A meter point is an address's, and so its occupant's: with a name it makes a person.
 * Fourteen digits are also SIRETs and order numbers, so the column header or a context word decides.
 */
const CELL = /^(?:\d{14}|\d{2}(?: \d{3}){4}|GI\d{6})$/;
const TEXT = /\d(?<![\w]\d)(?:\d{13}|\d(?: \d{3}){4})(?![\w]|[ ]?\d)|G(?<![\w]G)I\d{6}(?!\w)/g;

/** Under a meter header, a water meter's serial too: letters and digits, at least four digits ("23B0412345", "A-1234567"). */
const KNOWN_CELL = /^(?=[^]*\d{4})[A-Za-z0-9][A-Za-z0-9 -]{4,19}$/;

export const meterIdDetector: Detector = {
  id: 'meter-id',
  entity: 'meter-id',
  matchCell: (cell) => CELL.test(cell),
  matchKnownCell: (cell) => CELL.test(cell) || KNOWN_CELL.test(cell),
  find: (text, emit) => findAll(text, emit, TEXT, 'meter-id', 0, (_value, index) => hasContextBefore(text, index, 'meter-id')),
  examples: { match: ['09123456789012', '09 123 456 789 012', 'GI123456'], noMatch: ['0912345678901', '091234567890123', 'PDL', 'GI12345'] },
  textExamples: [
    { text: 'Votre PDL : 09123456789012', values: ['09123456789012'] },
    { text: 'N° de PRM 09 123 456 789 012.', values: ['09 123 456 789 012'] },
    { text: 'Commande 09123456789012', values: [] },
  ],
};
