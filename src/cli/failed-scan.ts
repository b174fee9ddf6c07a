import { issueDetail } from '../model/issue-details.js';
import { scanIssue } from '../model/issues.js';
import type { ScanIssue } from '../model/issues.js';
import type { MessageResult } from '../model/result.js';
import { ScanTimeoutError } from '../pool/scan-pool.js';
import type { PolicyConfig } from '../policy/policy.js';
import { decide } from '../policy/policy.js';
import type { RawMessage } from '../scan-message.js';

/** How long past its own time budget a message may run in a worker before the worker is stopped. */
export const POOL_GRACE_MS = 30_000;

/**
 * The result of a message whose scan in a worker did not finish: the worker overran the message's
 * time (its parsers are stopped at the message's budget; this catches what they cannot) or died
 * of its memory limit. Never a pass: the message is unscannable with the issue that says why, as
 * it would be had the limit been met in process. Any other failure is a bug and is rethrown: the
 * run ends with exit 3, as a scan in process would.
 */
export function failedScan(raw: RawMessage, err: unknown, policy: PolicyConfig): MessageResult {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  let issue: ScanIssue;
  if (err instanceof ScanTimeoutError) issue = scanIssue('timeout', raw.name, issueDetail(err.stage === 'ran' ? 'scan-timed-out' : 'no-worker-free', { seconds: err.seconds }));
  else if (/memory limit|out of memory/i.test(message)) issue = scanIssue('too-large', raw.name, issueDetail('not-scanned', { cause: message }));
  else throw err;
  const issues = [issue];
  const { verdict, rule } = decide([], issues, 0, policy);
  return {
    source: raw.source,
    ...(raw.index !== undefined ? { index: raw.index } : {}),
    ...(raw.mailbox ? { mailbox: raw.mailbox } : {}),
    verdict,
    rule,
    people: 0,
    findings: [],
    issues,
    parts: [],
    bytes: raw.oversize ?? raw.content.length,
  };
}
