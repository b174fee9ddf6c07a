import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { Lang } from '../report/i18n.js';
import { reportMessage } from '../report/build-report.js';
import type { HostPort } from '../model/host-port.js';
import { NextHopError, sendToNextHop } from './next-hop.js';
import type { RelayEnvelope } from './next-hop.js';
import { quarantineMessage } from './quarantine.js';
import { readBounded } from '../sources/read-bounded.js';
import { decideAction, verdictOf } from './relay-action.js';
import type { RelayAction, ScanOutcome } from './relay-action.js';
import type { OnBlock, OnError } from '../model/relay-choices.js';
import { formatLogLine, queueIdOf } from './relay-log.js';
import { scanOutcome } from './scan-outcome.js';
import type { ScanPool } from '../pool/scan-pool.js';

/** What the filter needs to decide and act on one message. */
export interface MessageContext {
  nextHop: HostPort;
  onBlock: OnBlock;
  onError: OnError;
  quarantineDir?: string;
  maxSize: number;
  /** Bounds the scan (in the pool). The hand-over to the next hop has its own bounds (next-hop.ts). */
  timeoutMs: number;
  lang: Lang;
  pool: ScanPool;
  log: (line: string) => void;
}

/** The SMTP reply to DATA: code and text ("2.0.0 ...", "5.7.1 ..."). */
export interface DataReply {
  code: number;
  text: string;
}


async function act(action: RelayAction, outcome: ScanOutcome, content: Buffer, envelope: RelayEnvelope, ctx: MessageContext): Promise<DataReply> {
  const { verdict } = verdictOf(outcome);
  try {
    if (action.kind === 'refuse') return { code: action.code, text: action.text };
    if (action.kind === 'relay') {
      const message = Buffer.concat([Buffer.from(action.header, 'latin1'), content]);
      const hop = await sendToNextHop(ctx.nextHop, envelope, message);
      return { code: 250, text: `2.0.0 pii-scan: ${verdict}, relayed: ${hop}` };
    }
    if (outcome.kind !== 'scanned' || !ctx.quarantineDir) throw new Error('nothing to quarantine');
    const report = reportMessage(outcome.result, { lang: ctx.lang, showData: false });
    const id = await quarantineMessage(ctx.quarantineDir, content, { received: new Date().toISOString(), envelope: { from: envelope.from, recipients: envelope.recipients }, reason: action.reason, report });
    return { code: 250, text: `2.0.0 pii-scan: quarantined as ${id}: ${action.reason}` };
  } catch (err) {
    if (err instanceof NextHopError) return { code: err.code, text: err.text };
    // Never relayed, never lost: the MTA keeps the message and retries.
    return { code: 451, text: `4.3.0 pii-scan: ${action.kind} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

/** The reply when the client hung up before its answer: nobody reads it, the log does. */
const CLIENT_GONE: DataReply = { code: 421, text: '4.4.2 pii-scan: the client hung up before its answer: not relayed (its MTA sends the message again)' };

/**
 * One message through the filter: read under the size limit, scan in the pool, decide, then
 * relay (and wait for the next hop), quarantine or refuse. Logs one line; returns the reply to DATA.
 * `clientGone` says whether the client hung up since: its MTA, which never got an answer, sends
 * the message again, so this copy is neither relayed nor quarantined. (A client that hangs up once
 * the relay has started is the window left: the hop has the message, and so will the retry.)
 */
export async function filterMessage(stream: Readable, session: string, envelope: RelayEnvelope, ctx: MessageContext, clientGone: () => boolean = () => false): Promise<DataReply> {
  const started = performance.now();
  const { content, bytes, over } = await readBounded(stream, ctx.maxSize);
  const outcome: ScanOutcome = over
    ? { kind: 'error', cause: 'too-large', detail: `message of ${bytes} bytes, over the ${ctx.maxSize}-byte limit` }
    : await scanOutcome(ctx.pool, { source: `smtp:${session}`, kind: 'message', name: 'message', content, envelope: { from: envelope.from, recipients: envelope.recipients } });
  const action = decideAction(outcome, ctx);
  const gone = action.kind !== 'refuse' && clientGone();
  const reply = gone ? CLIENT_GONE : await act(action, outcome, content, envelope, ctx);
  const messageId = outcome.kind === 'scanned' ? outcome.result.messageId : undefined;
  ctx.log(formatLogLine('filter', { session, queueId: queueIdOf(content), messageId, bytes, ...verdictOf(outcome), action: gone ? 'client-gone' : action.kind, reply: reply.code, ms: performance.now() - started }));
  return reply;
}
