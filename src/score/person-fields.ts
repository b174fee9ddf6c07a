import type { Entity, PersonField } from '../model/entities.js';

/** What each entity tells about a person; null for entities that are context only. */
const FIELD_OF: Record<Entity, PersonField | null> = {
  email: 'email',
  phone: 'phone',
  'first-name': 'first-name',
  'last-name': 'last-name',
  'full-name': 'full-name',
  'postal-address': 'address',
  'postal-code': 'address',
  city: 'address',
  'birth-date': 'birth-date',
  'customer-id': 'customer-id',
  nir: 'national-id',
  iban: 'bank',
  rib: 'bank',
  siren: null,
  siret: null,
  'vat-fr': null,
  'payment-card': 'card',
  'meter-id': 'meter',
};


/**
 * Fields that single out a person. A row needs at least one: an address and a phone without a
 * name are a place (a town hall, a shop), not a person (DESIGN.md §3: a table of places passes).
 * A meter (electricity PDL/PRM, gas PCE, water) is a household's, as a subscriber number is: with
 * an address or a name it is a person.
 */
const ANCHORS = new Set<PersonField>(['first-name', 'last-name', 'full-name', 'email', 'customer-id', 'birth-date', 'national-id', 'bank', 'card', 'meter']);

/** Report order of fields, used for the one-line explanation. */
const FIELD_ORDER: readonly PersonField[] = ['last-name', 'first-name', 'full-name', 'address', 'email', 'phone', 'customer-id', 'birth-date', 'national-id', 'bank', 'card', 'meter'];

/**
 * Fields as bits, for the per-row hot path of 100,000-row tables (a Set per row costs more than
 * the detection itself). Bit i is FIELD_ORDER[i].
 */
const fieldBit = (field: PersonField): number => 1 << FIELD_ORDER.indexOf(field);
const ENTITY_BIT = new Map<Entity, number>(
  (Object.keys(FIELD_OF) as Entity[]).map((e) => [e, FIELD_OF[e] ? fieldBit(FIELD_OF[e]) : 0]),
);
const ANCHOR_MASK = [...ANCHORS].reduce((mask, f) => mask | fieldBit(f), 0);

/** The bit of the person field an entity gives (0 for context-only entities). */
export const entityFieldBit = (entity: Entity): number => ENTITY_BIT.get(entity) ?? 0;

/** A person's name among the fields: what makes a company's row one of its people (a named contact). */
export const NAME_MASK = fieldBit('first-name') | fieldBit('last-name') | fieldBit('full-name');

/** A record is a person when it holds two different person fields, one of them an anchor. */
export function isPersonMask(mask: number): boolean {
  return (mask & ANCHOR_MASK) !== 0 && (mask & (mask - 1)) !== 0;
}

/** The fields of a mask, in report order. */
export const fieldsOfMask = (mask: number): PersonField[] => FIELD_ORDER.filter((f) => (mask & fieldBit(f)) !== 0);
