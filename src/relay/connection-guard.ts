import type { Server, Socket } from 'node:net';

/** The time bounds a client is held to (each one also a measure of how far it has stalled). */
export interface GuardLimits {
  /** A line (an SMTP command, a line of the message) must be finished this long after its first byte. */
  lineMs: number;
  /** From connecting, or from the answer to its last message, a client has this long to start DATA. */
  commandsMs: number;
  /**
   * During DATA, bytes per second the client must keep up on average (Postfix's
   * smtpd_min_data_rate, 500 by default): a message of N bytes gets lineMs + N / rate.
   */
  minDataRate: number;
  /** When every slot is taken, a client stalled longer than this gives its slot to a newcomer. */
  evictAfterMs: number;
}

export const DEFAULT_GUARD_LIMITS: GuardLimits = { lineMs: 10_000, commandsMs: 60_000, minDataRate: 500, evictAfterMs: 1_000 };

/** How often the connections are looked at. */
const SWEEP_MS = 1_000;
/** A closing client that does not read its 421 is cut off after this long. */
const GOODBYE_MS = 1_000;

/** Where a connection is in its SMTP dialogue, as far as the filter has told the guard. */
type Phase = 'commands' | 'data' | 'answer';

interface Tracked {
  /** When the client started the line it has not finished yet (bytes since its last LF); null when it has none. */
  partialSince: number | null;
  phase: Phase;
  phaseSince: number;
  /** Bytes received since DATA started. */
  dataBytes: number;
}

/** Who a connection is, as both the socket and smtp-server's session say it. */
export interface Peer {
  remoteAddress: string;
  remotePort: number;
}

const peerKey = (address: string | undefined, port: number | undefined) => `${(address ?? '').replace(/^::ffff:/, '')}|${port ?? 0}`;

/**
 * Connection slots that slow clients cannot hold. smtp-server's own timeout counts idle time only,
 * so a client sending one byte every few seconds kept its slot for ever, and 100 of them kept
 * legitimate mail out (421). Here every connection is held to total bounds (GuardLimits), as
 * Postfix's smtpd holds its clients with smtpd_per_request_deadline and smtpd_min_data_rate:
 *
 * - a line must be finished within `lineMs` of its first byte: a mail client or MTA writes a line at once;
 * - DATA must keep up `minDataRate` bytes a second on average, after a grace of `lineMs`;
 * - between messages (from connecting, or from the last answer), DATA must start within
 *   `commandsMs`: a client sending NOOP every few seconds is not a client sending mail;
 * - a client waiting for the answer to its message is never touched: its message is being scanned.
 *
 * A connection past a bound is closed with 421 (its MTA tries again). When every slot is taken, a
 * new connection takes the slot of the most stalled client, if it has stalled over
 * `evictAfterMs`; otherwise it is refused with 421.
 */
export class ConnectionGuard {
  private readonly sockets = new Map<Socket, Tracked>();
  private readonly byPeer = new Map<string, Socket>();
  private readonly timer: NodeJS.Timeout;
  private readonly limits: GuardLimits;

  constructor(
    private readonly maxConnections: number,
    limits: Partial<GuardLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_GUARD_LIMITS, ...limits };
    const every = Math.min(SWEEP_MS, this.limits.lineMs);
    let last = this.now();
    this.timer = setInterval(() => {
      // When this process stalled (a long collection, a loaded machine), timers run before the
      // bytes that waited meanwhile are read: a client is not judged on a stall of ours.
      const now = this.now();
      const stalled = now - last > 2 * every;
      last = now;
      if (!stalled) this.sweep();
    }, every);
    this.timer.unref();
  }

  /** Watches every connection of `server` (after smtp-server's own handler has taken it). */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** A new connection: tracked, or given the slot of a stalled client, or refused. */
  admit(socket: Socket): void {
    if (this.sockets.size >= this.maxConnections) {
      const stalled = this.mostStalled();
      if (!stalled) return this.close(socket, '421 4.7.0 pii-scan: too many connections, try again later');
      this.close(stalled, '421 4.4.2 pii-scan: too slow, your slot was given to another client');
    }
    const tracked: Tracked = { partialSince: null, phase: 'commands', phaseSince: this.now(), dataBytes: 0 };
    const key = peerKey(socket.remoteAddress, socket.remotePort);
    this.sockets.set(socket, tracked);
    this.byPeer.set(key, socket);
    socket.on('data', (chunk: Buffer) => {
      if (chunk.length === 0) return;
      if (tracked.phase === 'data') tracked.dataBytes += chunk.length;
      if (chunk[chunk.length - 1] === 0x0a) tracked.partialSince = null;
      else if (chunk.includes(0x0a) || tracked.partialSince === null) tracked.partialSince = this.now();
    });
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.byPeer.get(key) === socket) this.byPeer.delete(key);
    });
  }

  /** The client's DATA was accepted: from now on it must keep up the minimum rate. */
  dataStarted(peer: Peer): void {
    this.enter(peer, 'data');
  }

  /** The client sent its final dot: it waits for the answer, however long the scan takes. */
  awaitingAnswer(peer: Peer): void {
    this.enter(peer, 'answer');
  }

  /** The client got its answer: it may send another message, within `commandsMs`. */
  answered(peer: Peer): void {
    this.enter(peer, 'commands');
  }

  /** Connections tracked now. */
  get size(): number {
    return this.sockets.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Closes the connections past a bound. */
  sweep(): void {
    const { lineMs, commandsMs } = this.limits;
    for (const [socket, tracked] of this.sockets) {
      const late = this.lateness(tracked);
      if (late.line > lineMs) this.close(socket, '421 4.4.2 pii-scan: a line took too long, closing');
      else if (late.commands > commandsMs) this.close(socket, '421 4.4.2 pii-scan: no message started in time, closing');
      else if (late.data > lineMs) this.close(socket, '421 4.4.2 pii-scan: the message came too slowly, closing');
    }
  }

  private enter(peer: Peer, phase: Phase): void {
    const socket = this.byPeer.get(peerKey(peer.remoteAddress, peer.remotePort));
    const tracked = socket && this.sockets.get(socket);
    if (!tracked) return;
    tracked.phase = phase;
    tracked.phaseSince = this.now();
    tracked.dataBytes = 0;
  }

  /** How far a client is behind each bound, in ms (0 or less: not behind; a client awaiting its answer never is). */
  private lateness(tracked: Tracked): { line: number; commands: number; data: number } {
    const now = this.now();
    if (tracked.phase === 'answer') return { line: 0, commands: 0, data: 0 };
    return {
      line: tracked.partialSince === null ? 0 : now - tracked.partialSince,
      commands: tracked.phase === 'commands' ? now - tracked.phaseSince : 0,
      data: tracked.phase === 'data' ? now - tracked.phaseSince - (tracked.dataBytes * 1000) / this.limits.minDataRate : 0,
    };
  }

  private mostStalled(): Socket | null {
    let worst: [Socket, number] | null = null;
    for (const [socket, tracked] of this.sockets) {
      const late = this.lateness(tracked);
      const stall = Math.max(late.line, late.commands, late.data);
      if (stall > this.limits.evictAfterMs && (!worst || stall > worst[1])) worst = [socket, stall];
    }
    return worst?.[0] ?? null;
  }

  private close(socket: Socket, reply: string): void {
    this.sockets.delete(socket);
    socket.end(`${reply}\r\n`);
    // A client that does not read its reply does not keep the socket either.
    setTimeout(() => socket.destroy(), GOODBYE_MS).unref();
    socket.destroySoon?.();
  }
}
