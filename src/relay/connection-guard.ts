import type { Server, Socket } from 'node:net';

/** How long a client may take to finish a line it started (a command, a header, a line of the message). */
export const LINE_LIMIT_MS = 10_000;
/** How often unfinished lines are looked at. */
const SWEEP_MS = 1_000;

interface Tracked {
  /** When the client started the line it has not finished yet (bytes since its last LF); null when it has none. */
  partialSince: number | null;
}

/**
 * Connection slots that clients trickling bytes cannot hold. smtp-server's own timeout counts idle
 * time only, so a client sending one byte every few seconds kept its slot for ever, and 100 of
 * them kept legitimate mail out (421). Here:
 *
 * - a line (an SMTP command, a line of the message) must be finished within LINE_LIMIT_MS of its
 *   first byte, or the connection is closed: a mail client or MTA writes a line at once;
 * - when every slot is taken, a new connection takes the slot of the client whose unfinished line
 *   is the oldest; with no such client, it is refused with 421 (its MTA tries again later).
 *
 * Idle connections (an MTA keeping one open between messages) are not touched: they have no
 * unfinished line, and smtp-server's idle timeout bounds them.
 */
export class ConnectionGuard {
  private readonly sockets = new Map<Socket, Tracked>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly maxConnections: number,
    private readonly lineLimitMs = LINE_LIMIT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.min(SWEEP_MS, lineLimitMs));
    this.timer.unref();
  }

  /** Watches every connection of `server` (after smtp-server's own handler has taken it). */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
  }

  /** A new connection: tracked, or given a slot taken from a trickling client, or refused. */
  admit(socket: Socket): void {
    if (this.sockets.size >= this.maxConnections) {
      const trickler = this.oldestUnfinished();
      if (!trickler) {
        socket.end('421 4.7.0 pii-scan: too many connections, try again later\r\n');
        socket.destroySoon?.();
        return;
      }
      this.close(trickler);
    }
    const tracked: Tracked = { partialSince: null };
    this.sockets.set(socket, tracked);
    socket.on('data', (chunk: Buffer) => {
      if (chunk.length === 0) return;
      if (chunk[chunk.length - 1] === 0x0a) tracked.partialSince = null;
      else if (chunk.includes(0x0a) || tracked.partialSince === null) tracked.partialSince = this.now();
    });
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Connections tracked now. */
  get size(): number {
    return this.sockets.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Closes the connections whose unfinished line is older than the limit. */
  sweep(): void {
    const now = this.now();
    for (const [socket, tracked] of this.sockets) {
      if (tracked.partialSince !== null && now - tracked.partialSince > this.lineLimitMs) this.close(socket);
    }
  }

  private oldestUnfinished(): Socket | null {
    let oldest: [Socket, number] | null = null;
    for (const [socket, { partialSince }] of this.sockets) {
      if (partialSince !== null && (!oldest || partialSince < oldest[1])) oldest = [socket, partialSince];
    }
    return oldest?.[0] ?? null;
  }

  private close(socket: Socket): void {
    this.sockets.delete(socket);
    socket.destroy();
  }
}
