/** The next hop of the load test: counts what arrives per Message-ID, keeps headers only. */
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  count: number;
  /** The X-PII-Scan header value of the first copy. */
  verdict: string | undefined;
  recipients: string[];
}

export interface LoadSink {
  port: number;
  arrivals: Map<string, Arrival>;
  /** Messages that arrived without a Message-ID (must stay 0). */
  unidentified: number;
  close(): Promise<void>;
}

/** Header bytes kept per message: enough for the headers the filter and the generator write. */
const HEAD_BYTES = 64 * 1024;

/** A header's value (unfolded) in the header block at the start of `head`. */
export function headerValue(head: string, name: string): string | undefined {
  const block = head.split(/\r\n\r\n/)[0] ?? '';
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block.replace(/\r\n[ \t]+/g, ' '))?.[1]?.trim();
}

export async function startLoadSink(): Promise<LoadSink> {
  const arrivals = new Map<string, Arrival>();
  const sink: LoadSink = { port: 0, arrivals, unidentified: 0, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < HEAD_BYTES) head += chunk.subarray(0, HEAD_BYTES - head.length).toString('latin1');
      });
      stream.on('end', () => {
        const id = headerValue(head, 'Message-ID')?.replace(/^<|>$/g, '');
        if (!id) sink.unidentified++;
        else {
          const seen = arrivals.get(id);
          if (seen) seen.count++;
          else arrivals.set(id, { count: 1, verdict: headerValue(head, 'X-PII-Scan'), recipients: session.envelope.rcptTo.map((r) => r.address) });
        }
        callback(null, 'Ok: queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as { port: number }).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
