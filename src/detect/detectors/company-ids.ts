import { compactValue } from '../compact.js';
import { hasContextBefore } from '../context.js';
import { findAll, type Detector, type MatchSink, type TextMatch } from '../detector.js';
import { siren, siret, vatFr } from '../validators.js';

/**
 * Company identifiers. They are not personal data by themselves (DESIGN.md §1): they count as
 * context, never as people, and serve the organisation's allowlists. One value, one entity: a SIRET
 * is not also a SIREN, a VAT number not also a SIREN.
 */

/** "732 829 320 00074", "73282932000074"; digit first, look-behind second, for scan speed. */
const SIRET_TEXT = /\d(?<![\w]\d)\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{5}(?!\w)/g;
const SIREN_TEXT = /\d(?<![\w]\d)\d{2}[ ]?\d{3}[ ]?\d{3}(?![\w]|[ ]?\d)/g;
const VAT_TEXT = /F(?<![\w]F)R[ ]?[0-9A-HJ-NP-Z]{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}(?!\w)/g;

/** Matches validated by `valid`, and preceded by a context word when `needsContext`. */
function find(text: string, emit: MatchSink, pattern: RegExp, entity: TextMatch['entity'], valid: (compact: string) => boolean, needsContext: boolean): void {
  findAll(text, emit, pattern, entity, 0, (value, index) => valid(compactValue(value)) && (!needsContext || hasContextBefore(text, index, entity)));
}

export const sirenDetector: Detector = {
  id: 'siren',
  entity: 'siren',
  validator: 'siren',
  matchCell: (cell) => siren(compactValue(cell)),
  // Nine digits pass Luhn one time in ten: in text a SIREN needs its word ("SIREN 732 829 320").
  find: (text, emit) => find(text, emit, SIREN_TEXT, 'siren', siren, true),
  examples: { match: ['732 829 320', '732829320', '356000000'], noMatch: ['732 829 321', '73282932', '73282932000074'] },
  textExamples: [
    { text: 'SIREN : 732 829 320', values: ['732 829 320'] },
    { text: 'Commande 732829320', values: [] },
  ],
};

export const siretDetector: Detector = {
  id: 'siret',
  entity: 'siret',
  validator: 'siret',
  matchCell: (cell) => siret(compactValue(cell)),
  // 14 digits are also PDL/PRM meter ids and order numbers: in text a SIRET needs its word.
  find: (text, emit) => find(text, emit, SIRET_TEXT, 'siret', siret, true),
  examples: { match: ['732 829 320 00074', '73282932000074', '35600000000048', '35600000049837'], noMatch: ['732 829 320 00075', '7328293200007', '35600000049838'] },
  textExamples: [
    { text: 'SIRET 732 829 320 00074 – APE 3600Z', values: ['732 829 320 00074'] },
    { text: 'PDL 73282932000074', values: [] },
  ],
};

export const vatFrDetector: Detector = {
  id: 'vat-fr',
  entity: 'vat-fr',
  validator: 'vatFr',
  matchCell: (cell) => vatFr(compactValue(cell)),
  // Under a TVA header the FR is often left out: the key and the SIREN decide.
  matchKnownCell: (cell) => {
    const compact = compactValue(cell);
    return vatFr(compact.length === 11 ? `FR${compact}` : compact);
  },
  find: (text, emit) => find(text, emit, VAT_TEXT, 'vat-fr', vatFr, false),
  examples: { match: ['FR40303265045', 'FR 40 303 265 045', 'FR23334175221', 'FRK7399859412'], noMatch: ['FR84323140391', 'FR40303265046', '40303265045', 'FRIO334175221'] },
  textExamples: [
    { text: 'N° TVA intracommunautaire : FR 40 303 265 045.', values: ['FR 40 303 265 045'] },
    { text: 'Réf. FR84323140391', values: [] },
  ],
};
