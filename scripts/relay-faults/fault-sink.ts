/** The next hop of the fault suite: counts every copy that arrives, and misbehaves on request. */
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { headerValue } from '../load-relay/load-sink.js';

/** How the hop misbehaves: each can be changed between messages. */
export interface HopBehaviour {
  /** Wait this long after the connection before the 220 greeting. */
  greetingDelayMs: number;
  /** Keep the message at once, but answer the final dot only after this long (a hop that queues, then replies). */
  answerAfterMs: number;
  /** The reply to RCPT TO of a recipient, when it is refused: [code, text]. */
  refuse: (recipient: string) => [number, string] | undefined;
}

/** One copy that reached the hop. */
export interface Arrival {
  messageId: string;
  recipients: string[];
  /** The X-PII-Scan header the filter prepended (undefined: relayed without a verdict). */
  verdict: string | undefined;
}

export interface FaultSink {
  port: number;
  arrivals: Arrival[];
  behaviour: HopBehaviour;
  /** Stops listening and drops every connection (the hop goes down). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const NORMAL: HopBehaviour = { greetingDelayMs: 0, answerAfterMs: 0, refuse: () => undefined };

export async function startFaultSink(): Promise<FaultSink> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  let server: SMTPServer;
  const sink: FaultSink = {
    port: 0,
    arrivals,
    behaviour: { ...NORMAL },
    down: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    up: () => listen(sink.port),
    close: () => sink.down(),
  };
  const listen = async (port: number) => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onConnect: (_session, callback) => {
        setTimeout(() => callback(), sink.behaviour.greetingDelayMs);
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = sink.behaviour.refuse(address.address);
        callback(refusal ? Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }) : undefined);
      },
      onData(stream, session, callback) {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 65_536) head += chunk.subarray(0, 65_536 - head.length).toString('latin1');
        });
        stream.on('end', () => {
          const messageId = headerValue(head, 'Message-ID')?.replace(/^<|>$/g, '') ?? '(none)';
          arrivals.push({ messageId, recipients: session.envelope.rcptTo.map((r) => r.address), verdict: headerValue(head, 'X-PII-Scan') });
          setTimeout(() => callback(null, `Ok: queued as HOP${arrivals.length}`), sink.behaviour.answerAfterMs);
        });
      },
    });
    server.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    sink.port = (server.server.address() as { port: number }).port;
  };
  await listen(0);
  return sink;
}
