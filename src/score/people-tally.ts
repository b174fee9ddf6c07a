import type { Entity, EntityCounts, PersonField } from '../model/entities.js';
import type { Sample } from '../model/findings.js';
import { detach } from '../model/detach.js';
import { entityFieldBit, fieldsOfMask, isPersonMask, NAME_MASK } from './person-fields.js';
import { PersonKeySet } from './person-key-set.js';

/** Samples kept per finding: enough to show what was found, few enough to say little. */
const MAX_SAMPLES = 4;
/** Distinct-person keys kept per unit; past this the count is still exact, dedup stops. */
const MAX_KEYS = 200_000;

/** What the tally keeps per entity; a table resolves its columns to slots once, not per cell. */
interface EntitySlot {
  entity: Entity;
  count: number;
  fieldBit: number;
  sampled: boolean;
  /** Whether `onEmail` sees this slot's values: e-mails, when someone listens. */
  watched: boolean;
  /** FNV-1a lanes after the entity name. */
  seedA: number;
  seedB: number;
}

/**
 * Accumulates records (table rows, text lines) into people, entity counts and samples. Shared by
 * table and text scoring so that both count a person the same way. A record is `add`ed value by
 * value and closed by `endRecord`, so that a 100,000-row table allocates nothing per row.
 */
export class PeopleTally {
  /**
   * One person's key: a hash of the whole record, so that repeated rows (and the same table sent
   * twice, as CSV and as XLSX) count once, while two people sharing a family e-mail stay two. A
   * 52-bit number rather than the joined values: a set of numbers costs a fraction of a set of
   * strings on 100,000-row files; with 200,000 keys the chance of any collision is about 1 in 200,000.
   */
  readonly keys = new PersonKeySet();
  readonly samples: Sample[] = [];
  people = 0;
  /**
   * What baseline fingerprints are made from (policy/baseline.ts): a digest of every record of
   * the unit, person or not, modulo 2^52. Each record's key is mixed (mix52) before it is summed:
   * the sum makes the digest independent of row order, so the same data re-sorted, renamed,
   * re-sent or re-saved in another format keeps it, while the mix keeps records apart (two rows
   * that swap their e-mails give another digest; a plain sum of value hashes would not). One
   * more row, one value changed: another digest. It costs one mix per record on the hot path,
   * on values already hashed for the person key; it is no cryptographic hash (see baseline.ts).
   */
  digest = 0;
  private readonly slots: EntitySlot[] = [];
  private readonly slotOf = new Map<Entity, number>();
  private fieldsSeen = 0;
  private recordFields = 0;
  private recordKey = 0;

  /**
   * `onEmail` is handed every e-mail value added (role addresses never are: the scorers drop them
   * first), so that the mass-mailing check reuses this pass instead of making its own.
   */
  constructor(private readonly onEmail?: (value: string) => void) {}

  /** The slot of an entity, to pass to `add`. */
  slot(entity: Entity): number {
    let at = this.slotOf.get(entity);
    if (at === undefined) {
      at = this.slots.length;
      let seedA = 0x811c9dc5;
      let seedB = 0x2f5ad1e3;
      for (let i = 0; i < entity.length; i++) {
        seedA = Math.imul(seedA ^ entity.charCodeAt(i), 0x01000193);
        seedB = Math.imul(seedB ^ entity.charCodeAt(i), 0x5bd1e995) ^ (seedB >>> 15);
      }
      const watched = entity === 'email' && this.onEmail !== undefined;
      this.slots.push({ entity, count: 0, fieldBit: entityFieldBit(entity), sampled: false, watched, seedA, seedB });
      this.slotOf.set(entity, at);
    }
    return at;
  }

  /** Makes room for the keys of `records` records to come (a table's rows), up to what is kept. */
  reserve(records: number): void {
    this.keys.reserve(Math.min(records, MAX_KEYS - this.keys.size));
  }

  /** Adds one value of the current record. */
  add(slot: number, value: string): void {
    this.addSpan(slot, value, 0, value.length);
  }

  /**
   * Adds the value `source.slice(start, end)` to the current record, hashed where it lies: it
   * becomes a string of its own only when it is kept as a sample or handed to `onEmail`.
   */
  addSpan(slot: number, source: string, start: number, end: number): void {
    const s = this.slots[slot];
    s.count++;
    this.recordFields |= s.fieldBit;
    if (s.watched) this.onEmail?.(source.slice(start, end));
    if (!s.sampled && this.samples.length < MAX_SAMPLES) {
      this.samples.push({ entity: s.entity, value: detach(source.slice(start, end)) });
      s.sampled = true;
    }
    // Sum of the values' hashes modulo 2^52: the same for the same values in any order.
    // Both terms are below 2^52, so the sum is exact and one subtraction is the modulo.
    const key = this.recordKey + valueHash(s.seedA, s.seedB, source, start, end);
    this.recordKey = key >= TWO_52 ? key - TWO_52 : key;
  }

  /**
   * Closes the current record; returns true when it was a new person. A company's record
   * (`company`) is a person only through a named contact: its e-mail, phone and address alone are the company's.
   */
  endRecord(company = false): boolean {
    const fields = this.recordFields;
    const key = this.recordKey;
    this.recordFields = 0;
    this.recordKey = 0;
    const digest = this.digest + mix52(key);
    this.digest = digest >= TWO_52 ? digest - TWO_52 : digest;
    if (!isPersonMask(fields) || (company && (fields & NAME_MASK) === 0)) return false;
    // Past MAX_KEYS a key is still looked up, no longer kept.
    if (this.keys.size < MAX_KEYS ? !this.keys.add(key) : this.keys.has(key)) return false;
    this.people++;
    this.fieldsSeen |= fields;
    return true;
  }

  /** Adds one whole record; returns true when it was a new person. */
  addRecord(values: readonly { entity: Entity; value: string }[]): boolean {
    for (const { entity, value } of values) this.add(this.slot(entity), value);
    return this.endRecord();
  }

  /** Values found per entity, in the order entities were first met. */
  get entities(): EntityCounts {
    const out: EntityCounts = {};
    for (const s of this.slots) if (s.count > 0) out[s.entity] = s.count;
    return out;
  }

  /** Person fields seen in people records, in report order. */
  fields(): PersonField[] {
    return fieldsOfMask(this.fieldsSeen);
  }
}

const TWO_52 = 2 ** 52;

/**
 * A 52-bit key scrambled into another (murmur3's 32-bit finaliser on each half, the halves
 * crossed), so that sums of mixed keys do not add up the way sums of the keys themselves do.
 */
function mix52(key: number): number {
  const low = fmix32((key >>> 0) ^ Math.imul(Math.floor(key / 2 ** 32), 0x9e3779b1));
  const high = fmix32(Math.floor(key / 2 ** 32) ^ Math.imul(low, 0x85ebca6b));
  return (low >>> 0) * 2 ** 20 + (high & 0xfffff);
}

function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a over `source` from `start` to `end`, from the entity's seed, ASCII case, white space and control characters ignored; two 32-bit lanes. */
export function valueHash(seedA: number, seedB: number, source: string, start: number, end: number): number {
  let a = seedA;
  let b = seedB;
  for (let i = start; i < end; i++) {
    let code = source.charCodeAt(i);
    if (code <= 32 || code === 160) continue;
    if (code >= 65 && code <= 90) code += 32;
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff);
}
