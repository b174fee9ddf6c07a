import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { ScanSettingsSource } from '../config/run-settings.js';
import { ConnectionGuard } from './connection-guard.js';
import { installFastSmtpData } from './fast-smtp-data.js';
import { filterMessage } from './filter-message.js';
import type { MessageContext } from './filter-message.js';
import { formatHostPort } from '../model/host-port.js';
import type { HostPort } from '../model/host-port.js';
import { closeNextHopConnections } from './next-hop.js';
import type { RelayEnvelope } from './next-hop.js';
import { errorReason, reloadRelayPool, startRelayPool } from './run-service.js';
import type { ScanPool } from '../pool/scan-pool.js';
import type { LoadedFingerprints } from '../fingerprint/load-fingerprints.js';

installFastSmtpData();

export interface FilterOptions extends Omit<MessageContext, 'pool' | 'log'> {
  listen: HostPort;
  workers: number;
  maxConnections: number;
  /** Heap of each scan worker in MiB (the pool's default when absent). */
  workerHeapMb?: number;
  /** The configuration and flags each worker builds its scan settings from. */
  scan: ScanSettingsSource;
  /** Reads the fingerprint file again with its key (reload, on SIGHUP); absent when the run has none. */
  reloadFingerprints?: () => Promise<LoadedFingerprints>;
}

/** The filter could not start (port in use, next hop unknown, quarantine not writable...): one line, exit 3. */
export class FilterStartError extends Error {
  override readonly name = 'FilterStartError';
}

/** Idle connections (the MTA caches them) get this long to quit on shutdown before a 421. */
const IDLE_CLOSE_MS = 1000;

type SmtpReplyError = Error & { responseCode: number };
const smtpError = (code: number, text: string): SmtpReplyError => Object.assign(new Error(text), { responseCode: code });

function envelopeOf(session: SMTPServerSession): RelayEnvelope {
  const from = session.envelope.mailFrom;
  const body = from && from.args ? from.args.BODY : undefined;
  return { from: from ? from.address : '', recipients: session.envelope.rcptTo.map((r) => r.address), eightBit: String(body ?? '').toUpperCase() === '8BITMIME' };
}

/**
 * `pii-scan filter`: an after-queue SMTP content filter (Postfix content_filter). Each message is
 * read under the size limit, scanned in the worker pool, and relayed to the next hop before the
 * reply to DATA, or quarantined, or refused; a message without a verdict gets `--on-error`.
 */
export class SmtpFilter {
  private server?: SMTPServer;
  /** What each message is handled with, its pool included (replaced on reload). */
  private ctx?: MessageContext;
  /** Pools replaced by a reload, ending once their messages are scanned. */
  private readonly draining = new Set<Promise<void>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private guard?: ConnectionGuard;
  /** Sessions with a message being scanned or relayed: whether their client hung up meanwhile. */
  private readonly busy = new Map<string, { gone: boolean }>();
  private stopping = false;

