import { hostname } from 'node:os';
import type { HostPort } from '../model/host-port.js';
import { formatHostPort } from '../model/host-port.js';
import { asciiLine } from './reason-text.js';
import { closeParked, park, takeParked } from './hop-connections.js';
import { SmtpClient } from './smtp-client.js';
import type { Reply } from './smtp-client.js';

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

/** The last line of a reply: the one that carries its status. */
const lastLine = (reply: Reply) => reply.text.split('\r\n').pop() ?? '';

/** A refusal from the hop, answered with the hop's own code and its reply as the reason. */
function fromReply(reply: Reply): NextHopError {
  const { code } = reply;
  const last = lastLine(reply);
  const klass = code >= 500 ? 5 : 4;
  const status = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(last)?.[1] ?? `${klass}.0.0`;
  return new NextHopError(code >= 400 && code < 600 ? code : 451, `${status} pii-scan: next hop replied: ${asciiLine(last).slice(0, 300)}`);
}

/**
 * Some recipients refused, before any data was sent: the message is refused as a whole, so that
 * no recipient gets it twice. Temporary if any refusal was (the MTA retries them all later, and
 * none is bounced for a passing fault); permanent otherwise (the sender learns which address failed).
 */
function partialRefusal(refused: Reply[], of: number): NextHopError {
  const temporary = refused.some((r) => r.code < 500);
  const said = asciiLine(refused[0] ? lastLine(refused[0]) : '').slice(0, 200);
  return new NextHopError(temporary ? 451 : 550, `${temporary ? '4' : '5'}.0.0 pii-scan: next hop refused ${refused.length} of ${of} recipients, message not relayed: ${said}`);
}

const isAscii = (text: string) => !/[^\x00-\x7f]/.test(text);

/** A connection kept from an earlier message that the hop has closed meanwhile: the message is tried once more on a new one. */
class StaleConnection extends Error {}

/** RSET after a refused transaction: the connection can then carry the next message. */
async function reset(client: SmtpClient): Promise<boolean> {
  const reply = await client.command('RSET').catch(() => null);
  return reply?.code === 250;
}

/**
 * Sends one message to the next hop and resolves with the hop's final reply ("250 2.0.0 Ok:
 * queued as ..."). The filter answers its client only after this, so that the MTA in front keeps
 * the mail until the hop has really taken it. A hop that is down is a 4xx (deferred); a hop that
 * refuses is its own code. Every recipient must be accepted before the message is sent: if the
 * hop refuses some, it gets no data and the message fails as a whole (the reply to DATA cannot be
 * partial, and relaying to the others would have them get it again when the message is retried).
 * The connection is kept for the next message (hop-connections.ts); one the hop closed while it
 * waited fails at MAIL FROM, before any data, and the message goes over a new connection.
 */
export async function sendToNextHop(hop: HostPort, envelope: RelayEnvelope, message: Buffer, timeoutMs = NEXT_HOP_TIMEOUT_MS): Promise<string> {
  const key = `${formatHostPort(hop)} ${timeoutMs}`;
  const kept = takeParked(key);
  if (kept) {
    try {
      return await transaction(hop, key, kept, false, envelope, message);
    } catch (err) {
      if (!(err instanceof StaleConnection)) throw err;
    }
  }
  const client = new SmtpClient({ host: hop.host, port: hop.port, name: hostname(), connectTimeoutMs: CONNECT_TIMEOUT_MS, idleTimeoutMs: timeoutMs });
  return transaction(hop, key, client, true, envelope, message);
}

/** Closes the connections kept open to next hops (the filter is stopping). */
export const closeNextHopConnections = closeParked;

async function transaction(hop: HostPort, key: string, client: SmtpClient, fresh: boolean, envelope: RelayEnvelope, message: Buffer): Promise<string> {
  let reusable = false;
  let atMailFrom = true;
  try {
    if (fresh) await client.open();
    const params = [
      ...(envelope.eightBit && client.extensions.has('8BITMIME') ? ['BODY=8BITMIME'] : []),
      ...(client.extensions.has('SIZE') ? [`SIZE=${message.length}`] : []),
      ...(![envelope.from, ...envelope.recipients].every(isAscii) && client.extensions.has('SMTPUTF8') ? ['SMTPUTF8'] : []),
    ];
    // MAIL FROM and every RCPT TO in one write when the hop pipelines (RFC 2920), one by one otherwise.
    const envelopeLines = [`MAIL FROM:<${envelope.from}>${params.map((p) => ` ${p}`).join('')}`, ...envelope.recipients.map((r) => `RCPT TO:<${r}>`)];
    const replies = client.extensions.has('PIPELINING') ? await client.pipeline(envelopeLines) : [await client.command(envelopeLines[0] as string)];
    const mail = replies[0] as Reply;
    if (!fresh && mail.code === 421) throw new StaleConnection();
    atMailFrom = false;
    if (mail.code !== 250) {
      reusable = mail.code !== 421 && (replies.length === 1 || (await reset(client)));
      throw fromReply(mail);
    }
    const refused: Reply[] = [];
    for (let i = 0; i < envelope.recipients.length; i++) {
      const rcpt = replies[i + 1] ?? (await client.command(envelopeLines[i + 1] as string));
      if (rcpt.code !== 250 && rcpt.code !== 251) refused.push(rcpt);
    }
    if (refused.length > 0) {
      reusable = await reset(client);
      throw refused.length === envelope.recipients.length ? fromReply(refused[0] as Reply) : partialRefusal(refused, envelope.recipients.length);
    }
    const data = await client.command('DATA');
    if (data.code !== 354) {
      reusable = await reset(client);
      throw fromReply(data);
    }
    const done = await client.data(message);
    // The transaction is over either way: the hop is ready for the next MAIL FROM.
    reusable = true;
    if (done.code !== 250) throw fromReply(done);
    return asciiLine(lastLine(done));
  } catch (err) {
    // A kept connection that fails at MAIL FROM was closed by the hop while it waited: no data went.
    if (err instanceof StaleConnection || (!fresh && atMailFrom)) throw new StaleConnection();
    if (err instanceof NextHopError) throw err;
    const reply = (err as { reply?: Reply }).reply;
    if (reply) throw fromReply(reply);
    throw new NextHopError(451, `4.4.1 pii-scan: next hop ${formatHostPort(hop)} unreachable: ${asciiLine((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '')}`);
  } finally {
    if (reusable) park(key, client);
    else client.close();
  }
}
