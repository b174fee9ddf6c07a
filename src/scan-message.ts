import { issueDetail } from './model/issue-details.js';
import { defaultDetection } from './detect/detection-settings.js';
import type { DetectionSettings } from './detect/detection-settings.js';
import { extractPart } from './extract/extract-part.js';
import { messageContext } from './extract/extractor.js';
import type { ExtractLog } from './extract/extract-part.js';
import { parseMessage } from './message/parse-message.js';
import type { ParsedMessage } from './message/parse-message.js';
import type { Finding } from './model/findings.js';
import { scanIssue } from './model/issues.js';
import type { KeyedIssue } from './model/issues.js';
import type { Limits } from './model/limits.js';
import { undecodedAttachment } from './message/undecoded-attachment.js';
import type { MediaType, Part } from './model/part.js';
import type { MailboxPlace } from './model/mailbox.js';
import type { MessageHeaders, MessageResult } from './model/result.js';
import { decide } from './policy/policy.js';
import type { FingerprintIndex } from './fingerprint/fingerprint-file.js';
import { knownFinding, matchUnit } from './fingerprint/match-unit.js';
import { normaliseEmail } from './fingerprint/normalise.js';
import type { PolicyConfig } from './policy/policy.js';
import type { Baseline } from './policy/baseline.js';
import { MassMailingCheck } from './score/mass-mailing-check.js';
import type { CachedUnit, PartCache } from './score/part-cache.js';
import { normaliseAddress } from './model/normalise-address.js';
import { PersonKeySet } from './score/person-key-set.js';
import { scoreUnit } from './score/score-unit.js';
import { SeenMatches } from './detect/seen-matches.js';

export interface ScanOptions {
  limits: Limits;
  /** Media types listed skipped (configuration key skipTypes); all of them when absent. */
  skipTypes?: readonly MediaType[];
  policy: PolicyConfig;
  /** Findings accepted beforehand (`--baseline`): marked, and left out of the verdict. */
  baseline?: Pick<Baseline, 'accept'>;
  /**
   * Detectors, header words, role addresses and allowlist of the run (see detectionSettings):
   * built once per run from the configuration, not per message. The built-in ones when absent.
   */
  detection?: DetectionSettings;
  /** Attachments already scored by this run (a campaign sends the same file many times); none when absent. */
  partCache?: PartCache;
  /** The organisation's customer base, fingerprinted (`--fingerprints`): its customers are looked for in every unit. */
  fingerprints?: FingerprintIndex;
}

/** One input to decide: a mail, or a bare file (a CSV given on the command line). */
export interface RawMessage {
  source: string;
  index?: number;
  kind: 'message' | 'file';
  /** Name shown in `where` for a bare file. */
  name: string;
  content: Buffer;
  /** Set when the message was larger than the bytes held: its size. It is reported, not scanned. */
  oversize?: number;
  /** What reading the input found wrong with this message before parsing it (an mbox message without headers). */
  issues?: KeyedIssue[];
  /** Its folder and flags, when the message is a Maildir's file. */
  mailbox?: MailboxPlace;
  /** The SMTP envelope, when the message comes from a relay (filter or pipe mode): its recipients feed the mass-mailing check with the To, Cc and Bcc headers. */
  envelope?: Envelope;
}

/** Sender and recipients as the relay received them (MAIL FROM, RCPT TO). */
export interface Envelope {
  from?: string;
  recipients: string[];
}

/** Distinct-person keys kept per message: enough to decide any threshold, bounded in memory. */
const MAX_PEOPLE_KEYS = 1_000_000;

/**
 * The pipeline for one message (DESIGN.md §2): MIME parts, extraction, scoring, policy.
 * The CLI and the relay modes share it.
 */