  constructor(
    private readonly options: FilterOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Checks the configuration, starts the workers and listens; resolves with the address bound. */
  async start(): Promise<HostPort> {
    const { options } = this;
    await lookup(options.nextHop.host).catch((err) => {
      throw new FilterStartError(`--next-hop ${formatHostPort(options.nextHop)}: cannot resolve ${options.nextHop.host} (${errorReason(err)})`);
    });
    const ctx: MessageContext = { ...options, pool: await startRelayPool(options, (sentence) => new FilterStartError(sentence)), log: this.log };
    this.ctx = ctx;
    this.server = new SMTPServer({
      name: hostname(),
      banner: 'pii-scan content filter',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      // The guard below keeps --max-connections, taking slots back from trickling clients; this
      // hard cap (smtp-server answers 421 past it) only covers a burst the guard has not closed yet.
      maxClients: options.maxConnections * 2,
      onMailFrom: (address, _session, callback) => callback(this.checkMailFrom(address)),
      onData: (stream, session, callback) => this.onData(stream, session, ctx, callback),
      // A client that hangs up while its message is scanned never gets the answer, and its MTA
      // sends the message again: relaying this copy too would deliver it twice (filter-message.ts).
      onClose: (session) => {
        const message = this.busy.get(session.id);
        if (message) message.gone = true;
      },
    });
    this.guard = new ConnectionGuard(options.maxConnections);
    this.guard.attach(this.server.server);
    return this.listen(this.server);
  }

  /** The fingerprint file read again: the next messages are scanned with it, the ones under way end in the pool before (reloadRelayPool). */
  reload(): Promise<string> {
    const use = (pool: ScanPool) => {
      if (this.ctx) this.ctx.pool = pool;
    };
    return reloadRelayPool(this.options, { name: 'filter', stopping: () => this.stopping, current: () => this.ctx?.pool, use, draining: this.draining });
  }

  /** Stops accepting, lets messages in progress finish (replied to, relayed), closes idle connections (the next hop's kept ones too), ends the workers. */
  async stop(): Promise<void> {
    this.stopping = true;
    const server = this.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      const idle = setTimeout(() => {
        for (const connection of server.connections) {
          connection.send(421, '4.3.2 pii-scan: shutting down');
          connection.close();
        }
      }, IDLE_CLOSE_MS);
      idle.unref();
      await closed;
      clearTimeout(idle);
    }
    this.guard?.stop();
    closeNextHopConnections();
    await Promise.all([this.ctx?.pool.close(), ...this.draining]);
  }

  private listen(server: SMTPServer): Promise<HostPort> {
    const { listen } = this.options;
    return new Promise((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => {
        void this.ctx?.pool.close();
        reject(new FilterStartError(`cannot listen on ${formatHostPort(listen)}: ${err.code === 'EADDRINUSE' ? 'address already in use' : errorReason(err)}`));
      };
      server.once('error', failed);
      server.listen(listen.port, listen.host, () => {
        server.off('error', failed);
        server.on('error', (err: Error) => this.log(`pii-scan: filter: connection error: ${errorReason(err)}\n`));
        const bound = server.server.address();
        resolve(typeof bound === 'object' && bound ? { host: bound.address, port: bound.port } : listen);
      });
    });
  }

  /** Refused at MAIL FROM, before any data: a shutdown in progress, or a declared SIZE over the limit. */
  private checkMailFrom(address: SMTPServerAddress): Error | undefined {
    if (this.stopping) return smtpError(421, '4.3.2 pii-scan: shutting down, try again later');
    const size = Number(address.args ? address.args.SIZE : 0);
    if (size > this.options.maxSize) {
      const reject = this.options.onError === 'reject';
      return smtpError(reject ? 552 : 452, `${reject ? '5.3.4' : '4.3.4'} pii-scan: not scanned: message of ${size} bytes, over the ${this.options.maxSize}-byte limit`);
    }
    return undefined;
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, ctx: MessageContext, callback: (err?: Error | null, message?: string) => void): void {
    if (this.stopping) {
      stream.resume();
      return callback(smtpError(421, '4.3.2 pii-scan: shutting down, try again later'));
    }
    const message = { gone: false };
    this.busy.set(session.id, message);
    // The guard holds the client to a minimum rate while it sends, then leaves it be while it waits.
    this.guard?.dataStarted(session);
    stream.once('end', () => this.guard?.awaitingAnswer(session));
    const answer = (err: Error | null, text?: string) => {
      this.guard?.answered(session);
      callback(err, text);
    };
    const job = filterMessage(stream, session.id, envelopeOf(session), ctx, () => message.gone).then(
      (reply) => (reply.code < 400 ? answer(null, reply.text) : answer(smtpError(reply.code, reply.text))),
      (err: unknown) => answer(smtpError(451, `4.3.0 pii-scan: internal error: ${errorReason(err)}`)),
    );
    this.inflight.add(job);
    void job.finally(() => {
      this.inflight.delete(job);
      this.busy.delete(session.id);
    });
  }
}
