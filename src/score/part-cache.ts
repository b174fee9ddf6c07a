import { createHash, randomInt } from 'node:crypto';
import type { Finding } from '../model/findings.js';
import type { Part, PartPlace, PartRecord } from '../model/part.js';
import { valueHash } from './people-tally.js';

/** One unit of a cached part, as a later message replays it. */
export interface CachedUnit {
  where: string;
  inBody: boolean;
  /** What it scored (null: nothing), as it was before anything marked it. */
  finding: Finding | null;
  /** Its people's keys (52-bit hashes, never values). */
  keys: Float64Array;
  /**
   * Keyed hashes of the personal e-mail addresses its scorer met (attachment units): the
   * mass-mailing check of another message, with other recipients, is replayed from them.
   */
  emails: ReadonlySet<number>;
  /** The organisation's customers it carries (`--fingerprints`): their finding and record numbers. */
  known?: { finding: Finding; records: Uint32Array };
}

/** What reading and scoring a part gave: its units and what the report lists of it. */
export interface CachedPart {
  units: CachedUnit[];
  records: PartRecord[];
}

/** Parts smaller than this are read again: hashing them would cost about as much. */
export const MIN_CACHED_BYTES = 16 * 1024;
/** Digests and encoded keys kept (about 44 characters each, two per entry: well under a megabyte). */
const MAX_ENCODED_KEYS = 4096;
/** Body shapes kept (about 40 bytes each: under 2 MB); past that they are forgotten at once. */
const MAX_SHAPES = 16_384;
/**
 * Memory the cache may hold by default, per scan worker (as sizeOf counts it; the heap it frees
 * when emptied is about 0.6 of that). On the first 2,859 messages of the 1 GB corpus mailbox,
 * 16 MB kept 124 parts and gave 316 hits where 64 MB gave 318, for 10 MB of heap instead of
 * 40 MB in each worker; a campaign needs one entry.
 */
export const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * Each attachment scored once (issue "Fast": a mass mailing sends the same file thousands of
 * times). Keyed by the attachment's bytes and its place (name, declared type, depth, path), the
 * cache keeps what its units scored, people keys included, so that a campaign of identical
 * attachments costs one parse; what depends on each message (its recipients, the mass-mailing
 * check, the verdict) is still decided per message. Only parts read whole with no issue, and
 * whose scoring never looked at the message's own addresses, are kept (scan-message.ts). Nothing
 * is written to disk; no value is kept beyond what the finding itself keeps (e-mail addresses
 * only as 52-bit hashes from seeds drawn at start, as people keys are: a cryptographic MAC cost
 * 50 ms for the 15,930 addresses of the founding workbook, on the path of every first read). Least recently used entries go first past `maxBytes`.
 */
export class PartCache {
  private readonly entries = new Map<string, { part: CachedPart; bytes: number }>();
  private readonly seeds = [randomInt(2 ** 32), randomInt(2 ** 32)] as const;
  private held = 0;
  hits = 0;
  misses = 0;

  /**
   * A message's large base64 attachments are also looked up by their bytes as encoded, before
   * they are decoded (parse-message.ts): a campaign copy is then hashed, never decoded. Each such
   * key names the key of the decoded bytes, so that a file encoded another way is still known.
   */
  private readonly encodedKeys = new Map<string, string>();
  private readonly knownRuns = new Map<string, number>();
  private knownShapes = new Set<string>();
  readonly minBytes = MIN_CACHED_BYTES;

  constructor(readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /**
   * The key of a part, or null when it is not worth caching (small, or a body decoded to text).
   * `input` is what the part came in ('message', or 'file' for a bare file: read differently).
   */
  keyOf(part: Part, input: string): string | null {
    if (part.text !== undefined || part.content.length < MIN_CACHED_BYTES || part.size !== undefined) return null;
    return createHash('sha256').update(placeOf(part, input)).update('\0').update(part.content).digest('base64');
  }

  /** The key of a message's part (input 'message') by the digest of its base64 lines, as they stand in the message. */
  encodedKeyOf(place: PartPlace, digest: string): string {
    return createHash('sha256').update(placeOf(place, 'message')).update('\0base64\0').update(digest).digest('base64');
  }

  /** Whether a base64 body of this shape (base64-bodies.ts) was met before; remembered as met. */
  seen(shape: string): boolean {
    if (this.knownShapes.has(shape)) return true;
    if (this.knownShapes.size >= MAX_SHAPES) this.knownShapes = new Set();
    this.knownShapes.add(shape);
    return false;
  }

  /** The base64 characters of a run of base64 lines read in full before (base64-bodies.ts), by its digest. */
  charactersOf(digest: string): number | undefined {
    return this.knownRuns.get(digest);
  }

  remember(digest: string, characters: number): void {
    setBounded(this.knownRuns, digest, characters);
  }

  /** What a part scored, by the key of its encoded bytes. */
  getEncoded(encodedKey: string): CachedPart | undefined {
    const key = this.encodedKeys.get(encodedKey);
    return key === undefined ? undefined : this.get(key);
  }

  /** Names the key of a part's decoded bytes by the key of its encoded ones (scan-message.ts, once the part is kept). */
  setEncoded(encodedKey: string, key: string): void {
    setBounded(this.encodedKeys, encodedKey, key);
  }

  get(key: string): CachedPart | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.part;
  }

  set(key: string, part: CachedPart): void {
    const bytes = sizeOf(part);
    if (bytes > this.maxBytes) return;
    this.entries.delete(key);
    this.entries.set(key, { part, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  /** Bytes held now (an estimate: the findings' JSON, 8 per key, 64 per e-mail hash in its Set). */
  get size(): number {
    return this.held;
  }

  /** The keyed hash an e-mail address (normalised) is kept as. */
  readonly hashEmail = (address: string): number => valueHash(this.seeds[0], this.seeds[1], address, 0, address.length);
}

/** Sets a key as the most recent of `map`, the oldest dropped past MAX_ENCODED_KEYS. */
function setBounded<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENCODED_KEYS) map.delete(map.keys().next().value as string);
}

const placeOf = (part: PartPlace, input: string): string => JSON.stringify([input, part.where, part.filename, part.declaredType, part.depth]);

function sizeOf(part: CachedPart): number {
  let bytes = JSON.stringify(part.records).length;
  for (const unit of part.units) {
    bytes += 64 + (unit.finding ? JSON.stringify(unit.finding).length : 0) + unit.keys.length * 8 + unit.emails.size * 64;
    if (unit.known) bytes += JSON.stringify(unit.known.finding).length + unit.known.records.byteLength;
  }
  return bytes;
}
