import { fold } from '../detect/fold.js';
import type { HeaderLexicon } from '../detect/header-lexicon.js';
import { ENTITIES, type Entity } from '../model/entities.js';
import { FingerprintError } from './fingerprint-key.js';
import { KIND_OF_ENTITY, type FingerprintKind } from './kinds.js';
import { namePostcode, NORMALISERS, postcodeIn } from './normalise.js';

/** The entities a base's column may be given with `--column`; `ignore` leaves a column out. */
export const BASE_ENTITIES = ['customer-id', 'meter-id', 'email', 'phone', 'iban', 'nir', 'first-name', 'last-name', 'full-name', 'postal-code', 'postal-address', 'city'] as const satisfies readonly Entity[];

export type ColumnChoice = (typeof BASE_ENTITIES)[number] | 'ignore';

/**
 * `--column "N° abonné=customer-id"`: a header (compared folded, as the lexicon compares them)
 * and what its column holds. Throws a one-line error for a malformed one.
 */
export function parseColumnChoice(text: string, into = new Map<string, ColumnChoice>()): Map<string, ColumnChoice> {
  const at = text.lastIndexOf('=');
  const header = at > 0 ? fold(text.slice(0, at)) : '';
  const entity = at > 0 ? text.slice(at + 1).trim() : '';
  if (!header || !(BASE_ENTITIES as readonly string[]).concat('ignore').includes(entity)) {
    const hint = ENTITIES.includes(entity as Entity) ? `${entity} does not single a customer out` : `one of ${BASE_ENTITIES.join(', ')} or ignore is expected after =`;
    throw new FingerprintError(`--column "${text}": HEADER=ENTITY expected; ${hint}`);
  }
  into.set(header, entity as ColumnChoice);
  return into;
}

/** Where each value of a row is, in a base's table. */
export interface BaseColumns {
  keyed: { index: number; kind: Exclude<FingerprintKind, 'name-postcode'>; header: string }[];
  firstName: number;
  lastName: number;
  fullName: number;
  postcode: number[];
}

/**
 * Reads a table's header: each column's entity by `--column`, else by the header lexicon. A table
 * with nothing that singles a customer out (no number, e-mail, phone, IBAN, NIR, nor a name with
 * a postal code) is an error that says how to name its columns.
 */
export function baseColumns(where: string, header: readonly string[], lexicon: HeaderLexicon, choices: ReadonlyMap<string, ColumnChoice>): BaseColumns {
  const out: BaseColumns = { keyed: [], firstName: -1, lastName: -1, fullName: -1, postcode: [] };
  const postcodeFrom: Partial<Record<Entity, number>> = {};
  header.forEach((name, index) => {
    const choice = choices.get(fold(name));
    const entity = choice === 'ignore' ? null : (choice ?? lexicon.entityFor(name));
    if (!entity) return;
    const kind = KIND_OF_ENTITY[entity];
    if (kind && kind !== 'name-postcode') out.keyed.push({ index, kind, header: name });
    else if (entity === 'first-name' && out.firstName < 0) out.firstName = index;
    else if (entity === 'last-name' && out.lastName < 0) out.lastName = index;
    else if (entity === 'full-name' && out.fullName < 0) out.fullName = index;
    else if ((entity === 'postal-code' || entity === 'postal-address' || entity === 'city') && postcodeFrom[entity] === undefined) postcodeFrom[entity] = index;
  });
  // The postal code from its own column first, else from the address or the city ("75011 PARIS").
  for (const e of ['postal-code', 'postal-address', 'city'] as const) if (postcodeFrom[e] !== undefined) out.postcode.push(postcodeFrom[e]);
  const named = out.fullName >= 0 || (out.firstName >= 0 && out.lastName >= 0);
  if (out.keyed.length === 0 && !(named && out.postcode.length > 0)) {
    throw new FingerprintError(
      `${where}: no column holds a customer number, e-mail, phone, IBAN or NIR, nor a name with a postal code (columns: ${header.map((h) => `"${h}"`).join(', ')}); name them with --column "HEADER=ENTITY"`,
    );
  }
  return out;
}

/** What one row gives: its normalised values, and what was wrong with the others (never the values themselves). */
export interface RowValues {
  values: { kind: FingerprintKind; value: string }[];
  problems: string[];
}

const WHAT: Record<Exclude<FingerprintKind, 'name-postcode'>, string> = {
  'customer-id': 'not a customer number (4 digits or more)',
  email: 'not an e-mail address',
  phone: 'not a phone number',
  iban: 'not a valid IBAN',
  nir: 'not a NIR',
};

export function rowValues(cells: readonly string[], columns: BaseColumns): RowValues {
  const out: RowValues = { values: [], problems: [] };
  for (const { index, kind, header } of columns.keyed) {
    const cell = (cells[index] ?? '').trim();
    if (!cell) continue;
    const value = NORMALISERS[kind](cell);
    if (value !== null) out.values.push({ kind, value });
    else out.problems.push(`"${header}" is ${WHAT[kind]}`);
  }
  const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const name = cell(columns.fullName) || [cell(columns.firstName), cell(columns.lastName)].filter(Boolean).join(' ');
  let postcode: string | null = null;
  for (const i of columns.postcode) if ((postcode = postcodeIn(cell(i))) !== null) break;
  if (name && postcode) {
    const value = namePostcode(name, postcode);
    if (value !== null) out.values.push({ kind: 'name-postcode', value });
  }
  return out;
}
