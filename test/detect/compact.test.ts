import { describe, expect, it } from 'vitest';
import { compactText, readCompact } from '../../src/detect/compact.js';
import { ibanMod97, ibanMod97Compact, nirBodyCompact, nirKey, nirKeyCompact, ribKey, ribKeyCompact } from '../../src/detect/validators.js';

describe('readCompact', () => {
  it.each([
    ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['fr76-3000.6000\u00a00112\u202f3456\t7890 189', 'FR7630006000011234567890189'],
    ['1 85 05 78 006 084 91', '185057800608491'],
    ['', ''],
    [' - . ', ''],
  ])('%j reads as %j', (value, compact) => {
    const length = readCompact(value);
    expect(length).toBe(compact.length);
    expect(compactText(0, length)).toBe(compact);
  });

  it.each(['FR76 3000/6000', 'é123', '12,50', 'x'.repeat(41), 'ＦＲ76'])('%j is no identifier: -1', (value) => {
    expect(readCompact(value)).toBe(-1);
  });

  it('takes 40 characters, not 41', () => {
    expect(readCompact('9'.repeat(40))).toBe(40);
    expect(readCompact('9'.repeat(41))).toBe(-1);
  });
});

// The string validators and their buffer forms must agree, separators or not.
describe('validators on the buffer agree with the string validators', () => {
  it.each([
    ['FR7630006000011234567890189', true],
    ['FR7630006000011234567890188', false],
    ['GB82WEST12345698765432', true],
    ['DE89370400440532013000', true],
  ])('IBAN %s: %s', (iban, expected) => {
    expect(ibanMod97(iban)).toBe(expected);
    expect(ibanMod97Compact(readCompact(iban.replace(/(.{4})/g, '$1 ')))).toBe(expected);
  });

  it.each([
    ['185057800608491', true],
    ['185057800608490', false],
    ['290022A12345678', true],
    ['290022B12345608', true],
    ['290022B12345678', false],
  ])('NIR %s: %s', (nir, expected) => {
    expect(nirKey(nir)).toBe(expected);
    expect(nirKeyCompact(readCompact(`${nir.slice(0, 1)} ${nir.slice(1, 3)} ${nir.slice(3, 5)} ${nir.slice(5, 7)} ${nir.slice(7, 10)} ${nir.slice(10, 13)} ${nir.slice(13)}`))).toBe(expected);
  });

  it.each([
    ['1850578006084', true],
    ['290022A123456', true],
    ['985057800608', false],
    ['9850578006084', false],
    ['290022C123456', false],
  ])('NIR body %s: %s', (body, expected) => {
    expect(nirBodyCompact(readCompact(body))).toBe(expected);
  });

  it.each([
    ['30006000011234567890189', true],
    ['30006000011234567890188', false],
    ['20041010050500013M02606', true], // account with a letter
  ])('RIB %s: %s', (rib, expected) => {
    expect(ribKey(rib)).toBe(expected);
    expect(ribKeyCompact(readCompact(`FR00${rib}`), 4)).toBe(expected);
  });
});