export async function scanMessage(raw: RawMessage, options: ScanOptions): Promise<MessageResult> {
  const log: ExtractLog = { parts: [], issues: [...(raw.issues ?? [])] };
  let parts: Part[] = [];
  let messageId: string | undefined;
  let headers: MessageHeaders | undefined;
  let headerAddresses = new LookupCountingSet();
  let recipients: string[] = [];
  let senders: string[] = [];
  let encoded: ParsedMessage['encoded'] = new Map();
  if (raw.oversize !== undefined) {
    log.issues.push(scanIssue('too-large', raw.name, issueDetail('message-over-limit', { bytes: raw.oversize, limit: options.limits.maxMessageBytes })));
  } else if (raw.content.length > 0 && raw.kind === 'message') {
    const parsed = await parseMessage(raw.content, { prefix: '', depth: 0, limits: options.limits, cache: options.partCache });
    ({ parts, encoded } = parsed);
    messageId = parsed.messageId;
    headers = parsed.headers;
    headerAddresses = new LookupCountingSet(parsed.headerAddresses);
    ({ recipients, senders } = parsed);
    log.issues.push(...parsed.issues);
    // In a mailbox, a plain body holding an attachment's encoding means a message split in two (see undecoded-attachment.ts).
    const body = raw.index !== undefined ? parts.find((p) => p.where === 'body/text' && p.text !== undefined) : undefined;
    const undecoded = body?.text !== undefined ? undecodedAttachment(body.text) : null;
    if (undecoded) log.issues.push(scanIssue('corrupt', 'body/text', undecoded));
  } else if (raw.content.length > 0) {
    parts = [{ where: raw.name, filename: raw.name, declaredType: null, content: raw.content, depth: 0 }];
  }

  const findings: Finding[] = [];
  const people = new MessagePeople();
  const detection = options.detection ?? defaultDetection();
  const massMailing = new MassMailingCheck([...recipients, ...(raw.envelope?.recipients ?? [])], [...senders, raw.envelope?.from]);
  // One budget for the whole message: its parts, and all that is nested in them, draw on it.
  const ctx = messageContext(options.limits, options.skipTypes);
  const cache = options.partCache;
  // What scoring's detectors found in a text unit, read again by matching with the fingerprints.
  const seen = options.fingerprints ? new SeenMatches() : undefined;
  /** A unit's finding into the message: marked when the baseline accepts it, its people counted otherwise. */
  const take = (finding: Finding, keys: PersonKeySet | Float64Array) => {
    findings.push(finding);
    const accepted = options.baseline?.accept(finding);
    // An accepted finding's people are not counted: it must not push the message over a threshold.
    if (accepted) finding.accepted = accepted;
    else people.add(keys);
  };
  /** Distinct records of the organisation's customers in the message's findings a baseline did not accept. */
  const known = new Set<number>();
  const takeKnown = (finding: Finding, records: Iterable<number>) => {
    findings.push(finding);
    const accepted = options.baseline?.accept(finding);
    if (accepted) finding.accepted = accepted;
    else for (const r of records) known.add(r);
  };
  for (const part of parts) {
    // A part the MIME layer already found in the cache by its encoded bytes has no content to read.
    const known = encoded.get(part);
    const key = known?.replay ? null : (cache?.keyOf(part, raw.kind) ?? null);
    const cached = known?.replay ?? (key !== null ? cache?.get(key) : undefined);
    // Known by its decoded bytes, not yet by its encoded ones: the next copy is found before decoding.
    if (cache && cached && known && !known.replay && key !== null) cache.setEncoded(known.key, key);
    if (cache && cached) {
      for (const unit of cached.units) {
        if (massMailing.active && !unit.inBody) massMailing.replayUnit(unit.where, unit.emails, cache.hashEmail);
        if (unit.finding) take(structuredClone(unit.finding), unit.keys);
        if (unit.known) takeKnown(structuredClone(unit.known.finding), unit.known.records);
      }
      log.parts.push(...cached.records.map((record) => ({ ...record })));
      continue;
    }
    // Recorded for the cache when the part is worth it: each unit as scored, before the baseline marks it.
    const recorder = key !== null ? cache : undefined;
    const recorded: CachedUnit[] = [];
    const before = { issues: log.issues.length, records: log.parts.length, lookups: headerAddresses.lookups };
    for await (const { unit, inAttachment, inBody } of extractPart(part, ctx, log, raw.kind === 'file')) {
      const forward = massMailing.active && !inBody ? massMailing.startUnit() : undefined;
      const emails = recorder && !inBody ? new Set<number>() : undefined;
      const onEmail = recorder && emails ? new UnitEmails(emails, recorder, forward).seeing : forward;
      const scored = scoreUnit(unit, inAttachment, { headerAddresses, detection, onEmail, seen });
      if (forward) massMailing.endUnit(unit.where);
      const match = options.fingerprints ? matchUnit(unit, options.fingerprints, detection.headers, seen) : null;
      seen?.forget();
      const customers = match ? { finding: knownFinding(unit.where, match, inAttachment), records: Uint32Array.from(match.records) } : undefined;
      if (recorder) {
        recorded.push({
          where: unit.where,
          inBody,
          finding: scored ? structuredClone(scored.finding) : null,
          keys: scored ? scored.keys.toFloat64Array() : new Float64Array(0),
          emails: emails ?? new Set(),
          ...(customers ? { known: { finding: structuredClone(customers.finding), records: customers.records } } : {}),
        });
      }
      if (scored) take(scored.finding, scored.keys);
      if (customers) takeKnown(customers.finding, customers.records);
    }
    // Kept only when read whole (no issue: a deadline or a budget depends on the message) and
    // scored without looking at this message's own addresses.
    if (recorder && key !== null && log.issues.length === before.issues && headerAddresses.lookups === before.lookups) {
      recorder.set(key, { units: recorded, records: log.parts.slice(before.records).map((record) => ({ ...record })) });
      if (known) recorder.setEncoded(known.key, key);
    }
  }
  const listed = massMailing.result();
  // A customer's own record, sent to that customer: a letter, not a leak.
  if (known.size === 1 && options.fingerprints && isRecipientsOwn(options.fingerprints, [...known][0], [...recipients, ...(raw.envelope?.recipients ?? [])])) {
    known.clear();
    for (let i = findings.length - 1; i >= 0; i--) if (findings[i].kind === 'known-customers') findings.splice(i, 1);
  }
  const { verdict, rule } = decide(findings, log.issues, people.count, options.policy, listed, known.size);
  return {
    source: raw.source,
    ...(raw.index !== undefined ? { index: raw.index } : {}),
    ...(raw.mailbox ? { mailbox: raw.mailbox } : {}),
    ...(messageId ? { messageId } : {}),
    ...(headers ? { headers } : {}),
    verdict,
    rule,
    people: people.count,
    ...(known.size > 0 ? { knownCustomers: known.size } : {}),
    ...(listed ? { massMailing: listed } : {}),
    findings,
    issues: log.issues,
    parts: log.parts,
    bytes: raw.oversize ?? raw.content.length,
  };
}

