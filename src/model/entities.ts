/**
 * The fixed list of entity names of the public JSON report (DESIGN.md §1).
 * New entities are appended, never renamed: scripts and baselines key on these strings.
 */
export const ENTITIES = [
  'email',
  'phone',
  'first-name',
  'last-name',
  'full-name',
  'postal-address',
  'postal-code',
  'city',
  'birth-date',
  'customer-id',
  'nir',
  'iban',
  'rib',
  'siren',
  'siret',
  'vat-fr',
  'payment-card',
  'meter-id',
] as const;

/** One kind of personal (or context) value that a detector recognises. */
export type Entity = (typeof ENTITIES)[number];

/** Counts per entity, as in the report's `entities` object. */
export type EntityCounts = Partial<Record<Entity, number>>;

/**
 * What a value tells about a person. Two values of different fields in one row or
 * record, one of them an anchor, make a person (see score/person-fields.ts).
 */
export type PersonField =
  | 'first-name'
  | 'last-name'
  | 'full-name'
  | 'address'
  | 'email'
  | 'phone'
  | 'customer-id'
  | 'birth-date'
  | 'national-id'
  | 'bank'
  | 'card'
  | 'meter';
