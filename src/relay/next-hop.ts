import { hostname } from 'node:os';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { HostPort } from './host-port.js';
import { formatHostPort } from './host-port.js';
import { asciiLine } from './reason-text.js';

/** The SMTP envelope to hand on: as received, every recipient, and whether the body was 8-bit. */
export interface RelayEnvelope {
  /** '' for the null sender (bounces). */
  from: string;
  recipients: string[];
  /** The client declared BODY=8BITMIME: the next hop is told the same. */
  eightBit: boolean;
}

/** The next hop did not take the message: `code` and `text` are what to answer the client. */
export class NextHopError extends Error {
  override readonly name = 'NextHopError';
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(text);
  }
}

/** Connecting and the greeting are quick on a relay's loopback; a hop that does not answer in 30 s is down. */
const CONNECT_TIMEOUT_MS = 30_000;
/**
 * Once connected, how long the hop may stay silent (above all after the final dot, while it
 * queues): Postfix's own smtp_data_done_timeout, 600 s, and never the scan's --timeout. A hop that
 * queued the message and answered late was taken for one that had not: the filter deferred it,
 * and Postfix's retry delivered it a second time.
 */
export const NEXT_HOP_TIMEOUT_MS = 600_000;

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
}

/** A refusal from the hop, answered with the hop's own code and its reply as the reason. */
function fromReply(code: number, reply: string): NextHopError {
  const klass = code >= 500 ? 5 : 4;
  const status = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? `${klass}.0.0`;
  return new NextHopError(code >= 400 && code < 600 ? code : 451, `${status} pii-scan: next hop replied: ${asciiLine(reply).slice(0, 300)}`);
}

/** Some recipients refused: temporary if any refusal was, so that none of them is bounced for a passing fault. */
function partialRefusal(refused: number, of: number, errors: SmtpError[]): NextHopError {
  const temporary = errors.some((e) => (e.responseCode ?? 451) < 500);
  const said = asciiLine(errors[0]?.response ?? '').slice(0, 200);
  return new NextHopError(temporary ? 451 : 550, `${temporary ? '4' : '5'}.0.0 pii-scan: next hop refused ${refused} of ${of} recipients: ${said}`);
}

/**
 * Sends one message to the next hop over a fresh connection and resolves with the hop's final
 * reply ("250 2.0.0 Ok: queued as ..."). The filter answers its client only after this, so that
 * the MTA in front keeps the mail until the hop has really taken it. A hop that is down is a 4xx
 * (deferred); a hop that refuses is its own code. If the hop refuses some recipients only, the
 * message fails as a whole: their refusal must reach the sender, and the SMTP reply to DATA cannot
 * be partial (the accepted ones may then get the message twice when it is retried: no mail is lost).
 */
export function sendToNextHop(hop: HostPort, envelope: RelayEnvelope, message: Buffer, timeoutMs = NEXT_HOP_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = new SMTPConnection({
      host: hop.host,
      port: hop.port,
      ignoreTLS: true,
      name: hostname(),
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: timeoutMs,
    });
    let settled = false;
    const fail = (err: SmtpError) => {
      if (settled) return;
      settled = true;
      conn.close();
      if (err.responseCode && err.response) reject(fromReply(err.responseCode, err.response));
      else reject(new NextHopError(451, `4.4.1 pii-scan: next hop ${formatHostPort(hop)} unreachable: ${asciiLine(err.message.split('\n')[0])}`));
    };
    conn.on('error', fail);
    conn.connect((connectErr) => {
      if (connectErr) return fail(connectErr);
      const smtpEnvelope = { from: envelope.from, to: envelope.recipients, use8BitMime: envelope.eightBit, size: message.length };
      conn.send(smtpEnvelope, message, (err, info) => {
        if (err) return fail(err);
        settled = true;
        conn.quit();
        if (info.rejected.length > 0) reject(partialRefusal(info.rejected.length, envelope.recipients.length, (info.rejectedErrors ?? []) as SmtpError[]));
        else resolve(asciiLine(info.response ?? '250'));
      });
    });
  });
}
