/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF"): a keyed hash that
 * cannot be computed, nor its outputs tested against guesses, without its 128-bit key. Node has
 * no SipHash, and HMAC-SHA-256 through node:crypto costs about 5 µs a value here, which on a
 * million-customer base or a mailbox's candidate values is most of the run; this one, in 32-bit
 * halves, costs a tenth of that.
 */

/** A 128-bit key as four 32-bit words: k0 low, k0 high, k1 low, k1 high (little-endian bytes 0-15). */
export type SipKey = readonly [number, number, number, number];

/** The 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/** A key from 16 bytes, in the reference implementation's byte order. */
export function sipKey(bytes: Uint8Array): SipKey {
  if (bytes.length < 16) throw new Error('a SipHash key is 16 bytes');
  const word = (at: number) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
  return [word(0), word(4), word(8), word(12)];
}

/**
 * SipHash-2-4 of `data[0..length)` under `key`, written into `out` (no allocation per value: the
 * matcher hashes every candidate of a mailbox).
 */
export function sipHash(key: SipKey, data: Uint8Array, length: number, out: Hash64): Hash64 {
  // v0..v3 as high and low halves.
  let v0h = (key[1] ^ 0x736f6d65) >>> 0;
  let v0l = (key[0] ^ 0x70736575) >>> 0;
  let v1h = (key[3] ^ 0x646f7261) >>> 0;
  let v1l = (key[2] ^ 0x6e646f6d) >>> 0;
  let v2h = (key[1] ^ 0x6c796765) >>> 0;
  let v2l = (key[0] ^ 0x6e657261) >>> 0;
  let v3h = (key[3] ^ 0x74656462) >>> 0;
  let v3l = (key[2] ^ 0x79746573) >>> 0;
  let t = 0;
  let ml = 0;
  let mh = 0;
  // One loop over every round, so that the state stays in registers: each 8-byte block (the last
  // one padded and carrying the length) is xored into v3 before its two rounds and into v0 after
  // them, and the four finalisation rounds follow with v2 ^= 0xff.
  const whole = length - (length % 8);
  const absorbing = 2 * (whole / 8 + 1);
  for (let r = 0; r < absorbing + 4; r++) {
    if (r < absorbing && (r & 1) === 0) {
      const at = 4 * r;
      if (at < whole) {
        ml = (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0;
        mh = (data[at + 4] | (data[at + 5] << 8) | (data[at + 6] << 16) | (data[at + 7] << 24)) >>> 0;
      } else {
        ml = 0;
        mh = (length & 0xff) << 24;
        for (let i = 0; at + i < length; i++) {
          if (i < 4) ml |= data[at + i] << (8 * i);
          else mh |= data[at + i] << (8 * (i - 4));
        }
        ml >>>= 0;
        mh >>>= 0;
      }
      v3h = (v3h ^ mh) >>> 0;
      v3l = (v3l ^ ml) >>> 0;
    }
    // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
    t = (v0l + v1l) >>> 0;
    v0h = (v0h + v1h + (t < v0l ? 1 : 0)) >>> 0;
    v0l = t;
    t = ((v1h << 13) | (v1l >>> 19)) >>> 0;
    v1l = ((v1l << 13) | (v1h >>> 19)) >>> 0;
    v1h = (t ^ v0h) >>> 0;
    v1l = (v1l ^ v0l) >>> 0;
    t = v0h;
    v0h = v0l;
    v0l = t;
    // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
    t = (v2l + v3l) >>> 0;
    v2h = (v2h + v3h + (t < v2l ? 1 : 0)) >>> 0;
    v2l = t;
    t = ((v3h << 16) | (v3l >>> 16)) >>> 0;
    v3l = ((v3l << 16) | (v3h >>> 16)) >>> 0;
    v3h = (t ^ v2h) >>> 0;
    v3l = (v3l ^ v2l) >>> 0;
    // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
    t = (v0l + v3l) >>> 0;
    v0h = (v0h + v3h + (t < v0l ? 1 : 0)) >>> 0;
    v0l = t;
    t = ((v3h << 21) | (v3l >>> 11)) >>> 0;
    v3l = ((v3l << 21) | (v3h >>> 11)) >>> 0;
    v3h = (t ^ v0h) >>> 0;
    v3l = (v3l ^ v0l) >>> 0;
    // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
    t = (v2l + v1l) >>> 0;
    v2h = (v2h + v1h + (t < v2l ? 1 : 0)) >>> 0;
    v2l = t;
    t = ((v1h << 17) | (v1l >>> 15)) >>> 0;
    v1l = ((v1l << 17) | (v1h >>> 15)) >>> 0;
    v1h = (t ^ v2h) >>> 0;
    v1l = (v1l ^ v2l) >>> 0;
    t = v2h;
    v2h = v2l;
    v2l = t;
    if (r < absorbing && (r & 1) === 1) {
      v0h = (v0h ^ mh) >>> 0;
      v0l = (v0l ^ ml) >>> 0;
      if (r === absorbing - 1) v2l = (v2l ^ 0xff) >>> 0;
    }
  }
  out.hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  out.lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  return out;
}
