import { describe, expect, it } from 'vitest';
import { evaluatePublished } from '../helpers/published.js';

/**
 * Values published by open validator libraries (test/data/published/, sources and licences in its
 * README), run through each detector's cell test. The figures are pinned: a change shows here,
 * and `npm run published` lists every disagreement with its reason to look at.
 *
 * Known disagreements, by design:
 * - email: UTF-8 and quoted local parts ("hans.m端ller@", "\"foobar\"@") are not matched.
 * - iban: NI at its old length 32 (the registry now says 28). None accepted wrongly since the BBAN
 *   layouts and the Spanish, Italian and Belgian keys are checked (9 before: BG, GI, NL, VG, IE, PS
 *   layouts, three Spanish keys).
 * - payment-card: validator.js's 14-digit Diners number is a SIRET's form (Luhn on 14 digits): one
 *   value, one entity, it is a card only in a card column (matchKnownCell).
 * - phone: validator.js's overseas "mobiles" (+594 6..., 590712...) fail the numbering plan of
 *   libphonenumber; numbers without 0 or + are phones only in a phone column (matchKnownCell).
 * - postal-code: 38499 and 39940 have the shape but are no commune's postcode.
 * - vat-fr: python-stdnum's values without the FR prefix (taken in a TVA column only); validator.js rejects "FR 83404833048"
 *   for its space only.
 */
describe('published test lists', () => {
  const byEntity = new Map(evaluatePublished().map((r) => [r.entity, r]));

  it('the values left out of the cell test are found where they belong: in their column', async () => {
    const { detectorFor } = await import('../../src/detect/detectors/index.js');
    const known = (entity: 'phone' | 'vat-fr' | 'payment-card', value: string) => detectorFor(entity)?.matchKnownCell?.(value) ?? false;
    expect(['33612457898', '262692123456', '590690123456', '594694123456', '596696123456', '687751234', '68987123456'].map((v) => known('phone', v))).toEqual([true, true, true, true, true, true, true]);
    // Shaped like them, yet no number of those plans (validator.js's loose overseas "mobiles" among them).
    expect(['594612457898', '26212345', '590112345678'].map((v) => known('phone', v))).toEqual([false, false, false]);
    expect(['40303265045', '23 334 175 221', 'K7399859412', '40303265046'].map((v) => known('vat-fr', v))).toEqual([true, true, true, false]);
    expect(known('payment-card', '36050234196908')).toBe(true);
  });

  it.each([
    // entity, valid, found, invalid, wrongly accepted
    ['email', 15, 9, 24, 0],
    ['iban', 274, 273, 52, 0],
    ['nir', 8, 8, 6, 0],
    ['payment-card', 24, 23, 11, 0],
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
