import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** A reply of the server: its code and its lines (the last one without its continuation mark). */
export interface Reply {
  code: number;
  text: string;
}

export interface SmtpClientOptions {
  host: string;
  port: number;
  /** The name given in EHLO. */
  name: string;
  /** To connect and to get the greeting. */
  connectTimeoutMs: number;
  /** Once connected: how long the server may stay silent (above all after the final dot). */
  idleTimeoutMs: number;
}

/** The connection failed or the server went silent: no reply to act on. */
export class SmtpConnectionError extends Error {
  override readonly name = 'SmtpConnectionError';
}

/**
 * The SMTP client side of one connection to the next hop, one command at a time, so that the
 * filter decides between the envelope and DATA (nodemailer's client sends DATA as soon as one
 * recipient is accepted, and the accepted ones would get the message again on the retry that a
 * refusal of the others calls for).
 */
export class SmtpClient {
  private socket?: Socket;
  private buffered = '';
  private lines: string[] = [];
  private waiting?: { resolve: (reply: Reply) => void; reject: (err: Error) => void };
  private failure?: Error;
  /** The extensions the server announced in its EHLO reply (upper case keywords). */
  readonly extensions = new Set<string>();

  constructor(private readonly options: SmtpClientOptions) {}

  /** Connects and reads the greeting; then EHLO (HELO if refused). Rejects unless both are 2xx. */
  async open(): Promise<void> {
    const { host, port, connectTimeoutMs, idleTimeoutMs } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    socket.setTimeout(connectTimeoutMs, () => this.fail(new SmtpConnectionError(`no answer within ${connectTimeoutMs / 1000} s`)));
    socket.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
    socket.on('error', (err: Error) => this.fail(new SmtpConnectionError(err.message)));
    socket.on('close', () => this.fail(new SmtpConnectionError('connection closed')));
    const greeting = await this.reply();
    socket.setTimeout(idleTimeoutMs);
    if (greeting.code !== 220) throw Object.assign(new Error('greeting refused'), { reply: greeting });
    let hello = await this.command(`EHLO ${this.options.name}`);
    if (hello.code >= 500) hello = await this.command(`HELO ${this.options.name}`);
    if (hello.code !== 250) throw Object.assign(new Error('EHLO refused'), { reply: hello });
    for (const line of hello.text.split('\r\n').slice(1)) this.extensions.add((line.slice(4).split(/[ =]/)[0] ?? '').toUpperCase());
  }

  /** Sends one command line and resolves with the server's reply. */
  command(line: string): Promise<Reply> {
    this.socket?.write(`${line}\r\n`);
    return this.reply();
  }

  /**
   * Sends command lines in one write and resolves with their replies in order (RFC 2920
   * pipelining, for a server that announced PIPELINING). Stops at the first reply that is not
   * there: the connection failed.
   */
  async pipeline(lines: readonly string[]): Promise<Reply[]> {
    this.socket?.write(lines.map((line) => `${line}\r\n`).join(''));
    const replies: Reply[] = [];
    for (let i = 0; i < lines.length; i++) replies.push(await this.reply());
    return replies;
  }

  /** Sends the message after a 354 (dot-stuffed, bare LF made CRLF, then the final dot) and resolves with the final reply. */
  data(message: Buffer): Promise<Reply> {
    return this.dataOnTheWire(onTheWire(message));
  }

  /** The same, for a message already as DATA carries it (onTheWire's output, made once for many sends). */
  dataOnTheWire(wire: Buffer): Promise<Reply> {
    this.socket?.write(wire);
    return this.reply();
  }

  /**
   * Open, idle and with nothing unread from the server: a connection that can carry another
   * message (a server that said something unasked, such as a 421 before closing, is not reused).
   */
  get reusable(): boolean {
    return !this.failure && this.socket !== undefined && !this.socket.destroyed && !this.waiting && this.lines.length === 0 && this.buffered === '';
  }

  /** QUIT without waiting for its reply, then the connection is closed. */
  close(): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    if (!this.failure) socket.end('QUIT\r\n');
    this.failure ??= new SmtpConnectionError('closed');
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private reply(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  private receive(text: string): void {
    this.buffered += text;
    for (let end = this.buffered.indexOf('\n'); end !== -1; end = this.buffered.indexOf('\n')) {
      this.lines.push(this.buffered.slice(0, end).replace(/\r$/, ''));
      this.buffered = this.buffered.slice(end + 1);
    }
    this.deliver();
  }

  /** Hands the first complete reply (lines up to one without "-" after its code) to whoever waits. */
  private deliver(): void {
    if (!this.waiting) return;
    const last = this.lines.findIndex((line) => !/^\d{3}-/.test(line));
    if (last === -1) return;
    const lines = this.lines.splice(0, last + 1);
    const code = Number(lines[last]?.slice(0, 3));
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!Number.isInteger(code) || code < 200 || code > 599) return waiting.reject(new SmtpConnectionError(`not an SMTP reply: ${(lines[last] ?? '').slice(0, 80)}`));
    waiting.resolve({ code, text: lines.join('\r\n') });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.socket?.destroy();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}

/** The message as DATA carries it: every line ending in CRLF, a leading dot doubled, then the final dot. */
export function onTheWire(message: Buffer): Buffer {
  // At worst every byte is a bare LF, which becomes CRLF: twice the size, plus the ending.
  const out = Buffer.allocUnsafe(2 * message.length + 5);
  let at = 0;
  let lineStart = true;
  for (let i = 0; i < message.length; i++) {
    const byte = message[i] as number;
    if (lineStart && byte === 0x2e) out[at++] = 0x2e;
    if (byte === 0x0a && (i === 0 || message[i - 1] !== 0x0d)) out[at++] = 0x0d;
    out[at++] = byte;
    lineStart = byte === 0x0a;
  }
  if (!lineStart) {
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  out[at++] = 0x2e;
  out[at++] = 0x0d;
  out[at++] = 0x0a;
  return out.subarray(0, at);
}
