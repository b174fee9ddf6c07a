import { emailDetector } from '../detect/detectors/email.js';
import { isFirstName } from '../detect/detectors/person-name.js';
import { phoneDetector } from '../detect/detectors/phone.js';
import { headerLexicon } from '../detect/header-lexicon.js';
import type { HeaderLexicon } from '../detect/header-lexicon.js';

/** How far down a sheet a header may sit (title rows, blank lines, a logo line above it). */
const MAX_HEADER_SEARCH_ROWS = 12;

const lexiconHits = (row: string[], lexicon: HeaderLexicon) => row.filter((c) => c && (lexicon.entityFor(c) !== null || lexicon.isPersonContext(c))).length;

/**
 * A row of short labels: no digits, no @, distinct, at least two filled, and no value that reads
 * as personal data (a given name, an e-mail, a phone). Catches "Prestation;Unité;Prix HT", not the
 * first person of a list without header, whose name would otherwise be reported as a header.
 */
function looksLikeLabels(row: string[]): boolean {
  const filled = row.map((c) => c.trim()).filter(Boolean);
  if (filled.length < 2 || new Set(filled).size !== filled.length) return false;
  const personal = (c: string) => isFirstName(c) || emailDetector.matchCell(c) || phoneDetector.matchCell(c);
  return filled.every((c) => c.length <= 40 && !c.includes('@') && !/\d{3}/.test(c) && !personal(c));
}

/**
 * Finds the header row of a table whose format does not mark one: the first of the top rows
 * where two cells or more are known headers ("Nom", "Email"), else row 0 when it reads as a row of
 * labels. Returns -1 when the table has no header row.
 */
export function findHeaderRow(rows: string[][], lexicon: HeaderLexicon = headerLexicon()): number {
  const limit = Math.min(rows.length, MAX_HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    if (lexiconHits(rows[i], lexicon) >= 2) return i;
  }
  if (rows.length > 1 && looksLikeLabels(rows[0])) return 0;
  return -1;
}
