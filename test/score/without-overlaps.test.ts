import { describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/generator/rng.js';
import type { TextMatch } from '../../src/detect/detector.js';
import type { Entity } from '../../src/model/entities.js';
import { withoutOverlaps } from '../../src/score/without-overlaps.js';

const PRIORITY: Partial<Record<string, number>> = {
  'customer-id': 0, 'meter-id': 0, nir: 1, iban: 1, rib: 1, 'payment-card': 1, siret: 1, 'vat-fr': 1, siren: 2, 'birth-date': 2, email: 3, phone: 4, 'postal-address': 5,
};

/** The definition the sweep must agree with: every match compared with every kept one. */
function reference(matches: TextMatch[]): TextMatch[] {
  const rank = (m: TextMatch) => PRIORITY[m.entity] ?? 6;
  const kept: TextMatch[] = [];
  for (const m of [...matches].sort((a, b) => rank(a) - rank(b) || a.index - b.index)) {
    const end = m.index + m.value.length;
    if (!kept.some((k) => m.index < k.index + k.value.length && end > k.index)) kept.push(m);
  }
  return kept.sort((a, b) => a.index - b.index);
}

const ENTITIES: Entity[] = ['customer-id', 'meter-id', 'nir', 'iban', 'siren', 'email', 'phone', 'postal-address', 'full-name', 'postal-code'];

describe('withoutOverlaps', () => {
  it('keeps the most specific of overlapping matches, then the leftmost, in text order', () => {
    const m = (entity: Entity, index: number, value: string): TextMatch => ({ entity, index, value });
    const phone = m('phone', 12, '0835154188');
    const id = m('customer-id', 12, '0835154188');
    const name = m('full-name', 0, 'Jeanne Morel');
    const code = m('postal-code', 30, '83400');
    const address = m('postal-address', 24, '12 rue 83400');
    expect(withoutOverlaps([phone, name, code, id, address])).toEqual([name, id, address]);
  });

  it('agrees with the pairwise definition on 2,000 random records', () => {
    const rng = createRng(7);
    for (let record = 0; record < 2000; record++) {
      const matches: TextMatch[] = [];
      for (let i = rng.int(0, 30); i > 0; i--) matches.push({ entity: rng.pick(ENTITIES), index: rng.int(0, 120), value: 'x'.repeat(rng.int(1, 25)) });
      expect(withoutOverlaps(matches)).toEqual(reference(matches));
    }
  });
});
