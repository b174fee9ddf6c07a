import type { Entity, EntityCounts, PersonField } from '../model/entities.js';
import type { Sample } from '../model/findings.js';
import { FIELD_ORDER, isPerson, personFieldOf } from './person-fields.js';

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
  readonly keys = new Set<string>();
  readonly samples: Sample[] = [];
  private readonly fieldsSeen = new Set<PersonField>();
  private readonly sampledEntities = new Set<Entity>();
  people = 0;

  /** Adds one record's values; returns true when the record is a person. */
  addRecord(values: { entity: Entity; value: string }[]): boolean {
    const fields = new Set<PersonField>();
    for (const { entity, value } of values) {
      this.entities[entity] = (this.entities[entity] ?? 0) + 1;
      const field = personFieldOf(entity);
      if (field) fields.add(field);
      if (this.samples.length < MAX_SAMPLES && !this.sampledEntities.has(entity)) {
        this.samples.push({ entity, value });
        this.sampledEntities.add(entity);
      }
    }
    if (!isPerson(fields)) return false;
    const key = personKey(values);
    if (this.keys.has(key)) return false;
    if (this.keys.size < MAX_KEYS) this.keys.add(key);
    this.people++;
    for (const f of fields) this.fieldsSeen.add(f);
    return true;
  }

  /** Person fields seen in people records, in report order. */
  fields(): PersonField[] {
    return FIELD_ORDER.filter((f) => this.fieldsSeen.has(f));
  }
}

/**
 * One person's key: the whole record, so that repeated rows (and the same table sent twice, as
 * CSV and as XLSX) count once, while two people sharing a family e-mail stay two.
 */
function personKey(values: { entity: Entity; value: string }[]): string {
  return values
    .map((v) => `${v.entity}:${v.value.toLowerCase().replace(/\s+/g, '')}`)
    .sort()
    .join('|');
}
