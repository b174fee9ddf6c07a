import { describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/generator/rng.js';
import { ibanMod97, luhn, mod97, nirKey } from '../../src/detect/validators.js';

/** Independent oracle for the NIR key: BigInt arithmetic, Corsica 2A/2B read as 19/18. */
const keyOf = (body: string) => String(97n - (BigInt(body.replace('2A', '19').replace('2B', '18')) % 97n)).padStart(2, '0');

describe('luhn', () => {
  it.each([
    ['4970101234567893', true], // test card of the payment-card detector
    ['5555555555554444', true],
    ['79927398713', true], // textbook Luhn example
    ['732829320', true], // SIREN
    ['73282932000074', true], // SIRET of that SIREN
    ['0', true],
    ['4970101234567894', false],
    ['79927398710', false],
    ['732829321', false],
    ['', false],
    ['4970 1012 3456 7893', false], // separators must be removed first
    ['49701O1234567893', false], // letter O
  ])('luhn(%j) is %s', (digits, expected) => {
    expect(luhn(digits)).toBe(expected);
  });
});

describe('mod97', () => {
  it.each(['0', '96', '97', '1234567890123456789012345', '302080000000000000000000000000', '99999999999999999999999999999999'])(
    'mod97(%s) equals the BigInt remainder',
    (decimal) => {
      expect(mod97(decimal)).toBe(Number(BigInt(decimal) % 97n));
    },
  );
});

describe('ibanMod97', () => {
  it.each([
    ['FR7630006000011234567890189', true],
    ['DE89370400440532013000', true],
    ['GB82WEST12345698765432', true],
    ['BE68539007547034', true],
    ['FR7630006000011234567890188', false], // last digit changed
    ['FR7730006000011234567890189', false], // key changed
    ['FR7630006000011234567890198', false], // two digits swapped
    ['DE89370400440532013001', false],
    ['fr7630006000011234567890189', false], // lower case: callers upper-case first
    ['FR76 3000 6000 0112 3456 7890 189', false], // spaces: callers compact first
    ['FR76300060', false], // too short for the shape
    ['7630006000011234567890189FR', false],
  ])('ibanMod97(%j) is %s', (iban, expected) => {
    expect(ibanMod97(iban)).toBe(expected);
  });
});

describe('nirKey', () => {
  it.each([
    ['185057800608491', true],
    ['185057800608490', false],
    ['185057800608492', false],
    ['290022A12345678', true], // Corsica 2A: 2900219123456 mod 97 → key 78
    ['290022A12345677', false],
    ['290022B12345608', true], // Corsica 2B: read as 18 → key 08
    ['290022B12345678', false], // the 2A key does not fit 2B
    ['290022012345651', true],
    ['180017512345660', true],
    ['985057800608491', false], // first digit 9 is no sex/status code
    ['585057800608491', false],
    ['18505780060849', false], // 14 characters
    ['1850578006084911', false], // 16 characters
    ['1 85 05 78 006 084 91', false], // spaces: callers compact first
    ['18505780060849A', false],
  ])('nirKey(%j) is %s', (nir, expected) => {
    expect(nirKey(nir)).toBe(expected);
  });

  it('the oracle agrees with the known example key', () => {
    expect(keyOf('1850578006084')).toBe('91');
    expect(keyOf('290022A123456')).toBe('78');
    expect(keyOf('290022B123456')).toBe('08');
  });

  // 200 seeded bodies: the right key passes, the keys one off either side fail.
  const rng = createRng(20220805);
  const bodies = Array.from({ length: 200 }, (_, i) => {
    const dept = i % 20 === 0 ? '2A' : i % 20 === 1 ? '2B' : rng.digits(2);
    return `${rng.pick(['1', '2', '3', '4', '7', '8'])}${rng.digits(4)}${dept}${rng.digits(6)}`;
  });

  it.each(bodies)('body %s: right key passes, key ± 1 fails', (body) => {
    const key = Number(keyOf(body));
    const pad = (n: number) => String(n).padStart(2, '0');
    expect([nirKey(body + pad(key)), nirKey(body + pad(key - 1)), nirKey(body + pad(key + 1))]).toEqual([true, false, false]);
  });
});
