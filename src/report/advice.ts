import type { IssueCode } from '../model/issues.js';
import type { DecisionRule } from '../model/result.js';
import type { Lang } from './lang.js';
import { messages } from './i18n.js';
import type { MessageReport } from './report.js';

/** Why a message needs someone to act, each with its own advice (i18n.ts `advice`). */
export const ADVICE_CAUSES = [
  'customer-file',
  'mass-mailing',
  'known-customers',
  'identifiers',
  'few-people',
  'person-record',
  'encrypted',
  'damaged',
  'unsupported',
  'no-text',
  'over-limit',
] as const;
export type AdviceCause = (typeof ADVICE_CAUSES)[number];

/** The cause a decision rule stands for; `unreadable` is said by the issues themselves. */
const RULE_CAUSE: Record<Exclude<DecisionRule, null | 'unreadable'>, AdviceCause> = {
  people: 'customer-file',
  'mass-mailing': 'mass-mailing',
  'known-customers': 'known-customers',
  identifiers: 'identifiers',
  'few-people': 'few-people',
  'person-record': 'person-record',
};

/** What each kind of unread content asks of the sender. */
const ISSUE_CAUSE: Record<IssueCode, AdviceCause> = {
  encrypted: 'encrypted',
  corrupt: 'damaged',
  truncated: 'damaged',
  partial: 'damaged',
  unsupported: 'unsupported',
  'no-text': 'no-text',
  'too-large': 'over-limit',
  'too-deep': 'over-limit',
  timeout: 'over-limit',
};

/**
 * The causes of a message's verdict, each once, the finding's first: a blocked customer file
 * with an encrypted attachment beside it needs both pieces of advice. A passing message needs none.
 */
export function adviceCauses(msg: Pick<MessageReport, 'verdict' | 'rule' | 'issues'>): AdviceCause[] {
  if (msg.verdict === 'pass') return [];
  const causes = new Set<AdviceCause>();
  if (msg.rule !== null && msg.rule !== 'unreadable') causes.add(RULE_CAUSE[msg.rule]);
  for (const issue of msg.issues) causes.add(ISSUE_CAUSE[issue.code]);
  return [...causes];
}

/** The advice lines of a message, one per cause; a verdict whose cause has none of its own (a rule added later) still says what to do. */
export function adviceLines(msg: Pick<MessageReport, 'verdict' | 'rule' | 'issues'>, lang: Lang): string[] {
  const m = messages(lang);
  const causes = adviceCauses(msg);
  if (causes.length === 0) return msg.verdict === 'pass' ? [] : [m.advice[msg.verdict]];
  return causes.map((c) => m.adviceFor[c]);
}
