import { describe, expect, it } from 'vitest';
import { SipHasher, sipHash, sipKey } from '../../src/fingerprint/siphash.js';

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

  it('matches a 64-bit reference on random keys and values, whether or not the buffer has room past the value', () => {
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    for (let n = 0; n < 400; n++) {
      const keyBytes = Uint8Array.from({ length: 16 }, next);
      const length = n % 40;
      const value = Uint8Array.from({ length }, next);
      const roomy = new Uint8Array(length + 16).fill(0xa5);
      roomy.set(value);
      const expected = referenceSipHash(keyBytes, value);
      for (const buffer of [value, roomy]) {
        const out = sipHash(sipKey(keyBytes), buffer, length, { hi: 0, lo: 0 });
        expect((BigInt(out.hi) << 32n) | BigInt(out.lo)).toBe(expected);
      }
    }
  });

  it('hashes value after value in one hasher as each alone: a shorter value after a longer one is not read with its bytes', () => {
    const keyBytes = Uint8Array.from({ length: 16 }, (_, i) => 200 - i);
    const hasher = new SipHasher(sipKey(keyBytes));
    const out = { hi: 0, lo: 0 };
    for (let length = 40; length >= 0; length--) {
      const value = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      hasher.input.fill(0xff, 0, 48);
      hasher.input.set(value);
      hasher.hash(length, out);
      expect((BigInt(out.hi) << 32n) | BigInt(out.lo), `${length} bytes`).toBe(referenceSipHash(keyBytes, value));
    }
  });

  it('grows its memory for a value past the first 64 KiB, and hashes it whole', () => {
    const keyBytes = Uint8Array.from({ length: 16 }, (_, i) => i * 3);
    const value = Uint8Array.from({ length: 70_003 }, (_, i) => (i * 7) & 0xff);
    const hasher = new SipHasher(sipKey(keyBytes));
    expect(hasher.input.length).toBeLessThan(value.length);
    hasher.reserve(value.length).set(value);
    expect(hasher.input.length).toBeGreaterThanOrEqual(value.length);
    const out = hasher.hash(value.length, { hi: 0, lo: 0 });
    expect((BigInt(out.hi) << 32n) | BigInt(out.lo)).toBe(referenceSipHash(keyBytes, value));
    // A value differing in its last byte only hashes otherwise: the whole value was read.
    hasher.input[value.length - 1] ^= 1;
    const other = hasher.hash(value.length, { hi: 0, lo: 0 });
    expect(other).not.toEqual(out);
  });
});

/** SipHash-2-4 as the paper writes it, on BigInt words: slow and plain, to check the WebAssembly module against. */
function referenceSipHash(keyBytes: Uint8Array, message: Uint8Array): bigint {
  const MASK = (1n << 64n) - 1n;
  const word = (bytes: Uint8Array, at: number) => {
    let w = 0n;
    for (let i = 7; i >= 0; i--) w = (w << 8n) | BigInt(bytes[at + i] ?? 0);
    return w;
  };
  const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & MASK;
  const k0 = word(keyBytes, 0);
  const k1 = word(keyBytes, 8);
  const v = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  const round = () => {
    v[0] = (v[0] + v[1]) & MASK;
    v[1] = rotl(v[1], 13n) ^ v[0];
    v[0] = rotl(v[0], 32n);
    v[2] = (v[2] + v[3]) & MASK;
    v[3] = rotl(v[3], 16n) ^ v[2];
    v[0] = (v[0] + v[3]) & MASK;
    v[3] = rotl(v[3], 21n) ^ v[0];
    v[2] = (v[2] + v[1]) & MASK;
    v[1] = rotl(v[1], 17n) ^ v[2];
    v[2] = rotl(v[2], 32n);
  };
  const padded = new Uint8Array(message.length - (message.length % 8) + 8);
  padded.set(message);
  padded[padded.length - 1] = message.length & 0xff;
  for (let at = 0; at < padded.length; at += 8) {
    const m = word(padded, at);
    v[3] ^= m;
    round();
    round();
    v[0] ^= m;
  }
  v[2] ^= 0xffn;
  for (let r = 0; r < 4; r++) round();
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}