/** True when one of the message's recipients is the customer of `record` (by their e-mail in the fingerprints). */
function isRecipientsOwn(fingerprints: FingerprintIndex, record: number, recipients: readonly string[]): boolean {
  let own = false;
  for (const address of recipients) {
    const email = normaliseEmail(address);
    if (email) fingerprints.lookup('email', email, (r) => (own ||= r === record));
  }
  return own;
}

/** The message's own addresses, counting how often scoring looks one up: a part scored with a lookup is not cached. */
class LookupCountingSet extends Set<string> {
  lookups = 0;
  override has(value: string): boolean {
    this.lookups++;
    return super.has(value);
  }
}

/**
 * The distinct people of a message's findings. A message whose only finding is replayed from the
 * part cache (a campaign copy) counts that finding's keys, distinct already, without hashing them
 * into a set: 15,930 keys and a 512 KB table per copy, for a count it already has.
 */
class MessagePeople {
  private readonly set = new PersonKeySet();
  /** The keys of the first finding, while it is the only one and came from the cache. */
  private only: Float64Array | null = null;

  add(keys: PersonKeySet | Float64Array): void {
    if (this.set.size === 0 && this.only === null && keys instanceof Float64Array) {
      this.only = keys;
      return;
    }
    if (this.only) {
      this.set.addAll(this.only, MAX_PEOPLE_KEYS);
      this.only = null;
    }
    this.set.addAll(keys, MAX_PEOPLE_KEYS);
  }

  get count(): number {
    return this.only ? Math.min(this.only.length, MAX_PEOPLE_KEYS) : this.set.size;
  }
}

/**
 * Where an attachment unit's personal e-mails go as its scorer meets them: hashed for the part
 * cache, then on to the mass-mailing check. A class whose method is bound per unit, not an arrow
 * function made per unit: V8 keeps a closure's optimised code only while one of its closures
 * lives, and compiled that one again for nearly every message (17 times on the 100 MB corpus
 * mailbox).
 */
class UnitEmails {
  constructor(
    private readonly hashes: Set<number>,
    private readonly cache: PartCache,
    private readonly forward: ((value: string) => void) | undefined,
  ) {}

  private see(value: string): void {
    this.hashes.add(this.cache.hashEmail(normaliseAddress(value)));
    this.forward?.(value);
  }

  readonly seeing = this.see.bind(this);
}
