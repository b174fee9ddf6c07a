/**
 * The fault suite's sending side: an SMTP client on a raw socket (so that it can hang up at any
 * point) and an MTA's queue around it: a message is sent again after a 4xx or no answer, and is
 * done at 250 or 5xx, as Postfix does with its content filter.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { onTheWire } from '../../src/relay/smtp-client.js';

/** One try: the reply to the message (null: the connection ended without one). */
export interface Attempt {
  code: number | null;
  text: string;
  /** From connecting to the reply. */
  ms: number;
}

export interface Outgoing {
  from: string;
  to: string[];
  content: Buffer;
}

export interface AttemptOptions {
  /** Called once the final dot is written (to kill the filter then, for instance). */
  afterDot?: () => void;
  /** Hang up in the middle of the message, or right after the final dot, without waiting for a reply. */
  hangUp?: 'mid-data' | 'after-dot';
  /** The whole try gives up (no answer) after this long. */
  timeoutMs?: number;
}

/** One SMTP transaction on a new connection. */
export function sendOnce(port: number, message: Outgoing, options: AttemptOptions = {}): Promise<Attempt> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const steps = ['EHLO mta.example.org', `MAIL FROM:<${message.from}>`, ...message.to.map((to) => `RCPT TO:<${to}>`), 'DATA'];
    let step = -1;
    let accepted = 0;
    let buffered = '';
    let done = false;
    const finish = (code: number | null, text: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (code !== null && !socket.destroyed) socket.end('QUIT\r\n');
      setTimeout(() => socket.destroy(), 100).unref();
      resolve({ code, text, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish(null, 'no answer in time'), options.timeoutMs ?? 300_000);
    socket.on('error', () => finish(null, 'connection error'));
    socket.on('close', () => finish(null, 'connection closed'));
    const onReply = (code: number, text: string) => {
      const command = steps[step];
      if (code === 421) return finish(code, text);
      if (command?.startsWith('RCPT')) {
        if (code < 300) accepted++;
        else if (step === steps.length - 2 && accepted === 0) return finish(code, text);
      } else if (command === 'DATA') {
        if (code !== 354) return finish(code, text);
        const data = onTheWire(message.content);
        if (options.hangUp === 'mid-data') {
          socket.write(data.subarray(0, Math.floor(data.length / 2)));
          return setTimeout(() => (socket.destroy(), finish(null, 'hung up mid-data')), 50);
        }
        socket.write(data, () => options.afterDot?.());
        step = steps.length;
        if (options.hangUp === 'after-dot') {
          socket.end();
          socket.destroy();
          finish(null, 'hung up after the dot');
        }
        return;
      } else if (step === steps.length) {
        return finish(code, text);
      } else if (code >= 400) {
        return finish(code, text);
      }
      step++;
      socket.write(`${steps[step]}\r\n`);
    };
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n'); end !== -1; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        // The last line of a reply has a space (or nothing) after its code.
        if (/^\d{3}(?: |$)/.test(line)) onReply(Number(line.slice(0, 3)), line);
      }
    });
  });
}

/** How a message ended in the queue. */
export interface Delivery {
  messageId: string;
  attempts: Attempt[];
  /** 250: the filter took it; 5xx: bounced; still 4xx or no answer after every try: deferred. */
  final: 'accepted' | 'bounced' | 'deferred';
}

export interface QueueOptions {
  tries: number;
  retryDelayMs: number;
  /** Options of each try (its number, from 1). */
  attempt?: (n: number) => AttemptOptions;
  /** Before each try after the first (to restart the filter, bring the hop up...). */
  beforeRetry?: (n: number) => Promise<void>;
}

/** Sends a message as an MTA's queue does: again after a 4xx or no answer, at most `tries` times. */
export async function deliver(port: () => number, messageId: string, message: Outgoing, options: QueueOptions): Promise<Delivery> {
  const attempts: Attempt[] = [];
  for (let n = 1; n <= options.tries; n++) {
    if (n > 1) {
      await new Promise((r) => setTimeout(r, options.retryDelayMs));
      await options.beforeRetry?.(n);
    }
    const attempt = await sendOnce(port(), message, options.attempt?.(n));
    attempts.push(attempt);
    if (attempt.code !== null && attempt.code < 300) return { messageId, attempts, final: 'accepted' };
    if (attempt.code !== null && attempt.code >= 500) return { messageId, attempts, final: 'bounced' };
  }
  return { messageId, attempts, final: 'deferred' };
}
