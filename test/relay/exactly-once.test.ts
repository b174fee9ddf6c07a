import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { mail } from '../helpers/mail.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { RunningFilter, Sink } from '../helpers/smtp.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const ENVELOPE = { from: 'facturation@example.org', to: ['relances@example.net'] };
const clean = (id: string) => mail({ type: 'text/plain', charset: 'utf-8', encoding: '8bit', body: 'Bonjour,\nà lundi.\n' }, { messageId: id });

/**
 * Sends one message over a raw connection and hangs up right after the final dot, before any
 * answer (an MTA whose own timeout ran out): resolves once the socket is closed.
 */
function sendAndHangUp(port: number, message: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const steps = ['EHLO client.example.org', `MAIL FROM:<${ENVELOPE.from}>`, `RCPT TO:<${ENVELOPE.to[0]}>`, 'DATA'];
    let buffered = '';
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // One step per complete reply (the last line of a reply has a space after its code).
      while (/^\d{3} .*\r\n/m.test(buffered)) {
        const line = /^\d{3} .*\r\n/m.exec(buffered)!;
        buffered = buffered.slice(line.index + line[0].length);
        if (line[0].startsWith('354')) {
          const body = message.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
          socket.end(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
          socket.destroy();
          return;
        }
        const next = steps.shift();
        if (next === undefined) return;
        socket.write(`${next}\r\n`);
      }
    });
  });
}

async function until(test: () => boolean, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('pii-scan filter: each message delivered once', () => {
  let sink: Sink | undefined;
  let filter: RunningFilter | undefined;
  afterEach(async () => {
    await filter?.stop();
    await sink?.close();
    filter = sink = undefined;
  });

  it('answers 250 when the next hop queues the message and replies only after --timeout (it waits up to Postfix\'s 600 s, not the scan\'s bound)', async () => {
    // The scan of a short mail has 3 s (room for a busy machine); the hop answers 5 s after the dot.
    sink = await startSink(() => false, 5000);
    filter = await startFilter(['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1', '--timeout', '3']);
    const reply = await sendMail(filter.port, ENVELOPE, clean('slow-hop.1@example.org'));
    expect(reply.code).toBe(250);
    expect(reply.text).toMatch(/^250 2\.0\.0 pii-scan: pass, relayed: 250 Ok: queued as SINK1$/);
    expect(sink.messages.filter((m) => m.content.includes('<slow-hop.1@example.org>')).length).toBe(1);
  });

  it('does not relay a message whose client hung up after the final dot while it was scanned: the client\'s MTA sends it again', async () => {
    sink = await startSink();
    filter = await startFilter(['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1', '--on-block', 'tag']);
    // Tagged, not refused: a message the filter would relay. 15,930 rows take long enough to scan
    // for the hang-up to come first.
    await sendAndHangUp(filter.port, FOUNDING);
    await until(() => filter!.log.some((l) => / action=client-gone reply=421 /.test(l)), 'the log line of the message');
    expect(sink.messages).toEqual([]);
    // The next message on a new connection goes through as usual.
    expect((await sendMail(filter.port, ENVELOPE, clean('after.1@example.org'))).code).toBe(250);
    expect(sink.messages.length).toBe(1);
  });
});
