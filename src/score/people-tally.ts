import type { Entity, EntityCounts, PersonField } from '../model/entities.js';
import type { Sample } from '../model/findings.js';
import { entityFieldBit, fieldsOfMask, isPersonMask } from './person-fields.js';

/** Samples kept per finding: enough to show what was found, few enough to say little. */
const MAX_SAMPLES = 4;
/** Distinct-person keys kept per unit; past this the count is still exact, dedup stops. */
const MAX_KEYS = 200_000;

/**
 * Accumulates records (table rows, text lines) into people, entity counts and samples. Shared by
 * table and text scoring so that both count a person the same way.
 */
export class PeopleTally {
  readonly entities: EntityCounts = {};
  readonly keys = new Set<PersonKey>();
  readonly samples: Sample[] = [];
  private fieldsSeen = 0;
  private readonly sampledEntities = new Set<Entity>();
  people = 0;

  /** Adds one record's values; returns true when the record is a person. */
  addRecord(values: { entity: Entity; value: string }[]): boolean {
    let fields = 0;
    for (const { entity, value } of values) {
      this.entities[entity] = (this.entities[entity] ?? 0) + 1;
      fields |= entityFieldBit(entity);
      if (this.samples.length < MAX_SAMPLES && !this.sampledEntities.has(entity)) {
        this.samples.push({ entity, value });
        this.sampledEntities.add(entity);
      }
    }
    if (!isPersonMask(fields)) return false;
    const key = personKey(values);
    if (this.keys.has(key)) return false;
    if (this.keys.size < MAX_KEYS) this.keys.add(key);
    this.people++;
    this.fieldsSeen |= fields;
    return true;
  }

  /** Person fields seen in people records, in report order. */
  fields(): PersonField[] {
    return fieldsOfMask(this.fieldsSeen);
  }
}

/**
 * One person's key: a hash of the whole record, so that repeated rows (and the same table sent
 * twice, as CSV and as XLSX) count once, while two people sharing a family e-mail stay two. A
 * 52-bit number rather than the joined values: a Set of numbers costs a fraction of a Set of
 * strings on 100,000-row files; with 200,000 keys the chance of any collision is about 1 in 200,000.
 */
export type PersonKey = number;

const TWO_52 = 2 ** 52;

/** FNV-1a lanes after the entity name, computed once per entity. */
const entitySeeds = new Map<string, [number, number]>();

function entitySeed(entity: string): [number, number] {
  let seed = entitySeeds.get(entity);
  if (!seed) {
    let a = 0x811c9dc5;
    let b = 0x2f5ad1e3;
    for (let i = 0; i < entity.length; i++) {
      a = Math.imul(a ^ entity.charCodeAt(i), 0x01000193);
      b = Math.imul(b ^ entity.charCodeAt(i), 0x5bd1e995) ^ (b >>> 15);
    }
    seed = [a, b];
    entitySeeds.set(entity, seed);
  }
  return seed;
}

/** FNV-1a over the entity and the value, ASCII case and white space ignored; two 32-bit lanes. */
function valueHash(entity: string, value: string): number {
  let [a, b] = entitySeed(entity);
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 160) continue;
    if (code >= 65 && code <= 90) code += 32;
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff);
}

/** Sum of the values' hashes modulo 2^52: the same for the same values in any order. */
function personKey(values: { entity: Entity; value: string }[]): PersonKey {
  let key = 0;
  for (const v of values) key = (key + valueHash(v.entity, v.value)) % TWO_52;
  return key;
}
