import type { Entity } from '../model/entities.js';

/**
 * The values that single a customer out, as the fingerprint file keys them. Their order is the
 * file format's: a kind's index is the byte hashed before its value, so kinds are appended, never
 * reordered.
 */
export const FINGERPRINT_KINDS = ['customer-id', 'email', 'phone', 'iban', 'nir', 'name-postcode'] as const;

export type FingerprintKind = (typeof FINGERPRINT_KINDS)[number];

/** Each kind's index in FINGERPRINT_KINDS. */
export const KIND_INDEX = Object.fromEntries(FINGERPRINT_KINDS.map((kind, i) => [kind, i])) as Record<FingerprintKind, number>;

/** The byte a kind's values are hashed after, so that one string in two kinds gives two hashes. */
export const kindCode = (kind: FingerprintKind): number => KIND_INDEX[kind] + 1;

/**
 * The kind a column of the customer base feeds, by the entity its header names (the header
 * lexicon's, or `--column`). Names and the postal code are not kinds of their own: together they
 * make `name-postcode`; a meter number singles out a household as a subscriber number does.
 */
export const KIND_OF_ENTITY: Partial<Record<Entity, FingerprintKind>> = {
  'customer-id': 'customer-id',
  'meter-id': 'customer-id',
  email: 'email',
  phone: 'phone',
  iban: 'iban',
  nir: 'nir',
};
