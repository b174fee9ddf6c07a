import { describe, expect, it } from 'vitest';
import { createRng } from '../../../fixtures/generator/rng.js';
import { collapseLineSpace, trimBlankLines } from '../../../src/extract/text/line-space.js';

/** Texts made of the characters the clean-up treats differently: letters, line spaces, line ends, other white space. */
function randomTexts(seed: number, count: number): string[] {
  const rng = createRng(seed);
  const pieces = ['a', 'b', ' ', '  ', '\t', '\u00a0', '\n', '\n\n', '\r', '\f', '\u2003', '\u3000', 'é'];
  return Array.from({ length: count }, () => Array.from({ length: rng.int(0, 24) }, () => rng.pick(pieces)).join(''));
}

describe('collapseLineSpace', () => {
  it('joins a line end, the spaces before it and the white space after it into one line end', () => {
    expect(collapseLineSpace('Jeanne  \u00a0\n \n\t\r\n  Morel \n')).toBe('Jeanne\nMorel\n');
    expect(collapseLineSpace('sans fin de ligne  ')).toBe('sans fin de ligne  ');
  });

  it('gives what the regex it replaces gives, on 5,000 random texts', () => {
    for (const text of randomTexts(3, 5000)) expect(collapseLineSpace(text)).toBe(text.replace(/[ \t\u00a0]*\n\s*/g, '\n'));
  });
});

describe('trimBlankLines', () => {
  it('drops blank lines before and after the text, not the spaces of its own first and last lines', () => {
    expect(trimBlankLines(' \n\t\n  Jeanne\n\nMorel  \n \u00a0\n')).toBe('  Jeanne\n\nMorel  ');
    expect(trimBlankLines(' \n \n ')).toBe(' ');
  });

  it('gives what the regex it replaces gives, on 5,000 random texts', () => {
    for (const text of randomTexts(4, 5000)) expect(trimBlankLines(text)).toBe(text.replace(/^(?:[ \t\u00a0]*\n)+|(?:\n[ \t\u00a0]*)+$/g, ''));
  });
});
