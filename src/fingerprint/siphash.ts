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
 * The bytes of a final block that belong to the value, by how many there are (0 to 7): its low and
 * high words are masked with these, so that it is read as two whole words like every other block.
 */
const TAIL_LOW = Int32Array.from({ length: 8 }, (_, n) => (n >= 4 ? -1 : (1 << (8 * n)) - 1));
const TAIL_HIGH = Int32Array.from({ length: 8 }, (_, n) => (n <= 4 ? 0 : (1 << (8 * (n - 4))) - 1));

/**
 * SipHash-2-4 of `data[0..length)` under `key`, written into `out` (no allocation per value: the
 * matcher hashes every candidate of a mailbox).
 *
 * The 64-bit words are pairs of signed 32-bit halves (`| 0`), which V8 keeps in machine registers;
 * unsigned halves (`>>> 0`) above 2^31 are numbers it may not. The last block is read as whole words
 * and masked when the buffer has room past the value (every caller's has), not byte by byte: the
 * values' lengths vary from one to the next, and a loop over the remainder's bytes was mispredicted
 * each time. Together 10-20 % faster on values of the lengths a table gives (12 to 40 bytes).
 */
export function sipHash(key: SipKey, data: Uint8Array, length: number, out: Hash64): Hash64 {
  let v0h = key[1] ^ 0x736f6d65;
  let v0l = key[0] ^ 0x70736575;
  let v1h = key[3] ^ 0x646f7261;
  let v1l = key[2] ^ 0x6e646f6d;
  let v2h = key[1] ^ 0x6c796765;
  let v2l = key[0] ^ 0x6e657261;
  let v3h = key[3] ^ 0x74656462;
  let v3l = key[2] ^ 0x79746573;
  let t = 0;
  let ml = 0;
  let mh = 0;
  // Each 8-byte block, the last one padded with zeros and carrying the length in its top byte, is
  // xored into v3 before its two rounds and into v0 after them; one more pass of the loop is the
  // finalisation: v2 ^= 0xff and four rounds. (The rounds in a loop of their own, which the block
  // loop and the finalisation share: one loop over every round with branches in it was as slow as
  // the unsigned code.)
  const whole = length & ~7;
  for (let at = 0; ; at += 8) {
    let rounds = 2;
    if (at < whole) {
      ml = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24);
      mh = data[at + 4] | (data[at + 5] << 8) | (data[at + 6] << 16) | (data[at + 7] << 24);
    } else if (at > whole) {
      v2l ^= 0xff;
      rounds = 4;
    } else if (at + 8 <= data.length) {
      const rest = length - at;
      ml = (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) & TAIL_LOW[rest];
      mh = ((data[at + 4] | (data[at + 5] << 8) | (data[at + 6] << 16) | (data[at + 7] << 24)) & TAIL_HIGH[rest]) | (length << 24);
    } else {
      ml = 0;
      mh = length << 24;
      for (let i = 0; at + i < length; i++) {
        if (i < 4) ml |= data[at + i] << (8 * i);
        else mh |= data[at + i] << (8 * (i - 4));
      }
    }
    if (rounds === 2) {
      v3h ^= mh;
      v3l ^= ml;
    }
    for (let r = 0; r < rounds; r++) {
      // v0 += v1; v1 = rotl(v1, 13) ^ v0; v0 = rotl(v0, 32)
      t = (v0l + v1l) | 0;
      v0h = (v0h + v1h + ((t >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0;
      v0l = t;
      t = (v1h << 13) | (v1l >>> 19);
      v1l = ((v1l << 13) | (v1h >>> 19)) ^ v0l;
      v1h = t ^ v0h;
      t = v0h;
      v0h = v0l;
      v0l = t;
      // v2 += v3; v3 = rotl(v3, 16) ^ v2
      t = (v2l + v3l) | 0;
      v2h = (v2h + v3h + ((t >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0;
      v2l = t;
      t = (v3h << 16) | (v3l >>> 16);
      v3l = ((v3l << 16) | (v3h >>> 16)) ^ v2l;
      v3h = t ^ v2h;
      // v0 += v3; v3 = rotl(v3, 21) ^ v0
      t = (v0l + v3l) | 0;
      v0h = (v0h + v3h + ((t >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0;
      v0l = t;
      t = (v3h << 21) | (v3l >>> 11);
      v3l = ((v3l << 21) | (v3h >>> 11)) ^ v0l;
      v3h = t ^ v0h;
      // v2 += v1; v1 = rotl(v1, 17) ^ v2; v2 = rotl(v2, 32)
      t = (v2l + v1l) | 0;
      v2h = (v2h + v1h + ((t >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0;
      v2l = t;
      t = (v1h << 17) | (v1l >>> 15);
      v1l = ((v1l << 17) | (v1h >>> 15)) ^ v2l;
      v1h = t ^ v2h;
      t = v2h;
      v2h = v2l;
      v2l = t;
    }
    if (rounds === 4) break;
    v0h ^= mh;
    v0l ^= ml;
  }
  out.hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
  out.lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  return out;
}
