import type { Finding } from '../model/findings.js';
import type { ScanIssue } from '../model/issues.js';
import type { DecisionRule, Verdict } from '../model/result.js';

/** Thresholds of DESIGN.md §3; the configuration issue makes them settable from a file. */
export interface PolicyConfig {
  /** People in one message from which it is blocked. */
  minPeople: number;
  /** People from which a message is at least a warning. */
  warnPeople: number;
  /** Valid national IDs, bank accounts or cards in one message from which it is blocked. */
  blockIdentifiers: number;
}

export const DEFAULT_POLICY: PolicyConfig = { minPeople: 10, warnPeople: 3, blockIdentifiers: 3 };

const IDENTIFIERS = ['nir', 'iban', 'rib', 'payment-card'] as const;
/** A single person's record in an attachment warns when it has this many fields (name, address, e-mail...). */
const FULL_RECORD_FIELDS = 3;

const identifiersIn = (f: Finding) => IDENTIFIERS.reduce((n, e) => n + (f.entities[e] ?? 0), 0);

/**
 * Turns findings and issues into a verdict, and sets each finding's severity on its own merits:
 * high for what blocks, medium for what warns, low for the rest (so three IBANs beside a blocked
 * customer file are listed too). Block wins over unscannable; any issue makes a message that does
 * not block unscannable: nothing unread is ever "clean". Findings a baseline accepted do not
 * count (`people` excludes theirs); their severity is what they would weigh on their own.
 */
export function decide(findings: Finding[], issues: ScanIssue[], people: number, policy: PolicyConfig): { verdict: Verdict; rule: DecisionRule } {
  const counted = findings.filter((f) => !f.accepted);
  const identifiers = counted.reduce((n, f) => n + identifiersIn(f), 0);
  const run: Weights = { blockByPeople: people >= policy.minPeople, blockByIds: identifiers >= policy.blockIdentifiers, warnByPeople: people >= policy.warnPeople };
  for (const f of findings) f.severity = severityOf(f, f.accepted ? alone(f, policy) : run);
  const { blockByPeople, blockByIds, warnByPeople } = run;
  let rule: DecisionRule = null;
  if (blockByPeople) rule = 'people';
  else if (blockByIds || identifiers > 0) rule = 'identifiers';
  else if (warnByPeople) rule = 'few-people';
  else if (counted.some(isFullRecordInAttachment)) rule = 'person-record';
  const verdict: Verdict = blockByPeople || blockByIds ? 'block' : rule ? 'warn' : 'pass';
  if (verdict !== 'block' && issues.length > 0) return { verdict: 'unscannable', rule: 'unreadable' };
  return { verdict, rule };
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
