import { createHash, randomInt } from 'node:crypto';
import type { Finding } from '../model/findings.js';
import type { Part, PartRecord } from '../model/part.js';
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
}

/** What reading and scoring a part gave: its units and what the report lists of it. */
export interface CachedPart {
  units: CachedUnit[];
  records: PartRecord[];
}

/** Parts smaller than this are read again: hashing them would cost about as much. */
export const MIN_CACHED_BYTES = 16 * 1024;
/** Memory the cache may hold by default, per scan worker. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

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

  constructor(readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /**
   * The key of a part, or null when it is not worth caching (small, or a body decoded to text).
   * `input` is what the part came in ('message', or 'file' for a bare file: read differently).
   */
  keyOf(part: Part, input: string): string | null {
    if (part.text !== undefined || part.content.length < MIN_CACHED_BYTES || part.size !== undefined) return null;
    const place = JSON.stringify([input, part.where, part.filename, part.declaredType, part.depth]);
    return createHash('sha256').update(place).update('\0').update(part.content).digest('base64');
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

function sizeOf(part: CachedPart): number {
  let bytes = JSON.stringify(part.records).length;
  for (const unit of part.units) bytes += 64 + (unit.finding ? JSON.stringify(unit.finding).length : 0) + unit.keys.length * 8 + unit.emails.size * 64;
  return bytes;
}
