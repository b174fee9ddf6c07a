import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../src/model/normalise-address.js';

describe('normaliseAddress', () => {
  it.each([
    ['jeanne.morel@example.com', 'jeanne.morel@example.com'],
    ['Jeanne.Morel@Example.COM', 'jeanne.morel@example.com'],
    ['  jeanne.morel@example.com\t', 'jeanne.morel@example.com'],
    ['Jeanne MOREL <Jeanne.Morel@Example.COM>', 'jeanne.morel@example.com'],
    ['"Morel, Jeanne" <jeanne.morel@example.com> ', 'jeanne.morel@example.com'],
    ['<JEANNE.MOREL@EXAMPLE.COM>', 'jeanne.morel@example.com'],
    ['mailto:jeanne.morel@example.com', 'jeanne.morel@example.com'],
    ['MAILTO:Jeanne.Morel@example.com', 'jeanne.morel@example.com'],
    ['Jeanne <mailto:jeanne.morel@example.com>', 'jeanne.morel@example.com'],
    // A sub-address is another address: the list holds the one it was given.
    ['jeanne+lettre@example.com', 'jeanne+lettre@example.com'],
  ])('%j → %s', (value, expected) => {
    expect(normaliseAddress(value)).toBe(expected);
  });
});
