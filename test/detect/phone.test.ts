import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../fixtures/generator/rng.js';
import { matchesIn } from '../../src/detect/detector.js';
import { phoneDetector } from '../../src/detect/detectors/phone.js';

const { parsePhoneNumberFromString } = createRequire(import.meta.url)('libphonenumber-js/min') as {
  parsePhoneNumberFromString: (text: string, country: 'FR') => { isValid(): boolean } | undefined;
};

// The phone detector decides French numbers by their shape alone, because libphonenumber-js with
// `min` metadata accepts all of them. If a metadata update changes that, this test says so.
describe('French numbers: shape and libphonenumber-js agree', () => {
  const rng = createRng(33);
  // 0 then the first three significant digits, 100 to 999, then six seeded digits.
  const numbers = Array.from({ length: 900 }, (_, i) => `0${100 + i}${rng.digits(6)}`);

  it('covers every three-digit prefix 0100 to 0999', () => {
    expect(new Set(numbers.map((n) => n.slice(0, 4))).size).toBe(900);
    expect(numbers.every((n) => /^0[1-9]\d{8}$/.test(n))).toBe(true);
  });

  it.each([
    ['national', (n: string) => n],
    ['+33', (n: string) => `+33${n.slice(1)}`],
    ['0033', (n: string) => `0033${n.slice(1)}`],
    ['grouped', (n: string) => n.replace(/(\d\d)(?=\d)/g, '$1 ')],
  ])('%s form: the library accepts all 900, and so does the detector', (_, form) => {
    const written = numbers.map(form);
    expect(written.filter((n) => parsePhoneNumberFromString(n, 'FR')?.isValid() !== true)).toEqual([]);
    expect(written.filter((n) => !phoneDetector.matchCell(n))).toEqual([]);
    expect(written.filter((n) => matchesIn(phoneDetector, `Tél. ${n}.`).length !== 1)).toEqual([]);
  });
});
