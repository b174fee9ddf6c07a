import type { MessageResult } from '../model/result.js';
import type { Lang } from '../report/i18n.js';
import { VERSION } from '../version.js';
import { reasonText } from './reason-text.js';
import type { OnBlock, OnError } from '../model/relay-choices.js';


/** Why a message has no verdict. */
export type ScanFailure = 'timeout' | 'too-large' | 'failed';

/** The scan's outcome for one relayed message. */
export type ScanOutcome = { kind: 'scanned'; result: MessageResult } | { kind: 'error'; cause: ScanFailure; detail: string };

/** What to do with the message: relay it with a header, keep it in quarantine, or refuse it with an SMTP reply. */
export type RelayAction =
  | { kind: 'relay'; header: string }
  | { kind: 'quarantine'; reason: string }
  | { kind: 'refuse'; code: number; text: string };

export interface ActionPolicy {
  onBlock: OnBlock;
  onError: OnError;
  lang: Lang;
}

/** The verdict and rule a relayed message is logged with: the scan's, or `error` and why it has none. */
export function verdictOf(outcome: ScanOutcome): { verdict: string; rule: string } {
  return outcome.kind === 'scanned' ? { verdict: outcome.result.verdict, rule: outcome.result.rule ?? 'none' } : { verdict: 'error', rule: outcome.cause };
}

/** The `X-PII-Scan:` header line (with CRLF) prepended to every relayed message. */
export function scanHeader(verdict: string, rule: string): string {
  return `X-PII-Scan: verdict=${verdict}; rule=${rule}; version=${VERSION}\r\n`;
}

/** Reply codes for a message that was not scanned: [code, enhanced status] when deferred, when rejected. */
const ERROR_CODES: Record<ScanFailure, { defer: [number, string]; reject: [number, string] }> = {
  // RFC 3463 X.3.4: message too big for the system.
  'too-large': { defer: [452, '4.3.4'], reject: [552, '5.3.4'] },
  timeout: { defer: [451, '4.3.0'], reject: [554, '5.3.0'] },
  failed: { defer: [451, '4.3.0'], reject: [554, '5.3.0'] },
};

/**
 * Turns a scan outcome into the filter's action. pass and warn are relayed with the header;
 * block and unscannable (fail closed: nothing unread is clean) follow `onBlock`; a message with
 * no verdict follows `onError`, and one over the size limit is never relayed, since its bytes
 * were not kept: with `pass` it is deferred.
 */
export function decideAction(outcome: ScanOutcome, policy: ActionPolicy): RelayAction {
  if (outcome.kind === 'scanned') {
    const { verdict, rule } = outcome.result;
    if (verdict === 'pass' || verdict === 'warn' || policy.onBlock === 'tag') return { kind: 'relay', header: scanHeader(verdict, rule ?? 'none') };
    const reason = reasonText(outcome.result, policy.lang);
    if (policy.onBlock === 'quarantine') return { kind: 'quarantine', reason };
    return { kind: 'refuse', code: 550, text: `5.7.1 pii-scan: ${reason}` };
  }
  if (policy.onError === 'pass' && outcome.cause !== 'too-large') return { kind: 'relay', header: scanHeader('error', outcome.cause) };
  const [code, status] = ERROR_CODES[outcome.cause][policy.onError === 'reject' ? 'reject' : 'defer'];
  return { kind: 'refuse', code, text: `${status} pii-scan: not scanned: ${outcome.detail}` };
}
