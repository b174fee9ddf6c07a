import { randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import { charCode } from '../detect/char-code.js';
import { deriveSipKey, FingerprintError, keyCheck } from './fingerprint-key.js';
import { FINGERPRINT_KINDS, kindCode, type FingerprintKind } from './kinds.js';
import { SipHasher, type Hash64, type SipKey } from './siphash.js';

/**
 * The fingerprint file (`.pii-fp`): keyed hashes of the values that single out each customer of
 * the organisation's base, and for each hash the customer record it belongs to. No value, no
 * name, no count per customer: a JSON header (format, salt, hash width, counts per kind) and three
 * little-endian arrays that are used where they lie once the file is read.
 *
 *   "PII-FP1\n"   8 bytes
 *   header size   uint32, then the header's JSON, padded with spaces to a multiple of 4
 *   offsets       uint32 × (2^bucketBits + 1): where each bucket's entries start
 *   check         uint32 × entries: the hash's low 32 bits
 *   record        uint32 × entries: the customer record the value belongs to (low 29 bits) and
 *                 the value's kind (top 3 bits: the counts per kind are counted, never trusted)
 *
 * A value's 64-bit SipHash picks its bucket by its top `bucketBits` bits, and is told from the
 * bucket's other entries by its low 32: `32 + bucketBits` bits of the hash are kept (52 for a
 * million customers), 8 bytes and a fraction per value. A random value of a mail then meets some
 * customer's hash with a chance of about 1 in 2^32 / 4 per value looked up.
 */
const MAGIC = 'PII-FP1\n';

export interface FingerprintHeader {
  format: 'pii-scan fingerprints';
  version: 1;
  created: string;
  updated?: string;
  hash: 'siphash-2-4';
  /** Bits of each value's hash the file keeps. */
  hashBits: number;
  bucketBits: number;
  /** Hex; mixed into the key, so that two bases made with one secret share no hash. */
  salt: string;
  /** Tells the right key from a wrong one (fingerprint-key.ts). */
  keyCheck: string;
  /** Customer records in the file. */
  records: number;
  /** The next record's number (records removed by an update leave gaps). */
  nextRecord: number;
  entries: number;
  /** Values fingerprinted, per kind. */
  counts: Partial<Record<FingerprintKind, number>>;
  /**
   * The shapes of the base's customer numbers (`A999999`: letters and digits by position), as
   * keyed hashes like the values: a matcher turns away a mail's dates, amounts and other
   * organisations' references without a look-up, and nobody without the key learns the format.
   * Absent when the base has more than MAX_ID_SHAPES shapes: every number is then looked up.
   */
  idShapes?: string[];
}

/** Customer-number shapes a file lists at most: a base's numbers follow a format or two. */
export const MAX_ID_SHAPES = 64;

/**
 * A normalised customer number's shape as a number: its length, and a bit per letter's position
 * (numbers are at most 32 characters). No string is made for the values a matcher turns away.
 */
export function idShapeOf(value: string): number {
  let letters = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 57) letters |= 1 << i;
  return value.length * 2 ** 32 + (letters >>> 0);
}

function validShapes(shapes: unknown): boolean {
  return shapes === undefined || (Array.isArray(shapes) && shapes.length <= MAX_ID_SHAPES && shapes.every((s) => typeof s === 'string' && /^[0-9a-f]{16}$/.test(s)));
}

/** The text a shape is hashed as: never a normalised customer number (those are [A-Z0-9] only). */
function idShapeText(shape: number): string {
  const length = Math.floor(shape / 2 ** 32);
  let text = '#shape ';
  for (let i = 0; i < length; i++) text += (shape >>> i) & 1 ? 'A' : '9';
  return text;
}

