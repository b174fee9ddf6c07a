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
 * Turns findings and issues into a verdict, and sets each finding's severity: high for what
 * blocks, medium for what warns, low for the rest. Block wins over unscannable; any issue makes
 * a message that does not block unscannable: nothing unread is ever "clean".
 */
export function decide(findings: Finding[], issues: ScanIssue[], people: number, policy: PolicyConfig): { verdict: Verdict; rule: DecisionRule } {
  const identifiers = findings.reduce((n, f) => n + identifiersIn(f), 0);
  let verdict: Verdict = 'pass';
  let rule: DecisionRule = null;
  if (people >= policy.minPeople) {
    mark(findings, (f) => f.people > 0, 'high');
    [verdict, rule] = ['block', 'people'];
  } else if (identifiers >= policy.blockIdentifiers) {
    mark(findings, (f) => identifiersIn(f) > 0, 'high');
    [verdict, rule] = ['block', 'identifiers'];
  } else if (people >= policy.warnPeople) {
    mark(findings, (f) => f.people > 0, 'medium');
    [verdict, rule] = ['warn', 'few-people'];
  } else if (identifiers > 0) {
    mark(findings, (f) => identifiersIn(f) > 0, 'medium');
    [verdict, rule] = ['warn', 'identifiers'];
  } else if (findings.some(isFullRecordInAttachment)) {
    mark(findings, isFullRecordInAttachment, 'medium');
    [verdict, rule] = ['warn', 'person-record'];
  }
  if (verdict !== 'block' && issues.length > 0) [verdict, rule] = ['unscannable', 'unreadable'];
  return { verdict, rule };
}

function isFullRecordInAttachment(f: Finding): boolean {
  return f.inAttachment && f.people > 0 && f.fields.length >= FULL_RECORD_FIELDS;
}

function mark(findings: Finding[], which: (f: Finding) => boolean, severity: Finding['severity']): void {
  for (const f of findings) if (which(f)) f.severity = severity;
}

/** Order of verdicts for the run's overall verdict and exit code. */
const RANK: Record<Verdict, number> = { pass: 0, warn: 1, unscannable: 2, block: 3 };

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}
