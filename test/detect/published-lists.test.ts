import { describe, expect, it } from 'vitest';
import { evaluatePublished } from '../helpers/published.js';

/**
 * Values published by open validator libraries (test/data/published/, sources and licences in its
 * README), run through each detector's cell test. The figures are pinned: a change shows here,
 * and `npm run published` lists every disagreement with its reason to look at.
 *
 * Known disagreements, by design:
 * - email: UTF-8 and quoted local parts ("hans.m端ller@", "\"foobar\"@") are not matched.
 * - iban: NI at its old length 32 (the registry now says 28); accepted invalids are right in length
 *   and mod 97 but break a country's BBAN layout or national key (Spain), not checked here.
 * - phone: validator.js's overseas "mobiles" (+594 6..., 590712...) fail the numbering plan of
 *   libphonenumber; numbers without 0 or + are phones only in a phone column (matchKnownCell).
 * - postal-code: 38499 and 39940 have the shape but are no commune's postcode.
 * - vat-fr: python-stdnum's values without the FR prefix; validator.js rejects "FR 83404833048"
 *   for its space only.
 */
describe('published test lists', () => {
  const byEntity = new Map(evaluatePublished().map((r) => [r.entity, r]));

  it.each([
    // entity, valid, found, invalid, wrongly accepted
    ['email', 15, 9, 24, 0],
    ['iban', 274, 273, 52, 9],
    ['nir', 8, 8, 6, 0],
    ['payment-card', 24, 24, 11, 0],
    ['phone', 29, 4, 0, 0],
    ['postal-code', 5, 3, 4, 0],
    ['rib', 1, 1, 1, 0],
    ['siren', 15, 15, 3, 0],
    ['siret', 55, 55, 4, 0],
    ['vat-fr', 80, 74, 14, 1],
  ] as const)('%s: %i valid, %i found; %i invalid, %i accepted', (entity, valid, found, invalid, accepted) => {
    const r = byEntity.get(entity);
    expect([r?.valid, r?.found, r?.invalid, r?.accepted]).toEqual([valid, found, invalid, accepted]);
  });

  it('covers every file of test/data/published', () => {
    expect([...byEntity.keys()]).toEqual(['email', 'iban', 'nir', 'payment-card', 'phone', 'postal-code', 'rib', 'siren', 'siret', 'vat-fr']);
  });
});