function idShapeHash(hasher: FingerprintHasher, shape: number): string {
  const { hi, lo } = hasher.hash('customer-id', idShapeText(shape));
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Hashes kind + value under a file's key, in the hasher's own memory: nothing allocated per value. */
export class FingerprintHasher {
  private readonly sip: SipHasher;
  private readonly encoder = new TextEncoder();
  readonly out: Hash64 = { hi: 0, lo: 0 };

  constructor(readonly key: SipKey) {
    this.sip = new SipHasher(key);
  }

  hash(kind: FingerprintKind, value: string): Hash64 {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const input = this.sip.reserve(value.length * 3 + 1);
    input[0] = KIND_CODES[kind];
    // Nearly every value is ASCII (numbers, e-mails, folded names): its bytes are its characters.
    let length = 1;
    for (let i = 0, end = value.length; i < end; i++) {
      const c = charCode(value, i);
      if (c >= 0x80) {
        length = 1 + this.encoder.encodeInto(value, input.subarray(1)).written;
        break;
      }
      input[length++] = c;
    }
    return this.sip.hash(length, this.out);
  }

  /** The hash of a value already spelt as bytes, `buffer[0..length)`. */
  hashBytes(kind: FingerprintKind, buffer: Uint8Array, length: number): Hash64 {
    const input = this.sip.reserve(length + 1);
    input[0] = KIND_CODES[kind];
    for (let i = 0; i < length; i++) input[i + 1] = buffer[i];
    return this.sip.hash(length + 1, this.out);
  }
}

const KIND_CODES = Object.fromEntries(FINGERPRINT_KINDS.map((k) => [k, kindCode(k)])) as Record<FingerprintKind, number>;

/** A copy of `values` in an array twice its length: a growing list of numbers without a JavaScript array's boxes. */
export function doubled(values: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(2 * values.length);
  grown.set(values);
  return grown;
}

/** Bucket bits for a number of entries: about two entries a bucket, within 8 and 22 bits. */
export function bucketBitsFor(entries: number): number {
  return Math.max(8, Math.min(22, Math.floor(Math.log2(Math.max(1, entries / 2)))));
}

/** The two bits of a bucket's presence word an entry of this check sets (FingerprintIndex.present). */
const presenceBits = (check: number): number => (1 << (check & 31)) | (1 << ((check >>> 5) & 31));

/** Record numbers fit in 29 bits; the kind takes the top 3 of an entry's record word. */
const RECORD_BITS = 29;
export const MAX_RECORDS = 2 ** RECORD_BITS;
const RECORD_MASK = MAX_RECORDS - 1;

/** Records one value may belong to and still single them out (a household's phone, two homonyms of one village). */
export const MAX_SHARED = 8;

/** Sorts entries [from, to) by (check, record): by insertion when few (nearly always), else by an index sort. */
function sortBucket(check: Uint32Array, record: Uint32Array, from: number, to: number): void {
  if (to - from <= 16) {
    for (let i = from + 1; i < to; i++) {
      const c = check[i];
      const r = record[i];
      let j = i;
      while (j > from && (check[j - 1] > c || (check[j - 1] === c && record[j - 1] > r))) {
        check[j] = check[j - 1];
        record[j] = record[j - 1];
        j--;
      }
      check[j] = c;
      record[j] = r;
    }
    return;
  }
  const order = Array.from({ length: to - from }, (_, k) => from + k).sort((x, y) => check[x] - check[y] || record[x] - record[y]);
  const c = order.map((i) => check[i]);
  const r = order.map((i) => record[i]);
  check.set(c, from);
  record.set(r, from);
}

/** Collects (hash, record) entries and writes the file. */
export class FingerprintBuilder {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private rec = new Uint32Array(1024);
  private size = 0;
  readonly hasher: FingerprintHasher;
  readonly sipKey: SipKey;

  /**
   * A new file's builder (a fresh salt), or an update's: `from` keeps the file's salt and bucket
   * bits, since the bits of a hash below its bucket and check were never kept.
   */
  constructor(
    secret: Buffer,
    private readonly from?: FingerprintIndex,
  ) {
    this.salt = from ? Buffer.from(from.header.salt, 'hex') : randomBytes(16);
    this.sipKey = deriveSipKey(secret, this.salt);
    this.hasher = new FingerprintHasher(this.sipKey);
  }

  private readonly salt: Buffer;

  get entries(): number {
    return this.size;
  }

  /** The shapes of the customer numbers added (idShapeOf), until there are too many to list. */
  private readonly idShapes = new Set<number>();

  /** Values left out by `finish` because more than MAX_SHARED records share them. */
  sharedLeftOut = 0;

  /** One value of a record; `value` already normalised (normalise.ts). */
  add(kind: FingerprintKind, value: string, record: number): void {
    if (record >= MAX_RECORDS) throw new FingerprintError(`more than ${MAX_RECORDS} customer records: split the base`);
    if (kind === 'customer-id' && this.idShapes.size <= MAX_ID_SHAPES) this.idShapes.add(idShapeOf(value));
    const { hi, lo } = this.hasher.hash(kind, value);
    this.push(hi, lo, ((kindCode(kind) - 1) * MAX_RECORDS + record) >>> 0);
  }

  /** An entry of the file being updated, as kept there (its bucket's bits at the top, its record word). */
  keep(hiPrefix: number, lo: number, word: number): void {
    this.push(hiPrefix, lo, word);
  }

  /** Values per kind in the file `finish` wrote. */
  counts: Partial<Record<FingerprintKind, number>> = {};

  private push(hi: number, lo: number, record: number): void {
    if (this.size === this.hi.length) {
      this.hi = doubled(this.hi);
      this.lo = doubled(this.lo);
      this.rec = doubled(this.rec);
    }
    this.hi[this.size] = hi;
    this.lo[this.size] = lo;
    this.rec[this.size] = record;
    this.size++;
  }

  /**
   * The file's bytes. Entries are placed by bucket (a counting sort: linear in the entries), sorted
   * within their bucket, and the same value of the same record given twice kept once.
   */
  finish(meta: { records: number; nextRecord: number; created?: string }): Uint8Array {
    if (endianness() !== 'LE') throw new FingerprintError('fingerprint files are written on little-endian machines only');
    const bits = this.from ? this.from.header.bucketBits : bucketBitsFor(this.size);
    const buckets = 2 ** bits;
    const shift = 32 - bits;
    const starts = new Uint32Array(buckets + 1);
    for (let i = 0; i < this.size; i++) starts[(this.hi[i] >>> shift) + 1]++;
    for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
    const fill = starts.slice(0, buckets);
    const check = new Uint32Array(this.size);
    const record = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const at = fill[this.hi[i] >>> shift]++;
      check[at] = this.lo[i];
      record[at] = this.rec[i];
    }
    // Within each bucket (two entries on average): sorted by (check, record); the same value of the
    // same record given twice kept once, and a value shared by more than MAX_SHARED records left
    // out (a switchboard, a generic address: it singles nobody out, and would count them all).
    const offsets = new Uint32Array(buckets + 1);
    let kept = 0;
    let shared = 0;
    for (let b = 0; b < buckets; b++) {
      offsets[b] = kept;
      const from = starts[b];
      const to = starts[b + 1];
      sortBucket(check, record, from, to);
      for (let i = from; i < to; ) {
        let end = i + 1;
        while (end < to && check[end] === check[i]) end++;
        let distinct = 0;
        for (let j = i; j < end; j++) if (j === i || record[j] !== record[j - 1]) distinct++;
        if (distinct > MAX_SHARED) {
          shared++;
        } else {
          for (let j = i; j < end; j++) {
            if (j > i && record[j] === record[j - 1]) continue;
            check[kept] = check[j];
            record[kept] = record[j];
            kept++;
          }
        }
        i = end;
      }
    }
    this.sharedLeftOut = shared;
    const perKind = new Array<number>(FINGERPRINT_KINDS.length).fill(0);
    for (let i = 0; i < kept; i++) perKind[record[i] >>> RECORD_BITS]++;
    this.counts = Object.fromEntries(FINGERPRINT_KINDS.map((k, i) => [k, perKind[i]]).filter(([, c]) => (c as number) > 0));
    offsets[buckets] = kept;
    const now = new Date().toISOString();
    // An update keeps the shapes of the numbers it keeps (a removal may leave one unused: harmless).
    const shapes = new Set([...(this.from?.header.idShapes ?? []), ...[...this.idShapes].map((s) => idShapeHash(this.hasher, s))]);
    const listsShapes = this.idShapes.size <= MAX_ID_SHAPES && (this.from === undefined || this.from.header.idShapes !== undefined || !this.from.holds('customer-id')) && shapes.size <= MAX_ID_SHAPES;
    const header: FingerprintHeader = {
      format: 'pii-scan fingerprints',
      version: 1,
      created: this.from?.header.created ?? meta.created ?? now,
      ...(this.from ? { updated: now } : {}),
      hash: 'siphash-2-4',
      hashBits: 32 + bits,
      bucketBits: bits,
      salt: this.salt.toString('hex'),
      keyCheck: keyCheck(this.sipKey),
      records: meta.records,
      nextRecord: meta.nextRecord,
      entries: kept,
      counts: this.counts,
      ...(listsShapes && this.counts['customer-id'] ? { idShapes: [...shapes].sort() } : {}),
    };
    let json = Buffer.from(JSON.stringify(header), 'utf8');
    if (json.length % 4 !== 0) json = Buffer.concat([json, Buffer.alloc(4 - (json.length % 4), 0x20)]);
    const out = new Uint8Array(MAGIC.length + 4 + json.length + 4 * (offsets.length + 2 * kept));
    out.set(Buffer.from(MAGIC, 'latin1'), 0);
    new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
    let at = MAGIC.length + 4;
    out.set(json, at);
    at += json.length;
    out.set(new Uint8Array(offsets.buffer), at);
    at += offsets.byteLength;
    out.set(new Uint8Array(check.buffer, 0, kept * 4), at);
    at += kept * 4;
    out.set(new Uint8Array(record.buffer, 0, kept * 4), at);
    return out;
  }
}

