import { describe, expect, it } from 'vitest';
import { sipHash, sipKey } from '../../src/fingerprint/siphash.js';

// The reference implementation's vectors (key 00..0f, message 00..n-1), from the SipHash paper's test.c.
const VECTORS: [number, string][] = [
  [0, '726fdb47dd0e0e31'],
  [1, '74f839c593dc67fd'],
  [2, '0d6c8009d9a94f5a'],
  [3, '85676696d7fb7e2d'],
  [7, 'ab0200f58b01d137'],
  [8, '93f5f5799a932462'],
  [15, 'a129ca6149be45e5'],
  [16, '3f2acc7f57c29bdb'],
];

describe('SipHash-2-4', () => {
  const key = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i));
  const message = Uint8Array.from({ length: 64 }, (_, i) => i);
  it.each(VECTORS)('gives the reference value for %i bytes', (length, expected) => {
    const out = sipHash(key, message, length, { hi: 0, lo: 0 });
    expect(out.hi.toString(16).padStart(8, '0') + out.lo.toString(16).padStart(8, '0')).toBe(expected);
  });

  it('gives another value under another key', () => {
    const other = sipKey(Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : i)));
    expect(sipHash(other, message, 0, { hi: 0, lo: 0 })).not.toEqual({ hi: 0x726fdb47, lo: 0xdd0e0e31 });
  });
});
