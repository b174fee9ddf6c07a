import type { Socket } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { SMTPServer } from 'smtp-server';
import { run } from '../../src/cli/run.js';
import type { CliResult } from '../../src/cli/run.js';

/** One message as the sink received it. */
export interface SinkMessage {
  from: string;
  recipients: string[];
  /** The BODY= parameter of MAIL FROM, when given. */
  body?: string;
  content: Buffer;
}

export interface Sink {
  port: number;
  messages: SinkMessage[];
  /** Connections opened to the sink so far. */
  connections(): number;
  /** Closes every open connection from the sink's side (a hop's idle timeout). */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A local SMTP server standing for the next hop (Postfix's re-injection listener, or the final
 * destination): it keeps what it receives, and refuses the recipients `refuse` names with 550.
 * `answerAfterMs`: it keeps a message at once but answers the final dot only after that long (a
 * slow hop that queues, then replies).
 */
export async function startSink(refuse: (recipient: string) => boolean = () => false, answerAfterMs = 0): Promise<Sink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => callback(refuse(address.address) ? Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }) : undefined),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        const body = from && from.args && typeof from.args.BODY === 'string' ? from.args.BODY : undefined;
        messages.push({ from: from ? from.address : '', recipients: session.envelope.rcptTo.map((r) => r.address), ...(body ? { body } : {}), content: Buffer.concat(chunks) });
        const queued = `Ok: queued as SINK${messages.length}`;
        if (answerAfterMs > 0) setTimeout(() => callback(null, queued), answerAfterMs);
        else callback(null, queued);
      });
    },
  });
  const sockets = new Set<Socket>();
  let connections = 0;
  server.server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    messages,
    connections: () => connections,
    dropConnections: () => sockets.forEach((socket) => socket.destroy()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The server's final reply to one message: its code and full text. */
export interface SmtpReply {
  code: number;
  text: string;
}

/** Sends one message over a new connection and returns the final reply (to DATA, or to the command that failed). */
export function sendMail(port: number, envelope: { from: string; to: string[]; use8BitMime?: boolean; size?: number }, message: Buffer | string): Promise<SmtpReply> {
  return new Promise((resolve, reject) => {
    const conn = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, socketTimeout: 120_000 });
    conn.on('error', reject);
    conn.connect((err) => {
      if (err) return reject(err);
      conn.send(envelope, message, (sendErr, info) => {
        conn.quit();
        const failed = sendErr as (Error & { responseCode?: number; response?: string }) | null;
        if (failed?.responseCode) resolve({ code: failed.responseCode, text: failed.response ?? '' });
        else if (failed) reject(failed);
        else resolve({ code: Number(info.response.slice(0, 3)), text: info.response });
      });
    });
  });
}

/** A filter running in process through run(), as `pii-scan filter ARGS`. */
export interface RunningFilter {
  port: number;
  /** stderr lines so far (the start-up line, one per message...). */
  log: string[];
  /** Sends the stop signal (SIGTERM in a real process) and resolves with the run's result. */
  stop(): Promise<CliResult>;
  /** Sends the reload signal (SIGHUP in a real process). */
  reload(): void;
}

/** Starts `pii-scan filter --listen 127.0.0.1:0 ARGS` in process; resolves once it listens. */
export async function startFilter(args: string[], env: Record<string, string> = { LANG: 'en_GB.UTF-8' }): Promise<RunningFilter> {
  const log: string[] = [];
  let stopFilter: () => void = () => {};
  let reloadFilter: () => void = () => {};
  let listening: (port: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (listening = resolve));
  const result = run(['filter', '--listen', '127.0.0.1:0', ...args], {
    env,
    writeStderr: (line) => {
      log.push(line);
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      if (port) listening(Number(port));
    },
    onStop: (stop) => (stopFilter = stop),
    onReload: (reload) => (reloadFilter = reload),
  });
  const port = await Promise.race([ready, result.then((r) => Promise.reject(new Error(`filter did not start: ${r.stderr}${log.join('')}`)))]);
  return {
    port,
    log,
    stop: () => {
      stopFilter();
      return result;
    },
    reload: () => reloadFilter(),
  };
}
