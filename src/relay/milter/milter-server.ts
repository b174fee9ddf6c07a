import { chmod, chown, lstat, stat, unlink } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ScanPool } from '../../pool/scan-pool.js';
import { reportMessage } from '../../report/build-report.js';
import { quarantineMessage } from '../quarantine.js';
import { errorReason, reloadRelayPool, startRelayPool } from '../run-service.js';
import { decideAction, scanHeader, verdictOf } from '../relay-action.js';
import type { RelayAction, ScanOutcome } from '../relay-action.js';
import { formatLogLine, queueIdOf } from '../relay-log.js';
import { scanOutcome } from '../scan-outcome.js';
import type { FilterOptions } from '../smtp-filter.js';
import { formatMilterListen } from '../../model/milter-listen.js';
import type { MilterListen } from '../../model/milter-listen.js';
import { encodePacket, encodeReplyCode, MilterProtocolError, nulJoined, PacketReader, SMFIR } from './milter-protocol.js';
import { MilterSession } from './milter-session.js';
import type { MilterMessage } from './milter-session.js';

/** The filter's options but where it listens and relays, and how many SMTP clients it takes: the milter's socket instead. */
export interface MilterOptions extends Omit<FilterOptions, 'listen' | 'nextHop' | 'maxConnections'> {
  listen: MilterListen;
  /** Mode of a Unix socket (0660: the MTA's group may connect). */
  socketMode: number;
  /** Owner of a Unix socket, as numeric ids (-1: left as it is). */
  socketOwner?: { uid: number; gid: number };
}

/** The milter could not start (address in use, socket folder missing, quarantine not writable...): one line, exit 3. */
export class MilterStartError extends Error {
  override readonly name = 'MilterStartError';
}

/** On SIGTERM, a message still arriving gets this long past the scan's own bound to end before its connection is cut. */
const DRAIN_GRACE_MS = 10_000;

const CONTINUE = encodePacket(SMFIR.CONTINUE);
const LISTEN_ERRORS: Record<string, string> = { EADDRINUSE: 'address already in use', EACCES: 'permission denied', EADDRNOTAVAIL: 'no such address on this machine' };
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

interface Connection {
  id: string;
  socket: Socket;
  session: MilterSession;
  /** Packets are handled one after the other: the end of a message waits for its scan. */
  queue: Promise<void>;
  busy: boolean;
}

/**
 * `pii-scan milter`: a Sendmail/Postfix milter (before-queue). Each connection from the MTA is a
 * MilterSession; at the end of a message it is scanned in the worker pool the filter uses, then
 * accepted with an X-PII-Scan header, refused with a 5.7.1 reply the sender sees at once,
 * quarantined (SMFIR_QUARANTINE: Postfix's hold queue, plus a copy in --quarantine-dir), or
 * deferred when it could not be scanned.
 */
export class MilterServer {
  private server?: Server;
  private pool?: ScanPool;
  /** Pools replaced by a reload, ending once their messages are scanned. */
  private readonly draining = new Set<Promise<void>>();
  private readonly connections = new Set<Connection>();
  private nextConnection = 0;
  private stopping = false;

  constructor(
    private readonly options: MilterOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Checks the configuration, starts the workers and listens; resolves with the address bound. */
  async start(): Promise<MilterListen> {
    this.pool = await startRelayPool(this.options, (sentence) => new MilterStartError(sentence));
    try {
      return await this.listen();
    } catch (err) {
      await this.pool.close();
      throw err;
    }
  }

  /** The fingerprint file read again: the next messages are scanned with it, the ones under way end in the pool before (reloadRelayPool). */
  reload(): Promise<string> {
    return reloadRelayPool(this.options, { name: 'milter', stopping: () => this.stopping, current: () => this.pool, use: (pool) => (this.pool = pool), draining: this.draining });
  }

  /** Stops accepting; connections between messages close at once, the others after their message (or the drain bound); ends the workers. */
  async stop(): Promise<void> {
    this.stopping = true;
    const server = this.server;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const connection of this.connections) this.closeIfIdle(connection);
    const deadline = setTimeout(() => {
      for (const connection of this.connections) connection.socket.destroy();
    }, this.options.timeoutMs + DRAIN_GRACE_MS);
    await closed;
    clearTimeout(deadline);
    if (this.options.listen.kind === 'unix') await unlink(this.options.listen.path).catch(() => {});
    await Promise.all([this.pool?.close(), ...this.draining]);
  }

