import type { MailboxPlace } from '../model/mailbox.js';
import type { EntityCounts, PersonField } from '../model/entities.js';
import type { Acceptance, ColumnEvidence, FindingKind, Severity } from '../model/findings.js';
import type { ScanIssue } from '../model/issues.js';
import type { PartRecord } from '../model/part.js';
import type { MessageHeaders, DecisionRule, MassMailing, Verdict } from '../model/result.js';

/** A finding as reported: samples masked (unless --show-data), reasons in the report's language. */
export interface FindingReport {
  kind: FindingKind;
  where: string;
  rows?: number;
  people: number;
  columns: ColumnEvidence[];
  entities: EntityCounts;
  fields: PersonField[];
  severity: Severity;
  reasons: string[];
  samples: string[];
  /** Present when a baseline accepted the finding: it no longer counts toward the verdict. */
  accepted?: Acceptance;
  /** The finding's baseline fingerprint (salted hash), when the run has a baseline to salt it with. */
  fingerprint?: string;
}

export interface MessageReport {
  source: string;
  index?: number;
  /** Folder and flags of a Maildir's or an IMAP server's message (with its UID there): where to find it in the mail program. */
  mailbox?: MailboxPlace;
  messageId?: string;
  /** Subject, sender, first recipients and date, addresses masked unless `--show-data`: how a person finds the mail. */
  headers?: MessageHeaders;
  verdict: Verdict;
  rule: DecisionRule;
  people: number;
  /** Distinct records of the organisation's own customers found by their fingerprints, when any. */
  knownCustomers?: number;
  /** Counts only, never addresses: `{ "recipients": 5, "listed": 3, "where": ["abonnes.csv"] }`. */
  massMailing?: MassMailing;
  findings: FindingReport[];
  issues: ScanIssue[];
  parts: PartRecord[];
}

/** The one object every reporter renders (DESIGN.md §1, JSON report). */
export interface Report {
  tool: { name: 'pii-scan'; version: string };
  verdict: Verdict;
  messages: MessageReport[];
  summary: { messages: number; blocked: number; warned: number; unscannable: number; passed: number; bytes: number; seconds: number };
}