/**
 * A fingerprint file read for matching. The arrays are views on the bytes it is given: a
 * SharedArrayBuffer read once by the main thread serves every scan worker without a copy.
 */
export class FingerprintIndex {
  private readonly offsets: Uint32Array;
  private readonly check: Uint32Array;
  private readonly record: Uint32Array;
  private readonly shift: number;
  private readonly hasher: FingerprintHasher;
  /**
   * A small Bloom filter per bucket: 32 bits, two set for each entry (by bits 0-4 and 5-9 of its
   * check). A value of a mail that is no customer's (nearly all of them) is turned away by its
   * bucket's word, one read that mostly stays in the processor's caches, instead of by the bucket
   * offsets and the checks: two reads from memory, each a cache miss and, in a 30 MB file, a
   * page-table walk (about a microsecond a value, measured in a virtual machine). On a leaked
   * customer file of 15,930 rows looked up against a million customers, 44,061 look-ups: 16 bits
   * and one bit an entry let 7,017 values through that were no customer's, these 32 bits and two
   * 1,579 (and three bits 1,058, for no time saved).
   */
  private readonly present: Uint32Array;
  /** The file's customer-number shapes (hashed) and, per shape met, whether it is one of them. */
  private readonly idShapes: Set<string> | null;
  private readonly idShapeMet = new Map<number, boolean>();

