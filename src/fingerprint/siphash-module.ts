/**
 * SipHash-2-4 as a WebAssembly module, assembled here from its instructions (no toolchain, no
 * binary in the repository: what runs is what is read below). JavaScript has no 64-bit integer
 * but BigInt, which allocates; the script version this replaced worked on pairs of 32-bit halves
 * and spent most of its time on carries and two-part rotations, where WebAssembly's i64.add and
 * i64.rotl are one machine instruction each.
 *
 * The module's memory, one 64 KiB page or more, is laid out as:
 *   [0, 16)   the key: k0 and k1, little-endian (the reference implementation's byte order)
 *   [16, 24)  the hash of the last call, little-endian
 *   [32, …)   the value to hash; 8 bytes past its end must lie within the memory, since the last
 *             block is read as one word and masked (the caller keeps that room)
 * and `hash(length)` hashes the `length` bytes at 32 under the key at 0.
 */

export const KEY_AT = 0;
export const OUT_AT = 16;
export const INPUT_AT = 32;
/** Bytes past a value that the last block's read may touch. */
export const INPUT_SLACK = 8;

// Opcodes used (WebAssembly core specification, section 5.4).
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I64_LOAD = 0x29;
const I64_STORE = 0x37;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const I64_ADD = 0x7c;
const I64_SUB = 0x7d;
const I64_AND = 0x83;
const I64_OR = 0x84;
const I64_XOR = 0x85;
const I64_SHL = 0x86;
const I64_ROTL = 0x89;
const I64_EXTEND_I32_U = 0xad;
const I32 = 0x7f;
const I64 = 0x7e;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** A signed LEB128 of a 64-bit constant (given as BigInt: the constants use all 64 bits). */
function signedLeb(value: bigint): number[] {
  const out: number[] = [];
  value = BigInt.asIntN(64, value);
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

// Locals: the parameter, then the working words.
const LENGTH = 0;
const V0 = 1;
const V1 = 2;
const V2 = 3;
const V3 = 4;
const M = 5;
const K0 = 6;
const K1 = 7;
const AT = 8;
const END_OF_BLOCKS = 9;

const get = (local: number) => [LOCAL_GET, local];
const set = (local: number) => [LOCAL_SET, local];
/** i64 load or store, 8-byte aligned hint, at a constant offset from the address on the stack. */
const load64 = (offset: number) => [I64_LOAD, 3, ...unsignedLeb(offset)];
const store64 = (offset: number) => [I64_STORE, 3, ...unsignedLeb(offset)];
const i64 = (value: bigint) => [I64_CONST, ...signedLeb(value)];
const i32 = (value: number) => [I32_CONST, ...signedLeb(BigInt(value))];

/** a += b; b = rotl(b, bits) ^ a. */
const addRotateXor = (a: number, b: number, bits: number) => [...get(a), ...get(b), I64_ADD, ...set(a), ...get(b), ...i64(BigInt(bits)), I64_ROTL, ...get(a), I64_XOR, ...set(b)];
const rotateHalf = (v: number) => [...get(v), ...i64(32n), I64_ROTL, ...set(v)];

/** One SipRound, as the paper writes it. */
const SIP_ROUND = [...addRotateXor(V0, V1, 13), ...rotateHalf(V0), ...addRotateXor(V2, V3, 16), ...addRotateXor(V0, V3, 21), ...addRotateXor(V2, V1, 17), ...rotateHalf(V2)];

/** The block in M compressed: v3 ^= m, two rounds, v0 ^= m. */
const COMPRESS = [...get(V3), ...get(M), I64_XOR, ...set(V3), ...SIP_ROUND, ...SIP_ROUND, ...get(V0), ...get(M), I64_XOR, ...set(V0)];

const BODY = [
  ...i32(KEY_AT), ...load64(0), ...set(K0),
  ...i32(KEY_AT), ...load64(8), ...set(K1),
  ...get(K0), ...i64(0x736f6d6570736575n), I64_XOR, ...set(V0),
  ...get(K1), ...i64(0x646f72616e646f6dn), I64_XOR, ...set(V1),
  ...get(K0), ...i64(0x6c7967656e657261n), I64_XOR, ...set(V2),
  ...get(K1), ...i64(0x7465646279746573n), I64_XOR, ...set(V3),
  // The whole 8-byte blocks.
  ...i32(INPUT_AT), ...set(AT),
  ...get(LENGTH), ...i32(-8), I32_AND, ...i32(INPUT_AT), I32_ADD, ...set(END_OF_BLOCKS),
  BLOCK, VOID,
  LOOP, VOID,
  ...get(AT), ...get(END_OF_BLOCKS), I32_GE_U, BR_IF, 1,
  ...get(AT), ...load64(0), ...set(M),
  ...COMPRESS,
  ...get(AT), ...i32(8), I32_ADD, ...set(AT),
  BR, 0,
  END,
  END,
  // The last block: the 0 to 7 bytes left, read as one word and masked ((1 << 8n) - 1, which is 0
  // for none), the length's low byte on top.
  ...get(AT), ...load64(0),
  ...i64(1n), ...get(LENGTH), ...i32(7), I32_AND, ...i32(3), I32_SHL, I64_EXTEND_I32_U, I64_SHL, ...i64(1n), I64_SUB,
  I64_AND,
  ...get(LENGTH), I64_EXTEND_I32_U, ...i64(56n), I64_SHL, I64_OR,
  ...set(M),
  ...COMPRESS,
  // Finalisation: v2 ^= 0xff, four rounds, the four words xored.
  ...get(V2), ...i64(0xffn), I64_XOR, ...set(V2),
  ...SIP_ROUND, ...SIP_ROUND, ...SIP_ROUND, ...SIP_ROUND,
  ...i32(OUT_AT),
  ...get(V0), ...get(V1), I64_XOR, ...get(V2), I64_XOR, ...get(V3), I64_XOR,
  ...store64(0),
  END,
];

const section = (id: number, content: number[]) => [id, ...unsignedLeb(content.length), ...content];
const name = (text: string) => [...unsignedLeb(text.length), ...[...text].map((c) => c.charCodeAt(0))];

/** The module's bytes: `memory` (one page, growable) and `hash(length: i32)`, exported. */
export function sipHashModuleBytes(): Uint8Array<ArrayBuffer> {
  // Locals after the parameter, declared as runs of one type: 7 of i64 (v0-v3, m, k0, k1), 2 of i32 (at, end of blocks).
  const locals = [2, 7, I64, 2, I32];
  const code = [...locals, ...BODY];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name('hash'), 0x00, 0]),
    ...section(10, [1, ...unsignedLeb(code.length), ...code]),
  ]);
}
