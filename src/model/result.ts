import type { MailboxPlace } from './mailbox.js';
import type { Finding } from './findings.js';
import type { ScanIssue } from './issues.js';
import type { PartRecord } from './part.js';

export type Verdict = 'pass' | 'warn' | 'block' | 'unscannable';

/** Why a message got its verdict, for the explanation line. */
export type DecisionRule = 'people' | 'identifiers' | 'mass-mailing' | 'known-customers' | 'person-record' | 'few-people' | 'unreadable' | null;

/**
 * The mass-mailing check (DESIGN.md §3): the message's own recipients found in the address lists
 * it carries. Present when at least one recipient is listed; it blocks from `PolicyConfig.massMailingRecipients`.
 */
export interface MassMailing {
  /** Distinct recipients of the message: To, Cc, Bcc and SMTP envelope, its senders left out. */
  recipients: number;
  /** Distinct personal recipients found in attached address lists. */
  listed: number;
  /** The attachments (sheets, tables) they were found in, in scan order. */
  where: string[];
}

/**
 * What a person finds a message by in their mail program: its subject, sender, first recipients
 * and date. Header addresses are never findings (DESIGN.md §1); reports mask them as they mask
 * values, unless `--show-data`.
 */
export interface MessageHeaders {
  subject?: string;
  /** The first From address. */
  from?: string;
  /** The first To, Cc and Bcc addresses (at most MAX_SHOWN_RECIPIENTS), and how many there are in all. */
  to: string[];
  recipients: number;
  /** The Date header, ISO 8601 in UTC; absent when missing or unreadable. */
  date?: string;
}

/** Recipients a report names before it only counts the rest. */
export const MAX_SHOWN_RECIPIENTS = 3;

/** The outcome of scanning one top-level message (or one bare file). */
export interface MessageResult {
  source: string;
  /** Position in its mbox, 0-based; absent for a single-message file. */
  index?: number;
  /** Its folder and flags, for a message of a Maildir. */
  mailbox?: MailboxPlace;
  messageId?: string;
  /** Subject, sender, recipients and date of a mail (absent for a bare file). */
  headers?: MessageHeaders;
  verdict: Verdict;
  rule: DecisionRule;
  /** Distinct records of the organisation's own customers found (`--fingerprints`); absent without fingerprints or when none. */
  knownCustomers?: number;
  /** Distinct people across the whole message (the same person in two attachments counts once). */
  people: number;
  massMailing?: MassMailing;
  findings: Finding[];
  issues: ScanIssue[];
  parts: PartRecord[];
  bytes: number;
}
