import { readCompact } from '../compact.js';
import { hasContextBefore } from '../context.js';
import { findAll, type Detector, type MatchSink } from '../detector.js';
import { nirBodyCompact, nirKeyCompact } from '../validators.js';

/**
 * Compact or grouped as on a carte Vitale ("1 85 05 78 006 084 36"); the key is optional here and
 * decided after. Digit first, look-behind second, for scan speed (see letters.ts).
 */
const NIR_TEXT = /[1-478](?<![\w][1-478])[ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[ABab])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?!\w)/g;

function findNirs(text: string, emit: MatchSink): void {
  // With its key the number proves itself; without, only a context word makes it a NIR.
  findAll(text, emit, NIR_TEXT, 'nir', 0, isNirAt);
}

/** A NIR match is one with its key, or without it after a context word (findAll's test, defined once). */
function isNirAt(value: string, index: number, text: string): boolean {
  const length = readCompact(value);
  return length === 15 ? nirKeyCompact(length) : hasContextBefore(text, index, 'nir');
}

/** NIR (numéro de sécurité sociale): key = 97 - (number mod 97), Corsica 2A/2B read as 19/18. */
export const nirDetector: Detector = {
  id: 'nir',
  entity: 'nir',
  validator: 'nirKey',
  matchCell: (cell) => nirKeyCompact(readCompact(cell)),
  // In a NIR column, the 13-character form without key is a NIR too.
  matchKnownCell: (cell) => {
    const length = readCompact(cell);
    return length === 13 ? nirBodyCompact(length) : nirKeyCompact(length);
  },
  find: findNirs,
  examples: {
    match: ['1 85 05 78 006 084 91', '185057800608491', '2 90 02 2A 123 456 78', '2 90 02 2B 123 456 08', '1 85 05 97 411 084 38', '1 72 10 99 350 012 81'],
    noMatch: ['1 85 05 78 006 084 90', '185057800608', '9 85 05 78 006 084 91', '1850578006084', '2 90 02 2C 123 456 78'],
  },
  textExamples: [
    { text: 'NIR : 1 85 05 78 006 084 91.', values: ['1 85 05 78 006 084 91'] },
    { text: 'N° de sécurité sociale : 1 85 05 78 006 084 (clé à venir)', values: ['1 85 05 78 006 084'] },
    { text: 'Commande 1850578006084 expédiée', values: [] },
    { text: 'NIR 2 90 02 2a 123 456 78 (saisi en minuscules)', values: ['2 90 02 2a 123 456 78'] },
    { text: 'EAN 3185057800608491', values: [] },
  ],
};
