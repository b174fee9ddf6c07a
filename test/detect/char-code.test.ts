import { describe, expect, it } from 'vitest';
import { charCode } from '../../src/detect/char-code.js';

describe('charCode: a character read whatever the string is made of', () => {
  const base = 'Hyères 83400 constance_morel@mail.example.net ';
  // Strings as parsers leave them: slices, joins, two bytes a character, internalised keys, numbers made text.
  const made: [string, string][] = [
    ['literal', base],
    ['slice', base.repeat(3).slice(7, 60)],
    ['join', base + String(Date.now() % 1) + base],
    ['two-byte', `€${base}`.slice(1)],
    ['internalised', Object.keys({ [base.trim()]: 1 })[0]],
    ['number', String(2 ** 40)],
    ['empty', ''],
  ];

  it.each(made)('%s: every index as charCodeAt reads it, NaN past either end', (_, text) => {
    for (let i = 0; i < text.length; i++) expect(charCode(text, i)).toBe(text.charCodeAt(i));
    expect(charCode(text, text.length)).toBeNaN();
    expect(charCode(text, -1)).toBeNaN();
  });

  it('reads each string alike when one loop meets them all', () => {
    const sum = (text: string) => {
      let total = 0;
      for (let i = 0, length = text.length; i < length; i++) total += charCode(text, i);
      return total;
    };
    const expected = (text: string) => [...text].reduce((total, ch) => total + ch.charCodeAt(0) + (ch.length > 1 ? ch.charCodeAt(1) : 0), 0);
    for (let round = 0; round < 200; round++) for (const [, text] of made) expect(sum(text)).toBe(expected(text));
  });
});
