import { describe, expect, it } from 'vitest';
import { NameKeyBytes } from '../../src/fingerprint/name-key.js';
import { namePostcode, pairPostcode } from '../../src/fingerprint/normalise.js';

/** Names a seeded generator spreads over Latin-1, with civilities, separators and a few words too many. */
function names(count: number): string[] {
  const out = ['DUPONT', 'Jean', 'M. Jean', 'Mme', 'Zoë-Ève', "d'Hérouville", 'Lætitia', 'Strauß', 'Ñúñez', 'a b c d e f g', 'Du2pont', 'Jean¼', 'Dr.', 'Œdipe', 'Ðan', '', ' ', 'A B C'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const pool = 'abcdeyzABCDEYZ   -.\'éèÉÈçÇæÆßøØÿðþ×÷ª¹µ0';
  for (let i = 0; i < count; i++) out.push(Array.from({ length: 1 + (next() % 14) }, () => pool[next() % pool.length]).join(''));
  return out;
}

describe('name keys spelt as bytes', () => {
  it('spell every name and pair of cells exactly as the text route does', () => {
    const key = new NameKeyBytes();
    const cells = names(600);
    let spelt = 0;
    for (const first of cells) {
      for (const second of [undefined, ...cells.slice(0, 40)]) {
        const text = second === undefined ? namePostcode(first, '83000') : pairPostcode(first, second, '83000');
        const bytes = key.spell(first, second, '83000');
        // null: left to the text route (a character past Latin-1 or a digit); never a different answer.
        if (bytes === null) continue;
        expect(bytes ? key.text() : null, JSON.stringify([first, second])).toBe(text);
        if (bytes) spelt++;
      }
    }
    // The byte route answers for most names (all Latin-1 letters): a shortcut nobody takes would pass too.
    expect(spelt).toBeGreaterThan(5000);
    expect(key.spell('M. Jean', 'DUPONT', '75011')).toBe(true);
    expect(key.text()).toBe('dupont jean|75011');
    expect(key.spell('Mme', 'DUPONT', '75011')).toBe(false);
    expect(key.spell('Jean', '李', '75011')).toBeNull();
  });
});
