import { describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/generator/rng.js';
import { PersonKeySet } from '../../src/score/person-key-set.js';

describe('PersonKeySet', () => {
  it('adds, finds and refuses duplicates, 0 and 2^52 - 1 included', () => {
    const set = new PersonKeySet();
    const edge = 2 ** 52 - 1;
    expect([set.add(0), set.add(edge), set.add(0), set.add(edge)]).toEqual([true, true, false, false]);
    expect([set.has(0), set.has(edge), set.has(1), set.size]).toEqual([true, true, false, 2]);
  });

  it('agrees with a Set on 50,000 seeded 52-bit keys, through growth and colliding low bits', () => {
    const rng = createRng(52);
    const reference = new Set<number>();
    const set = new PersonKeySet();
    let disagreements = 0;
    for (let i = 0; i < 50_000; i++) {
      // Every fourth key shares its low 32 bits with another: the probe must compare whole keys.
      const key = i % 4 === 0 ? 7 + 2 ** 32 * rng.int(0, 2 ** 20 - 1) : rng.int(0, 2 ** 26 - 1) * 2 ** 26 + rng.int(0, 2 ** 26 - 1);
      if (set.add(key) === reference.has(key)) disagreements++;
      reference.add(key);
    }
    expect(disagreements).toBe(0);
    expect(set.size).toBe(reference.size);
    expect([...set].sort((a, b) => a - b)).toEqual([...reference].sort((a, b) => a - b));
    expect(set.has(2 ** 40 + 3)).toBe(reference.has(2 ** 40 + 3));
  });
});
