import type { Entity, EntityCounts, PersonField } from './entities.js';

export type FindingKind =
  /** A table or list of several people: the customer file the tool exists to stop. */
  | 'customer-file'
  /** One or two people's records (several fields about the same person). */
  | 'person-record'
  /** Loose personal values that do not form records: a phone in a signature, one IBAN. */
  | 'personal-data'
  /** Records of the organisation's own customers, found by their fingerprints (`--fingerprints`). */
  | 'known-customers';

/** Every finding kind, in report order: appended to, never reordered. */
export const FINDING_KINDS = ['customer-file', 'person-record', 'personal-data', 'known-customers'] as const satisfies readonly FindingKind[];

export type Severity = 'high' | 'medium' | 'low';

/** Severities weightiest first, for sorting findings. */
export const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export interface ColumnEvidence {
  header: string;
  entity: Entity;
}

/** A raw detected value, kept for samples; masked by the report builder unless --show-data. */
export interface Sample {
  entity: Entity;
  value: string;
}

/** What the score stage found in one unit. Severity is policy's to set. */
export interface Finding {
  kind: FindingKind;
  where: string;
  /** Rows of the table (its total, even when a row limit stopped reading); absent for text. */
  rows?: number;
  people: number;
  columns: ColumnEvidence[];
  entities: EntityCounts;
  /** Person fields present in the records counted as people, in report order. */
  fields: PersonField[];
  severity: Severity;
  samples: Sample[];
  /** Whether the unit is a body or inside an attachment: policy treats one person differently. */
  inAttachment: boolean;
  /**
   * Order-independent digest of the unit's records (score/people-tally.ts): the same for the same
   * data wherever it is sent, another for other data. Never reported: baselines store it only
   * as a salted hash (policy/baseline.ts).
   */
  digest: number;
  /** Set when a baseline accepts this finding: it is reported, and no longer counts toward the verdict. */
  accepted?: Acceptance;
}

/** Why a finding was accepted: the baseline entry's reason and the date it was recorded. */
export interface Acceptance {
  reason: string;
  added: string;
}
