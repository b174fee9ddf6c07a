import type { ColumnEvidence, Finding, FindingKind } from '../model/findings.js';
import type { PeopleTally } from './people-tally.js';

/** From this many people on, a unit is a customer file rather than a person's record. */
const CUSTOMER_FILE_PEOPLE = 3;

/** Turns a tally into a finding, or null when the unit held no personal value at all. */
export function findingFromTally(
  tally: PeopleTally,
  meta: { where: string; rows?: number; columns: ColumnEvidence[]; inAttachment: boolean },
): Finding | null {
  const entities = tally.entities;
  if (Object.keys(entities).length === 0) return null;
  const kind: FindingKind = tally.people >= CUSTOMER_FILE_PEOPLE ? 'customer-file' : tally.people > 0 ? 'person-record' : 'personal-data';
  return {
    kind,
    where: meta.where,
    ...(meta.rows !== undefined ? { rows: meta.rows } : {}),
    people: tally.people,
    columns: meta.columns,
    entities,
    fields: tally.fields(),
    severity: 'low',
    samples: tally.samples,
    inAttachment: meta.inAttachment,
    digest: tally.digest,
  };
}
