import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionGuard } from '../../src/relay/connection-guard.js';
import { mail } from '../helpers/mail.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { RunningFilter, Sink } from '../helpers/smtp.js';

/** A socket stand-in: what the guard reads (data, close, its peer) and does (end, destroy). */
class FakeSocket extends EventEmitter {
  static ports = 40_000;
  readonly remoteAddress = '::ffff:127.0.0.1';
  readonly remotePort = FakeSocket.ports++;
  written = '';
  destroyed = false;
  end(text: string) {
    this.written += text;
  }
  destroySoon() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
  send(text: string) {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
  /** As smtp-server's session names it (IPv4 addresses without the ::ffff: prefix). */
  get peer() {
    return { remoteAddress: '127.0.0.1', remotePort: this.remotePort };
  }
}

describe('ConnectionGuard (a clock of its own)', () => {
  let now = 0;
  const guards: ConnectionGuard[] = [];
  const guard = (max: number) => {
    const g = new ConnectionGuard(max, {}, () => now);
    guards.push(g);
    return g;
  };
  /** `count` new connections, admitted by `g`. */
  const admitted = (g: ConnectionGuard, count: number) =>
    Array.from({ length: count }, () => {
      const s = new FakeSocket();
      g.admit(s as unknown as Socket);
      return s;
    });
  const closed = (...sockets: FakeSocket[]) => sockets.map((s) => s.destroyed);
  afterEach(() => {
    guards.splice(0).forEach((g) => g.stop());
    now = 0;
  });

  it('closes a connection whose line stays unfinished over 10 s; finished lines and idle connections stay', () => {
    const g = guard(10);
    const [trickler, talker, idle] = admitted(g, 3);
    now = 1000;
    trickler.send('EH');
    talker.send('EHLO a.example\r\nMAIL FROM:<a@example.org>\r\n');
    now = 9000;
    trickler.send('L');
    talker.send('RCPT TO:<b@example.org>\r\nDA');
    now = 11_500;
    g.sweep();
    expect(closed(trickler, talker, idle)).toEqual([true, false, false]);
    expect(trickler.written).toBe('421 4.4.2 pii-scan: a line took too long, closing\r\n');
    now = 20_000;
    g.sweep();
    // The talker's "DA" was started at 9 s: 11 s unfinished now.
    expect([...closed(talker, idle), g.size]).toEqual([true, false, 1]);
  });

  it('closes a client that sends whole commands but starts no message within 60 s; one in DATA or awaiting its answer stays', () => {
    const g = guard(10);
    const [nooper, sender, waiter] = admitted(g, 3);
    for (now = 5000; now <= 60_000; now += 5000) nooper.send('NOOP\r\n');
    now = 30_000;
    g.dataStarted(sender.peer);
    g.dataStarted(waiter.peer);
    waiter.send('Subject: x\r\n\r\nBonjour\r\n.\r\n');
    g.awaitingAnswer(waiter.peer);
    for (now = 31_000; now <= 60_500; now += 500) sender.send('x'.repeat(600) + '\r\n');
    g.sweep();
    expect(closed(nooper, sender, waiter)).toEqual([true, false, false]);
    expect(nooper.written).toBe('421 4.4.2 pii-scan: no message started in time, closing\r\n');
    // Answered at 200 s: a new 60 s for its next message starts then.
    now = 200_000;
    g.sweep();
    g.answered(waiter.peer);
    now = 259_000;
    g.sweep();
    expect(closed(waiter)).toEqual([false]);
    now = 261_000;
    g.sweep();
    expect(closed(waiter)).toEqual([true]);
  });

  it('closes a DATA that falls 10 s behind 500 bytes a second; a message sent faster stays, however long it takes', () => {
    const g = guard(10);
    const [dripper, steady] = admitted(g, 2);
    g.dataStarted(dripper.peer);
    g.dataStarted(steady.peer);
    // 1,000 bytes every 2 s is 500 bytes a second: never behind. 100 bytes every 2 s falls behind.
    for (now = 2000; now <= 100_000; now += 2000) {
      if (!dripper.destroyed) dripper.send('y'.repeat(98) + '\r\n');
      steady.send('z'.repeat(998) + '\r\n');
      g.sweep();
      if (dripper.destroyed && now < 11_000) throw new Error(`closed too early, at ${now} ms`);
    }
    expect(closed(dripper, steady)).toEqual([true, false]);
    expect(dripper.written).toBe('421 4.4.2 pii-scan: the message came too slowly, closing\r\n');
  });

  it('judges no client on the sweep after a stall of its own event loop: the bytes that waited are read first', () => {
    vi.useFakeTimers();
    try {
      const g = guard(10);
      const [waitedFor, trickler] = admitted(g, 2);
      waitedFor.send('EHLO a.exa');
      trickler.send('EH');
      // The process stalls for 15 s: the first tick after it only notes the stall.
      now = 15_000;
      vi.advanceTimersByTime(1000);
      expect(closed(waitedFor, trickler)).toEqual([false, false]);
      // Then the line that waited in the socket is read; the trickler's still is not finished.
      waitedFor.send('mple\r\n');
      now = 16_000;
      vi.advanceTimersByTime(1000);
      expect(closed(waitedFor, trickler)).toEqual([false, true]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('when full, gives a new connection the slot of the most stalled client (over 1 s); a client awaiting its answer keeps its slot; with none stalled, refuses it with 421', () => {
    const g = guard(3);
    const [waiter, nooper, typer] = admitted(g, 3);
    g.dataStarted(waiter.peer);
    waiter.send('Subject: x\r\n\r\n.\r\n');
    g.awaitingAnswer(waiter.peer);
    now = 5000;
    nooper.send('NOOP\r\n');
    now = 5500;
    typer.send('EH');
    now = 6000;
    // Stalled: the waiter not at all, the nooper 6 s (no message started), the typer 6 s as well
    // (no message) and its line 0.5 s: the first of the two stalled longest ties, and goes.
    const [first] = admitted(g, 1);
    expect(closed(waiter, nooper, typer, first!)).toEqual([false, true, false, false]);
    expect(nooper.written).toBe('421 4.4.2 pii-scan: too slow, your slot was given to another client\r\n');
    const [second] = admitted(g, 1);
    expect(closed(waiter, typer, first!, second!)).toEqual([false, true, false, false]);
    // Left: the waiter and two newcomers, none stalled 1 s yet.
    const [third] = admitted(g, 1);
    expect([third!.destroyed, third!.written, g.size]).toEqual([true, '421 4.7.0 pii-scan: too many connections, try again later\r\n', 3]);
  });
});

describe('pii-scan filter beside trickling clients', () => {
  let sink: Sink | undefined;
  let filter: RunningFilter | undefined;
  const tricklers: Socket[] = [];
  afterEach(async () => {
    tricklers.splice(0).forEach((s) => s.destroy());
    await filter?.stop();
    await sink?.close();
  });

  it('accepts mail while as many clients as --max-connections trickle one byte a second: their slots are taken back', async () => {
    sink = await startSink();
    filter = await startFilter(['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1', '--max-connections', '5']);
    let closed = 0;
    for (let i = 0; i < 5; i++) {
      const s = connect(filter.port, '127.0.0.1');
      s.on('error', () => {});
      s.on('close', () => closed++);
      // A command that never ends: one byte a second.
      const drip = setInterval(() => s.writable && s.write('E'), 1000);
      s.on('close', () => clearInterval(drip));
      tricklers.push(s);
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 1; i <= 3; i++) {
      const message = mail({ type: 'text/plain', charset: 'utf-8', encoding: '8bit', body: 'Bonjour,\nà lundi.\n' }, { messageId: `legit.${i}@example.org` });
      expect((await sendMail(filter.port, { from: 'a@example.org', to: ['b@example.net'] }, message)).code).toBe(250);
    }
    expect(sink.messages.length).toBe(3);
    // The slots were taken back from tricklers (their close reaches this side a moment later).
    for (let waited = 0; closed === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
