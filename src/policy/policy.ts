import type { Finding } from '../model/findings.js';
import type { IssueCode, ScanIssue } from '../model/issues.js';
import type { DecisionRule, Verdict } from '../model/result.js';

/** Thresholds of DESIGN.md §3; the configuration issue makes them settable from a file. */
export interface PolicyConfig {
  /** People in one message from which it is blocked. */
  minPeople: number;
  /** People from which a message is at least a warning. */
  warnPeople: number;
  /** Valid national IDs, bank accounts or cards in one message from which it is blocked. */
  blockIdentifiers: number;
  /** The verdict an issue gives its message, per issue code; codes not listed give `unscannable`. */
  issues?: Partial<Record<IssueCode, IssueVerdict>>;
}

/**
 * What an issue can make of its message. Never `pass` (DESIGN.md §1): content that could not be
 * read is never clean; `warn` lets the message go with the issue reported.
 */
export const ISSUE_VERDICTS = ['block', 'unscannable', 'warn'] as const;
export type IssueVerdict = (typeof ISSUE_VERDICTS)[number];

export const DEFAULT_POLICY: PolicyConfig = { minPeople: 10, warnPeople: 3, blockIdentifiers: 3 };

const IDENTIFIERS = ['nir', 'iban', 'rib', 'payment-card'] as const;
/** A single person's record in an attachment warns when it has this many fields (name, address, e-mail...). */
const FULL_RECORD_FIELDS = 3;

const identifiersIn = (f: Finding) => IDENTIFIERS.reduce((n, e) => n + (f.entities[e] ?? 0), 0);

/**
 * Turns findings and issues into a verdict, and sets each finding's severity on its own merits:
 * high for what blocks, medium for what warns, low for the rest (so three IBANs beside a blocked
 * customer file are listed too). Block wins over unscannable; an issue makes a message that does
 * not block unscannable, or what the policy maps its code to (block or warn, never pass): nothing
 * unread is ever "clean".
 */
export function decide(findings: Finding[], issues: ScanIssue[], people: number, policy: PolicyConfig): { verdict: Verdict; rule: DecisionRule } {
  const identifiers = findings.reduce((n, f) => n + identifiersIn(f), 0);
  const blockByPeople = people >= policy.minPeople;
  const blockByIds = identifiers >= policy.blockIdentifiers;
  const warnByPeople = people >= policy.warnPeople;
  for (const f of findings) {
    if ((blockByPeople && f.people > 0) || (blockByIds && identifiersIn(f) > 0)) f.severity = 'high';
    else if ((warnByPeople && f.people > 0) || identifiersIn(f) > 0 || isFullRecordInAttachment(f)) f.severity = 'medium';
    else f.severity = 'low';
  }
  let rule: DecisionRule = null;
  if (blockByPeople) rule = 'people';
  else if (blockByIds || identifiers > 0) rule = 'identifiers';
  else if (warnByPeople) rule = 'few-people';
  else if (findings.some(isFullRecordInAttachment)) rule = 'person-record';
  const verdict: Verdict = blockByPeople || blockByIds ? 'block' : rule ? 'warn' : 'pass';
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
