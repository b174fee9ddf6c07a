import { describe, expect, it } from 'vitest';
import { forEachIdToken, ID_TOKEN_PATTERN } from '../../src/fingerprint/id-tokens.js';
import { createRng } from '../../fixtures/generator/rng.js';

const tokens = (text: string) => {
  const out: string[] = [];
  forEachIdToken(text, (t) => out.push(t));
  return out;
};
/** What the pattern's own global search finds: the reference the fast walk must equal. */
const byRegex = (text: string) => [...text.matchAll(new RegExp(ID_TOKEN_PATTERN.source, 'g'))].map((m) => m[0]);

describe('forEachIdToken', () => {
  it('finds numbers as written in a letter, not inside words or e-mails, nor runs too long to be one', () => {
    const text = 'Abonné 12345678, réf. AB-2021/0042 et C_004512K. Compte x7777 ; code 123 ; jean.0123456@exemple.fr ; ABCDEFGH123456 ; 1234 ; /98765 ; ' + '9'.repeat(40);
    expect(tokens(text)).toEqual(['12345678', 'AB-2021/0042', 'C_004512K', 'x7777', '1234', '/98765']);
    expect(tokens(text)).toEqual(byRegex(text));
  });

  it('gives the same tokens as the pattern on 30,000 generated texts of letters, digits and separators', () => {
    const rng = createRng(20261204);
    const pieces = ['a', 'Z', 'é', 'x', 'AB', 'ABCDEFG', '0', '1', '7', '1234', '12345678901234567890123456789012345', '-', '/', '_', '.', '@', '+', ' ', '\n', ';'];
    let differing = 0;
    let found = 0;
    for (let k = 0; k < 30_000; k++) {
      let text = '';
      const length = 1 + rng.int(0, 24);
      for (let i = 0; i < length; i++) text += pieces[rng.int(0, pieces.length - 1)];
      const expected = byRegex(text);
      found += expected.length;
      if (tokens(text).join('\u0000') !== expected.join('\u0000')) differing++;
    }
    expect(differing).toBe(0);
    // The texts hold tokens at all: the comparison is not between two empty lists.
    expect(found).toBeGreaterThan(5_000);
  });
});
