import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionGuard } from '../../src/relay/connection-guard.js';
import { mail } from '../helpers/mail.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { RunningFilter, Sink } from '../helpers/smtp.js';

/** A socket stand-in: what the guard reads (data, close) and does (end, destroy). */
class FakeSocket extends EventEmitter {
  written = '';
  destroyed = false;
  end(text: string) {
    this.written += text;
  }
  destroySoon() {
    this.destroy();
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
  send(text: string) {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
}

describe('ConnectionGuard (a clock of its own)', () => {
  let now = 0;
  const guards: ConnectionGuard[] = [];
  const guard = (max: number) => {
    const g = new ConnectionGuard(max, 10_000, () => now);
    guards.push(g);
    return g;
  };
  const socket = () => new FakeSocket();
  /** `count` new connections, admitted by `g`. */
  const admitted = (g: ConnectionGuard, count: number) =>
    Array.from({ length: count }, () => {
      const s = socket();
      g.admit(s as unknown as Socket);
      return s;
    });
  afterEach(() => guards.splice(0).forEach((g) => g.stop()));

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
    expect([trickler.destroyed, talker.destroyed, idle.destroyed]).toEqual([true, false, false]);
    now = 20_000;
    g.sweep();
    // The talker's "DA" was started at 9 s: 11 s unfinished now.
    expect([talker.destroyed, idle.destroyed, g.size]).toEqual([true, false, 1]);
  });

  it('when full, gives a new connection the slot of the client whose unfinished line is oldest; with none, refuses it with 421', () => {
    const g = guard(3);
    const [a, b, c] = admitted(g, 3);
    now = 100;
    b.send('EH');
    now = 200;
    c.send('HE');
    const d = socket();
    g.admit(d as unknown as Socket);
    expect([a.destroyed, b.destroyed, c.destroyed, d.destroyed, g.size]).toEqual([false, true, false, false, 3]);
    c.send('LO x\r\n');
    const e = socket();
    g.admit(e as unknown as Socket);
    expect([e.destroyed, e.written, g.size]).toEqual([true, '421 4.7.0 pii-scan: too many connections, try again later\r\n', 3]);
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