  private constructor(
    readonly header: FingerprintHeader,
    bytes: Uint8Array,
    at: number,
    key: SipKey,
    present?: Uint32Array,
  ) {
    const buckets = 2 ** header.bucketBits;
    this.offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + at, buckets + 1);
    this.check = new Uint32Array(bytes.buffer, bytes.byteOffset + at + 4 * (buckets + 1), header.entries);
    this.record = new Uint32Array(bytes.buffer, bytes.byteOffset + at + 4 * (buckets + 1 + header.entries), header.entries);
    this.shift = 32 - header.bucketBits;
    this.hasher = new FingerprintHasher(key);
    this.idShapes = header.idShapes ? new Set(header.idShapes) : null;
    this.present = present?.length === buckets ? present : FingerprintIndex.presence(this.offsets, this.check, new Uint32Array(buckets));
  }

  /** Fills the per-bucket presence bits of a file's entries into `present`. */
  private static presence(offsets: Uint32Array, check: Uint32Array, present: Uint32Array): Uint32Array {
    let i = 0;
    for (let b = 0; b < present.length; b++) {
      let bits = 0;
      for (const end = offsets[b + 1]; i < end; i++) bits |= presenceBits(check[i]);
      present[b] = bits;
    }
    return present;
  }

  /**
   * The presence bits of a file read into shared memory, made once for every thread that opens it
   * (`open`'s `present`): a million customers' are four megabytes, and 3 million entries to read.
   */
  static sharedPresence(bytes: Uint8Array, where: string): Uint32Array {
    const { header, at } = FingerprintIndex.readHeader(bytes, where);
    const buckets = 2 ** header.bucketBits;
    const aligned = (bytes.byteOffset + at) % 4 === 0 ? bytes : Uint8Array.from(bytes);
    const offsets = new Uint32Array(aligned.buffer, aligned.byteOffset + at, buckets + 1);
    const check = new Uint32Array(aligned.buffer, aligned.byteOffset + at + 4 * (buckets + 1), header.entries);
    return FingerprintIndex.presence(offsets, check, new Uint32Array(new SharedArrayBuffer(4 * buckets)));
  }

  /** The header alone, without the key: what `fingerprint --info` shows. */
  static readHeader(bytes: Uint8Array, where: string): { header: FingerprintHeader; at: number } {
    if (bytes.length < MAGIC.length + 4 || Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) {
      throw new FingerprintError(`${where}: not a pii-scan fingerprint file`);
    }
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
    const start = MAGIC.length + 4;
    let header: FingerprintHeader;
    try {
      header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(size, bytes.length - start)).toString('utf8')) as FingerprintHeader;
    } catch {
      throw new FingerprintError(`${where}: the fingerprint file's header is damaged`);
    }
    if (header.format !== 'pii-scan fingerprints' || header.version !== 1 || header.hash !== 'siphash-2-4') {
      throw new FingerprintError(`${where}: a fingerprint file of another version (${String(header.version)}): make it again with this pii-scan`);
    }
    const validCount = (n: unknown, max: number) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max;
    if (!validCount(header.bucketBits, 22) || header.bucketBits < 8 || !validCount(header.entries, 2 ** 32 - 1) || !/^[0-9a-f]{32}$/.test(header.salt) || !validShapes(header.idShapes)) {
      throw new FingerprintError(`${where}: the fingerprint file's header is damaged`);
    }
    const at = start + size;
    const expected = at + 4 * (2 ** header.bucketBits + 1 + 2 * header.entries);
    if (bytes.length !== expected) throw new FingerprintError(`${where}: the fingerprint file is ${bytes.length < expected ? 'truncated' : 'damaged'} (${bytes.length} bytes, ${expected} expected)`);
    return { header, at };
  }

  /**
   * Checks a file's bytes and its secret together, without building anything: a wrong key is an
   * error, not a matcher that finds nothing. What a run does once at start-up; each thread that
   * matches then opens its own index.
   */
  static check(bytes: Uint8Array, secret: Buffer, where: string): { header: FingerprintHeader; at: number; key: SipKey } {
    if (endianness() !== 'LE') throw new FingerprintError('fingerprint files are read on little-endian machines only');
    const { header, at } = FingerprintIndex.readHeader(bytes, where);
    const key = deriveSipKey(secret, Buffer.from(header.salt, 'hex'));
    if (keyCheck(key) !== header.keyCheck) throw new FingerprintError(`${where}: the fingerprint key does not belong to this file`);
    return { header, at, key };
  }

  /** Reads a file's bytes with its secret, checked as by `check`; `present`, its sharedPresence when made. */
  static open(bytes: Uint8Array, secret: Buffer, where: string, present?: Uint32Array): FingerprintIndex {
    const { header, at, key } = FingerprintIndex.check(bytes, secret, where);
    if ((bytes.byteOffset + at) % 4 !== 0) {
      // Typed arrays need aligned views: copy the rare unaligned buffer (a small file from Node's pool).
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return new FingerprintIndex(header, copy, at, key, present);
    }
    return new FingerprintIndex(header, bytes, at, key, present);
  }

  /** Whether the file holds values of this kind: a matcher skips the kinds the base lacks. */
  holds(kind: FingerprintKind): boolean {
    return (this.header.counts[kind] ?? 0) > 0;
  }

  /**
   * Hands each customer record a normalised value belongs to (usually one; a household's phone
   * may be several) to `onRecord`.
   */
  lookup(kind: FingerprintKind, value: string, onRecord: (record: number) => void): void {
    const hash = this.lookupHash(kind, value);
    if (hash === null) return;
    // Read out of the hasher's output before calling back: `onRecord` may look another value up.
    const { hi, lo } = hash;
    const first = this.probe(hi, lo);
    if (first < 0) return;
    const end = this.offsets[(hi >>> this.shift) + 1];
    for (let i = first; i < end && this.check[i] === lo; i++) onRecord(this.record[i] & RECORD_MASK);
  }

  /** Adds the records a normalised value belongs to `into`; whether there was one. What matching calls, nothing allocated. */
  lookupInto(kind: FingerprintKind, value: string, into: Set<number>): boolean {
    const hash = this.lookupHash(kind, value);
    return hash !== null && this.probeInto(hash, into);
  }

  /** A normalised value's hash, for `probeInto` (a matcher that tries one value twice hashes it once). */
  hashOf(kind: FingerprintKind, value: string): Hash64 {
    return this.hasher.hash(kind, value);
  }

  /** The hash of a value spelt as bytes, `buffer[0..length)`. */
  hashOfBytes(kind: FingerprintKind, buffer: Uint8Array, length: number): Hash64 {
    return this.hasher.hashBytes(kind, buffer, length);
  }

  /**
   * The hash a normalised value is looked up by, or null when it cannot be the file's (a customer
   * number of a shape the base lacks). The hasher's one output: read before hashing again.
   */
  lookupHash(kind: FingerprintKind, value: string): Hash64 | null {
    if (kind === 'customer-id' && this.idShapes !== null && !this.isIdShape(value)) return null;
    return this.hasher.hash(kind, value);
  }

  /**
   * Whether each of the first `count` hashes (high and low halves) may be in the file, by its
   * bucket's presence bits: 1 or 0 into `passed`. One loop over many values, so that their
   * buckets' words are read from memory side by side (the processor keeps several misses in
   * flight) and not one miss after another between two hashes. Returns how many passed.
   */
  presentMany(hi: Uint32Array, lo: Uint32Array, count: number, passed: Uint8Array): number {
    const { present, shift } = this;
    let passing = 0;
    for (let k = 0; k < count; k++) {
      const bits = presenceBits(lo[k]);
      const ok = (present[hi[k] >>> shift] & bits) === bits ? 1 : 0;
      passed[k] = ok;
      passing += ok;
    }
    return passing;
  }

  /**
   * For each of the first `count` hashes that passed presentMany, its first entry in the file, or
   * -1 (into `first`; -1 too for those that did not pass). The buckets' offsets of all of them are
   * read in one loop, their checks in the next, and their first records touched in a third: a
   * value that passes the presence bits costs three reads from memory, each in flight beside the
   * other values' instead of after them. Returns how many are the file's.
   */
  firstEntries(hi: Uint32Array, lo: Uint32Array, count: number, passed: Uint8Array, first: Int32Array): number {
    const { offsets, record, shift } = this;
    // The offsets read here only to have them all in flight: entryIn reads them again from the cache.
    for (let k = 0; k < count; k++) first[k] = passed[k] === 1 ? offsets[hi[k] >>> shift] : -1;
    for (let k = 0; k < count; k++) if (first[k] >= 0) first[k] = this.entryIn(hi[k] >>> shift, lo[k]);
    let found = 0;
    let touched = 0;
    for (let k = 0; k < count; k++) {
      if (first[k] < 0) continue;
      found++;
      touched ^= record[first[k]];
    }
    this.touched = touched;
    return found;
  }

  /** Where firstEntries's last reads of records go, so that the compiler does not drop them as unused. */
  touched = 0;

  /** Adds the records of the entries from `first` (firstEntries's) of the value hashed to hi and lo to `into`. */
  recordsFrom(hi: number, lo: number, first: number, into: Set<number>): void {
    const end = this.offsets[(hi >>> this.shift) + 1];
    for (let i = first; i < end && this.check[i] === lo; i++) into.add(this.record[i] & RECORD_MASK);
  }

  /** Adds the records of the value hashed to `hash` to `into`; whether there was one. */
  probeInto(hash: Hash64, into: Set<number>): boolean {
    const first = this.probe(hash.hi, hash.lo);
    if (first < 0) return false;
    this.recordsFrom(hash.hi, hash.lo, first, into);
    return true;
  }

  /** The first entry of a hash, or -1: its presence bits, then its bucket. */
  private probe(hi: number, lo: number): number {
    const bucket = hi >>> this.shift;
    const bits = presenceBits(lo);
    return (this.present[bucket] & bits) === bits ? this.entryIn(bucket, lo) : -1;
  }

  /** The first entry of a bucket whose check is `lo`, or -1 (a bucket's checks are sorted). */
  private entryIn(bucket: number, lo: number): number {
    const { check } = this;
    const end = this.offsets[bucket + 1];
    for (let i = this.offsets[bucket]; i < end; i++) {
      const c = check[i];
      if (c === lo) return i;
      if (c > lo) break;
    }
    return -1;
  }

  /** Whether a normalised number has the shape of one of the base's (a mail holds a few shapes: each hashed once). */
  private isIdShape(value: string): boolean {
    return value.length <= 32 && this.hasIdShape(idShapeOf(value));
  }

  /** Per length, whether the all-digit shape of that length is one of the base's: 0 not asked yet, 1 yes, 2 no. */
  private readonly digitShapeMet = new Uint8Array(33);

  /**
   * Whether a customer number of this shape (idShapeOf, or customerIdShape of a cell) may be one
   * of the base's: always when the file lists no shapes. Asked of the hashed shapes once per
   * shape; all-digit shapes, nearly all a mail holds, remembered in an array, not a map.
   */
  hasIdShape(shape: number): boolean {
    if (this.idShapes === null) return true;
    const letters = shape % 2 ** 32;
    if (letters === 0) {
      const length = shape / 2 ** 32;
      let met = this.digitShapeMet[length];
      if (met === 0) this.digitShapeMet[length] = met = this.idShapes.has(idShapeHash(this.hasher, shape)) ? 1 : 2;
      return met === 1;
    }
    let met = this.idShapeMet.get(shape);
    if (met === undefined) {
      // A mail of a thousand odd references cannot grow the memo without end.
      if (this.idShapeMet.size >= 4096) this.idShapeMet.clear();
      met = this.idShapes.has(idShapeHash(this.hasher, shape));
      this.idShapeMet.set(shape, met);
    }
    return met;
  }

  /** Every entry, for an update: its bucket's bits at the top of the hash, its check, its record word, its record. */
  *entries(): IterableIterator<[number, number, number, number]> {
    const buckets = 2 ** this.header.bucketBits;
    for (let b = 0; b < buckets; b++) {
      for (let i = this.offsets[b]; i < this.offsets[b + 1]; i++) yield [(b << this.shift) >>> 0, this.check[i], this.record[i], this.record[i] & RECORD_MASK];
    }
  }

  /** The SipHash key, for an update that adds values hashed as these were. */
  get key(): SipKey {
    return this.hasher.key;
  }
}
