import { afterEach, describe, expect, it } from 'vitest';
import { closeNextHopConnections, NextHopError, sendToNextHop } from '../../src/relay/next-hop.js';
import { startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';

const message = (n: number) => Buffer.from(`From: a@example.org\r\nTo: b@example.net\r\nSubject: ${n}\r\nMessage-ID: <m${n}@example.org>\r\n\r\nBonjour ${n}.\r\n`);
const envelope = (recipients = ['b@example.net']) => ({ from: 'a@example.org', recipients, eightBit: false });

describe('the next hop: one connection for many messages', () => {
  let sink: Sink | undefined;
  afterEach(async () => {
    closeNextHopConnections();
    await sink?.close();
  });

  it('carries three messages in a row over one connection', async () => {
    sink = await startSink();
    const hop = { host: '127.0.0.1', port: sink.port };
    for (let n = 1; n <= 3; n++) expect(await sendToNextHop(hop, envelope(), message(n))).toBe(`250 Ok: queued as SINK${n}`);
    expect(sink.messages.map((m) => m.content.toString('latin1').match(/Subject: (\d)/)?.[1])).toEqual(['1', '2', '3']);
    expect(sink.connections()).toBe(1);
  });

  it('a kept connection the hop closed meanwhile: the message goes over a new one, delivered once', async () => {
    sink = await startSink();
    const hop = { host: '127.0.0.1', port: sink.port };
    await sendToNextHop(hop, envelope(), message(1));
    sink.dropConnections();
    expect(await sendToNextHop(hop, envelope(), message(2))).toBe('250 Ok: queued as SINK2');
    expect(sink.messages).toHaveLength(2);
    expect(sink.connections()).toBe(2);
  });

  it('1 of 2 recipients refused (pipelined envelope): no data, 550, and the connection carries the next message', async () => {
    const s = await startSink((r) => r.startsWith('inconnu'));
    sink = s;
    const hop = { host: '127.0.0.1', port: s.port };
    const refused = await sendToNextHop(hop, envelope(['b@example.net', 'inconnu@example.net']), message(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NextHopError);
    expect(refused).toMatchObject({ code: 550, text: expect.stringContaining('next hop refused 1 of 2 recipients, message not relayed') });
    expect(s.messages).toHaveLength(0);
    expect(await sendToNextHop(hop, envelope(['b@example.net', 'c@example.net']), message(2))).toBe('250 Ok: queued as SINK1');
    expect(s.messages.map((m) => m.recipients)).toEqual([['b@example.net', 'c@example.net']]);
    expect(s.connections()).toBe(1);
  });

  it('closes the kept connections when asked (the filter stopping)', async () => {
    const s = await startSink();
    sink = s;
    await sendToNextHop({ host: '127.0.0.1', port: s.port }, envelope(), message(1));
    closeNextHopConnections();
    // The sink's close waits for its connections: it returns once the kept one is gone.
    await s.close();
    sink = undefined;
    expect(s.connections()).toBe(1);
  });
});
