import type { Finding } from '../model/findings.js';
import type { IssueCode, ScanIssue } from '../model/issues.js';
import type { DecisionRule, MassMailing, Verdict } from '../model/result.js';

/** Thresholds of DESIGN.md §3; the configuration issue makes them settable from a file. */
export interface PolicyConfig {
  /** People in one message from which it is blocked. */
  minPeople: number;
  /** People from which a message is at least a warning. */
  warnPeople: number;
  /** Valid national IDs, bank accounts or cards in one message from which it is blocked. */
  blockIdentifiers: number;
  /**
   * The message's own recipients found in the address lists it carries, from which it is blocked
   * as a mass mailing, whatever the number of people (see score/mass-mailing-check.ts for what
   * counts). Two, because one is the everyday case of a client's own address in the file sent to
   * that client (and a newsletter whose programme names one subscriber), while two recipients
   * of the same message in the same kind of list is the mailing's own list travelling with it.
   */
  massMailingRecipients: number;
  /**
   * Distinct records of the organisation's own customers (found by `--fingerprints`) in one
   * message from which it is blocked; fewer, from one, warn.
   */
  knownCustomers: number;
  /** The verdict an issue gives its message, per issue code; codes not listed give `unscannable`. */
  issues?: Partial<Record<IssueCode, IssueVerdict>>;
}

/**
 * What an issue can make of its message. Never `pass` (DESIGN.md §1): content that could not be
 * read is never clean; `warn` lets the message go with the issue reported.
 */
export const ISSUE_VERDICTS = ['block', 'unscannable', 'warn'] as const;
export type IssueVerdict = (typeof ISSUE_VERDICTS)[number];

export const DEFAULT_POLICY: PolicyConfig = { minPeople: 10, warnPeople: 3, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 };

/** Entities that block by their count (DESIGN.md §3): national IDs, bank accounts, cards. */
export const IDENTIFIERS = ['nir', 'iban', 'rib', 'payment-card'] as const;
/** A single person's record in an attachment warns when it has this many fields (name, address, e-mail...). */
const FULL_RECORD_FIELDS = 3;

/** National IDs, bank accounts and cards counted in one finding. */
export const identifiersIn = (f: Finding) => IDENTIFIERS.reduce((n, e) => n + (f.entities[e] ?? 0), 0);

/**
 * Turns findings and issues into a verdict, and sets each finding's severity on its own merits:
 * high for what blocks, medium for what warns, low for the rest (so three IBANs beside a blocked
 * customer file are listed too). Block wins over unscannable; an issue makes a message that does
 * not block unscannable, or what the policy maps its code to (block or warn, never pass): nothing
 * unread is ever "clean". A mass mailing that carries its own address list is the first rule
 * named when it holds, being the most telling for the sender (the findings still say how many
 * people). Findings a baseline accepted do not count (`people` excludes theirs, and an accepted
 * list is no mass mailing); their severity is what they would weigh on their own. `known` is the
 * number of distinct customer records of the organisation's fingerprints the message carries
 * (accepted findings' left out): their findings weigh by that rule alone, never as people or
 * identifiers again, since the scorers' own findings already count those values.
 */
export function decide(findings: Finding[], issues: ScanIssue[], people: number, policy: PolicyConfig, massMailing?: MassMailing, known = 0): { verdict: Verdict; rule: DecisionRule } {
  const counted = findings.filter((f) => !f.accepted && f.kind !== 'known-customers');
  const identifiers = counted.reduce((n, f) => n + identifiersIn(f), 0);
  const listedIn = new Set(massMailing && massMailing.listed >= policy.massMailingRecipients ? massMailing.where : []);
  for (const f of findings) if (f.accepted) listedIn.delete(f.where);
  const run: Weights = { blockByPeople: people >= policy.minPeople, blockByIds: identifiers >= policy.blockIdentifiers, warnByPeople: people >= policy.warnPeople };
  const blockByKnown = known >= policy.knownCustomers;
  for (const f of findings) {
    if (f.kind === 'known-customers') f.severity = (f.accepted ? f.people >= policy.knownCustomers : blockByKnown) ? 'high' : 'medium';
    else f.severity = listedIn.has(f.where) ? 'high' : severityOf(f, f.accepted ? alone(f, policy) : run);
  }
  const { blockByPeople, blockByIds, warnByPeople } = run;
  const blockByList = listedIn.size > 0;
  let rule: DecisionRule = null;
  if (blockByList) rule = 'mass-mailing';
  else if (blockByKnown) rule = 'known-customers';
  else if (blockByPeople) rule = 'people';
  else if (blockByIds) rule = 'identifiers';
  else if (known > 0) rule = 'known-customers';
  else if (identifiers > 0) rule = 'identifiers';
  else if (warnByPeople) rule = 'few-people';
  else if (counted.some(isFullRecordInAttachment)) rule = 'person-record';
  const verdict: Verdict = blockByPeople || blockByIds || blockByList || blockByKnown ? 'block' : rule ? 'warn' : 'pass';
  const byIssues = issueVerdict(issues, policy);
  if (verdict === 'block' || byIssues === null) return { verdict, rule };
  // A warning from the findings explains itself; a warning from an issue alone says "unreadable".
  if (byIssues === 'warn' && verdict === 'warn') return { verdict, rule };
  return { verdict: byIssues, rule: 'unreadable' };
}

/** The worst verdict the message's issues give, or null when it has none. */
function issueVerdict(issues: ScanIssue[], policy: PolicyConfig): IssueVerdict | null {
  let worst: IssueVerdict | null = null;
  for (const issue of issues) {
    const v = policy.issues?.[issue.code] ?? 'unscannable';
    if (worst === null || RANK[v] > RANK[worst]) worst = v;
  }
  return worst;
}

/** Which thresholds a message (or one finding alone) reaches. */
interface Weights {
  blockByPeople: boolean;
  blockByIds: boolean;
  warnByPeople: boolean;
}

/** The thresholds an accepted finding would reach were it the only one in its message. */
function alone(f: Finding, policy: PolicyConfig): Weights {
  return { blockByPeople: f.people >= policy.minPeople, blockByIds: identifiersIn(f) >= policy.blockIdentifiers, warnByPeople: f.people >= policy.warnPeople };
}

function severityOf(f: Finding, w: Weights): Finding['severity'] {
  if ((w.blockByPeople && f.people > 0) || (w.blockByIds && identifiersIn(f) > 0)) return 'high';
  if ((w.warnByPeople && f.people > 0) || identifiersIn(f) > 0 || isFullRecordInAttachment(f)) return 'medium';
  return 'low';
}

function isFullRecordInAttachment(f: Finding): boolean {
  return f.inAttachment && f.people > 0 && f.fields.length >= FULL_RECORD_FIELDS;
}

/** Order of verdicts for the run's overall verdict and exit code. */
const RANK: Record<Verdict, number> = { pass: 0, warn: 1, unscannable: 2, block: 3 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