  private async listen(): Promise<MilterListen> {
    const { listen } = this.options;
    if (listen.kind === 'unix') await this.clearStaleSocket(listen.path);
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(new MilterStartError(`cannot listen on ${formatMilterListen(listen)}: ${LISTEN_ERRORS[err.code ?? ''] ?? errorReason(err)}`)));
      if (listen.kind === 'unix') server.listen(listen.path, () => resolve());
      else server.listen(listen.port, listen.host, () => resolve());
    });
    server.on('error', (err) => this.log(`pii-scan: milter: server error: ${errorReason(err)}\n`));
    if (listen.kind === 'unix') {
      await chmod(listen.path, this.options.socketMode).catch((err) => {
        throw new MilterStartError(`cannot set the mode of ${listen.path}: ${errorReason(err)}`);
      });
      const owner = this.options.socketOwner;
      if (owner) {
        await chown(listen.path, owner.uid, owner.gid).catch((err) => {
          throw new MilterStartError(`cannot give ${listen.path} to ${owner.uid}:${owner.gid}: ${errorReason(err)}`);
        });
      }
      return listen;
    }
    const bound = server.address();
    return typeof bound === 'object' && bound ? { kind: 'inet', host: bound.address, port: bound.port } : listen;
  }

  /** A socket file left by a milter that died is removed; one another process listens on is an error, as is any other file. */
  private async clearStaleSocket(path: string): Promise<void> {
    const folder = await stat(dirname(path)).catch(() => undefined);
    if (!folder?.isDirectory()) throw new MilterStartError(`cannot listen on unix:${path}: no folder ${dirname(path)} (create it, writable by the milter's user)`);
    const found = await lstat(path).catch(() => undefined);
    if (!found) return;
    if (!found.isSocket()) throw new MilterStartError(`cannot listen on unix:${path}: a file that is not a socket is there`);
    const live = await new Promise<boolean>((resolve) => {
      const probe = createConnection(path, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (live) throw new MilterStartError(`cannot listen on unix:${path}: another process listens on it`);
    await unlink(path);
  }

  private accept(socket: Socket): void {
    const id = `m${++this.nextConnection}`;
    const connection: Connection = {
      id,
      socket,
      session: new MilterSession({ maxSize: this.options.maxSize, decide: (message) => this.decide(message, id), overLimit: (message) => this.overLimit(message, id) }),
      queue: Promise.resolve(),
      busy: false,
    };
    this.connections.add(connection);
    const reader = new PacketReader();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let packets;
      try {
        packets = reader.push(chunk);
      } catch (err) {
        return this.drop(connection, err);
      }
      for (const packet of packets) {
        connection.queue = connection.queue.then(async () => {
          if (socket.destroyed) return;
          connection.busy = true;
          try {
            const step = await connection.session.handle(packet);
            if (step.replies.length > 0) socket.write(step.replies.length === 1 ? (step.replies[0] as Buffer) : Buffer.concat(step.replies));
            if (step.close) socket.end();
          } catch (err) {
            this.drop(connection, err);
          } finally {
            connection.busy = false;
          }
          if (this.stopping) this.closeIfIdle(connection);
        });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') this.log(`pii-scan: milter: ${id}: connection error: ${errorReason(err)}\n`);
    });
    socket.on('close', () => this.connections.delete(connection));
    if (this.stopping) this.closeIfIdle(connection);
  }

  /** A connection that broke the protocol is closed: the MTA applies its milter_default_action to the message. */
  private drop(connection: Connection, err: unknown): void {
    const what = err instanceof MilterProtocolError ? 'protocol error' : 'internal error';
    this.log(`pii-scan: milter: ${connection.id}: ${what}: ${oneLine(errorReason(err))}; connection closed\n`);
    connection.socket.destroy();
  }

  private closeIfIdle(connection: Connection): void {
    if (!connection.busy && !connection.session.inMessage) connection.socket.end();
  }

  private async decide(message: MilterMessage, connection: string): Promise<Buffer[]> {
    const started = performance.now();
    const raw = { source: `milter:${connection}`, kind: 'message' as const, name: 'message', content: message.content, envelope: message.envelope };
    const outcome = await scanOutcome(this.pool as ScanPool, raw);
    const action = decideAction(outcome, this.options);
    const { replies, code } = await this.act(action, outcome, message);
    const messageId = outcome.kind === 'scanned' ? outcome.result.messageId : undefined;
    this.logMessage(connection, message, { ...verdictOf(outcome), action: action.kind, reply: code, messageId, ms: performance.now() - started });
    return replies;
  }

  private overLimit(message: MilterMessage, connection: string): Buffer[] {
    const outcome: ScanOutcome = { kind: 'error', cause: 'too-large', detail: `message of more than ${this.options.maxSize} bytes, over the limit` };
    const action = decideAction(outcome, this.options);
    const code = action.kind === 'refuse' ? action.code : 452;
    const text = action.kind === 'refuse' ? action.text : '4.3.4 pii-scan: not scanned: over the size limit';
    this.logMessage(connection, message, { verdict: 'error', rule: 'too-large', action: 'refuse', reply: code, ms: 0 });
    return [encodeReplyCode(code, text)];
  }

  /** The replies that carry out an action, and the SMTP code the sender gets (250 when accepted). */
  private async act(action: RelayAction, outcome: ScanOutcome, message: MilterMessage): Promise<{ replies: Buffer[]; code: number }> {
    if (action.kind === 'refuse') return { replies: [encodeReplyCode(action.code, action.text)], code: action.code };
    if (action.kind === 'relay') return { replies: [addHeader(action.header), CONTINUE], code: 250 };
    try {
      if (outcome.kind !== 'scanned' || !this.options.quarantineDir) throw new Error('nothing to quarantine');
      const report = reportMessage(outcome.result, { lang: this.options.lang, showData: false });
      const id = await quarantineMessage(this.options.quarantineDir, message.content, { received: new Date().toISOString(), envelope: message.envelope, queueId: message.macros.get('i') ?? null, reason: action.reason, report });
      // Held by the MTA (Postfix: the hold queue), the copy kept here for review; released, it carries the verdict.
      const held = encodePacket(SMFIR.QUARANTINE, nulJoined(`pii-scan ${id}: ${oneLine(action.reason)}`));
      return { replies: [held, addHeader(scanHeader(outcome.result.verdict, outcome.result.rule ?? 'none')), CONTINUE], code: 250 };
    } catch (err) {
      // Never accepted unkept: the sender's server keeps the message and retries.
      return { replies: [encodeReplyCode(451, `4.3.0 pii-scan: quarantine failed: ${errorReason(err)}`)], code: 451 };
    }
  }

  private logMessage(connection: string, message: MilterMessage, f: { verdict: string; rule: string; action: string; reply: number; messageId?: string; ms: number }): void {
    const queueId = message.macros.get('i') ?? (message.over ? undefined : queueIdOf(message.content));
    this.log(formatLogLine('milter', { session: connection, queueId, messageId: f.messageId, auth: message.macros.get('{auth_authen}'), bytes: message.bytes, verdict: f.verdict, rule: f.rule, action: f.action, reply: f.reply, ms: f.ms }));
  }
}

/** SMFIR_ADDHEADER from a header line `Name: value\r\n` (the MTA puts the space after the colon back). */
function addHeader(line: string): Buffer {
  const colon = line.indexOf(':');
  return encodePacket(SMFIR.ADDHEADER, nulJoined(line.slice(0, colon), line.slice(colon + 1).trim()));
}
