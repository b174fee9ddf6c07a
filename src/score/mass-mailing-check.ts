import { isRoleAddress } from '../detect/detectors/email.js';
import type { MassMailing } from '../model/result.js';
import { normaliseAddress } from '../model/normalise-address.js';

/**
 * Distinct personal addresses (the sender's own left out) from which an attachment is an address
 * list. Below it, an attachment that names its recipients is their own document: two co-buyers
 * named on the deed sent to both, a couple on their contract, a client on the invoice. From it,
 * the recipients sit among other people, which is what a mailing list is. Three is also where a
 * table of people becomes a customer file (score/finding-from-tally.ts).
 */
const LIST_MIN_ADDRESSES = 3;

/**
 * The mass-mailing check's matching half (DESIGN.md §3: "the message's own recipients appear
 * inside an attachment"); policy/policy.ts decides from the counts.
 *
 * - Recipients are To, Cc, Bcc and the SMTP envelope's RCPT TO, normalised; the senders (From,
 *   Sender, Reply-To, MAIL FROM) are never recipients, even when copied to themselves: one's own
 *   address in one's own file says nothing about a mailing.
 * - Role addresses among the recipients (`mairie@`, `contact@`) are counted as recipients but
 *   never matched: a directory of services sent to those services carries no one's personal data
 *   (DESIGN.md §3, pass), and the scorers do not hand role addresses on anyway.
 * - Only attachments count, through the e-mail values the scorers already met in them
 *   (PeopleTally's `onEmail`): no second pass over any content. Message bodies, forwarded ones
 *   included, are correspondence (signatures, quoted threads), never matched.
 *
 * Use: `startUnit()` gives the callback for one attachment unit's scoring, `endUnit(where)` closes it.
 */
export class MassMailingCheck {
  /** Distinct recipients, role addresses included. */
  readonly recipients: number;
  private readonly personal = new Set<string>();
  private readonly senders: ReadonlySet<string>;
  private readonly listed = new Set<string>();
  private readonly where: string[] = [];
  /** Recipients met in the current unit. */
  private readonly unitListed = new Set<string>();
  /** Other addresses met in the current unit, kept only up to LIST_MIN_ADDRESSES: enough to decide. */
  private readonly unitOthers = new Set<string>();

  constructor(recipients: Iterable<string>, senders: Iterable<string | undefined>) {
    this.senders = new Set([...senders].filter((s) => s !== undefined).map(normaliseAddress));
    const all = new Set<string>();
    for (const r of recipients) {
      const address = normaliseAddress(r);
      if (!address.includes('@') || this.senders.has(address)) continue;
      all.add(address);
      if (!isRoleAddress(address)) this.personal.add(address);
    }
    this.recipients = all.size;
  }

  /** False when no recipient could be listed (none, or only role addresses): the scan then does no lookup at all. */
  get active(): boolean {
    return this.personal.size > 0;
  }

  /** Starts an attachment unit; the callback takes each personal e-mail value its scorer meets. */
  startUnit(): (value: string) => void {
    this.unitListed.clear();
    this.unitOthers.clear();
    return this.seeing;
  }

  /** Closes the unit: its recipients count when it is an address list. */
  endUnit(where: string): void {
    if (this.unitListed.size === 0 || this.unitListed.size + this.unitOthers.size < LIST_MIN_ADDRESSES) return;
    for (const address of this.unitListed) this.listed.add(address);
    if (!this.where.includes(where)) this.where.push(where);
  }

  /**
   * A unit scored for another message (score/part-cache.ts): the e-mail addresses its scorer met,
   * as keyed hashes (`hashOf` of each normalised address). Same outcome as startUnit, see each, endUnit.
   */
  replayUnit(where: string, emails: ReadonlySet<number>, hashOf: (address: string) => number): void {
    this.startUnit();
    const notOthers = new Set<number>();
    for (const address of this.personal) {
      const hash = hashOf(address);
      notOthers.add(hash);
      if (emails.has(hash)) this.unitListed.add(address);
    }
    for (const sender of this.senders) notOthers.add(hashOf(sender));
    for (const hash of emails) {
      if (this.unitOthers.size >= LIST_MIN_ADDRESSES) break;
      // Only their count matters: a hash stands for the address it was made from.
      if (!notOthers.has(hash)) this.unitOthers.add(`#${hash}`);
    }
    this.endUnit(where);
  }

  /** The counts for policy and report; undefined when no recipient is listed anywhere. */
  result(): MassMailing | undefined {
    if (this.listed.size === 0) return undefined;
    return { recipients: this.recipients, listed: this.listed.size, where: [...this.where] };
  }

  /** A personal e-mail value the current unit's scorer met. */
  private see(value: string): void {
    const address = normaliseAddress(value);
    if (this.personal.has(address)) this.unitListed.add(address);
    else if (this.unitOthers.size < LIST_MIN_ADDRESSES && !this.senders.has(address)) this.unitOthers.add(address);
  }

  /**
   * `see` bound once per message: a method and its bound function, not an arrow function made
   * per message, whose optimised code V8 dropped with each message's closure and compiled again.
   */
  private readonly seeing = this.see.bind(this);
}
