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

export function personFieldOf(entity: Entity): PersonField | null {
  return FIELD_OF[entity];
}

/**
 * Fields that single out a person. A row needs at least one: an address and a phone without a
 * name are a place (a town hall, a shop), not a person (DESIGN.md §3: a table of places passes).
 */
const ANCHORS = new Set<PersonField>(['first-name', 'last-name', 'full-name', 'email', 'customer-id', 'birth-date', 'national-id', 'bank', 'card']);

/** Report order of fields, used for the one-line explanation. */
export const FIELD_ORDER: readonly PersonField[] = ['last-name', 'first-name', 'full-name', 'address', 'email', 'phone', 'customer-id', 'birth-date', 'national-id', 'bank', 'card', 'meter'];

/** A record is a person when it holds two different person fields, one of them an anchor. */
export function isPerson(fields: ReadonlySet<PersonField>): boolean {
  if (fields.size < 2) return false;
  for (const f of fields) if (ANCHORS.has(f)) return true;
  return false;
}
