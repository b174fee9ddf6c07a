import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMilterListen, parseMilterListen } from '../../src/model/milter-listen.js';
import { encodePacket, encodeReplyCode, MilterProtocolError, negotiate, nulFields, PacketReader } from '../../src/relay/milter/milter-protocol.js';
import { parseSocketOwner } from '../../src/relay/milter/socket-owner.js';

describe('milter packets', () => {
  it('cuts a stream into packets whatever the chunks: split inside the length, inside the data, several in one chunk', () => {
    const wire = Buffer.concat([encodePacket(0x4d, Buffer.from('<a@b>\0')), encodePacket(0x4e), encodePacket(0x42, Buffer.alloc(70_000, 0x61))]);
    for (const cuts of [[2], [7, 9], [wire.length - 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]) {
      const reader = new PacketReader();
      const got = [];
      let from = 0;
      for (const to of [...cuts, wire.length]) {
        got.push(...reader.push(wire.subarray(from, to)));
        from = to;
      }
      expect(got.map((p) => [String.fromCharCode(p.command), p.data.length])).toEqual([['M', 6], ['N', 0], ['B', 70_000]]);
    }
  });

  it('reads a 1 MiB packet trickled 4 bytes at a time (the chunks are joined once, not at each one)', () => {
    const wire = encodePacket(0x42, Buffer.alloc(1024 * 1024 - 1, 0x61));
    const reader = new PacketReader();
    const got = [];
    for (let at = 0; at < wire.length; at += 4) got.push(...reader.push(wire.subarray(at, at + 4)));
    expect(got.map((p) => [String.fromCharCode(p.command), p.data.length, p.data.every((b) => b === 0x61)])).toEqual([['B', 1024 * 1024 - 1, true]]);
  });

  it.each([
    [Buffer.from([0, 0, 0, 0]), 'packet length 0 out of bounds'],
    [Buffer.from([0, 0x10, 0, 1]), 'packet length 1048577 out of bounds'],
  ])('refuses a packet length out of bounds', (wire, message) => {
    expect(() => new PacketReader().push(wire)).toThrow(new MilterProtocolError(message));
  });

  it('reads NUL-separated fields as bytes, a missing last NUL included', () => {
    expect(nulFields(Buffer.from('Subject\0R\xe9union\0', 'latin1')).map((f) => f.toString('latin1'))).toEqual(['Subject', 'R\xe9union']);
    expect(nulFields(Buffer.from('a\0b', 'latin1')).map((f) => f.toString('latin1'))).toEqual(['a', 'b']);
  });

  it('asks only for the actions and steps the MTA offers, and refuses a protocol older than 6', () => {
    expect(negotiate({ version: 6, actions: 0x1ff, steps: 0x1fffff })).toEqual({ version: 6, actions: 0x21, steps: 0x4c383 });
    expect(negotiate({ version: 7, actions: 0x01, steps: 0x3 })).toEqual({ version: 6, actions: 0x01, steps: 0x3 });
    expect(() => negotiate({ version: 4, actions: 0x3f, steps: 0x3ff })).toThrow('the MTA speaks milter protocol version 4; pii-scan needs 6');
  });

  it('writes a reply as one line of printable ASCII, accents dropped, % doubled, at most 900 characters of text', () => {
    const data = (packet: Buffer) => packet.subarray(5).toString('latin1');
    expect(data(encodeReplyCode(550, '5.7.1 pii-scan: bloqué : 100 % des lignes\r\nsuite'))).toBe('550 5.7.1 pii-scan: bloque : 100 %% des lignes??suite\0');
    expect(data(encodeReplyCode(451, 'x'.repeat(2000))).length).toBe(4 + 900 + 1);
  });
});

describe('milter sockets', () => {
  it.each([
    ['inet:10030@127.0.0.1', { kind: 'inet', host: '127.0.0.1', port: 10030 }, 'inet:127.0.0.1:10030'],
    ['inet:127.0.0.1:10030', { kind: 'inet', host: '127.0.0.1', port: 10030 }, 'inet:127.0.0.1:10030'],
    ['inet6:10030@::1', { kind: 'inet', host: '::1', port: 10030 }, 'inet:[::1]:10030'],
    ['inet:[::1]:0', { kind: 'inet', host: '::1', port: 0 }, 'inet:[::1]:0'],
    ['unix:/run/pii-scan/milter.sock', { kind: 'unix', path: '/run/pii-scan/milter.sock' }, 'unix:/run/pii-scan/milter.sock'],
    ['local:/var/spool/postfix/pii-scan/milter.sock', { kind: 'unix', path: '/var/spool/postfix/pii-scan/milter.sock' }, 'unix:/var/spool/postfix/pii-scan/milter.sock'],
  ])('reads %s', (text, listen, postfix) => {
    expect(parseMilterListen(text)).toEqual(listen);
    expect(formatMilterListen(parseMilterListen(text))).toBe(postfix);
  });

  it.each([
    ['127.0.0.1:10030', 'expected inet:PORT@HOST, inet:HOST:PORT or unix:/PATH, got "127.0.0.1:10030"'],
    ['inet:70000@127.0.0.1', 'expected inet:PORT@HOST or inet:HOST:PORT with a port up to 65535, got "inet:70000@127.0.0.1"'],
    ['inet:10030', 'expected inet:PORT@HOST or inet:HOST:PORT with a port up to 65535, got "inet:10030"'],
    ['unix:milter.sock', 'expected an absolute socket path after unix:, got "unix:milter.sock"'],
  ])('refuses %s with one sentence', (text, message) => {
    expect(() => parseMilterListen(text)).toThrow(message);
  });

  it('names the socket owner by name or number, from the system files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-owner-'));
    const files = { passwd: join(dir, 'passwd'), group: join(dir, 'group') };
    writeFileSync(files.passwd, 'root:x:0:0:root:/root:/bin/sh\npostfix:x:107:113::/var/spool/postfix:/usr/sbin/nologin\n');
    writeFileSync(files.group, 'root:x:0:\npostfix:x:113:\n');
    try {
      expect(parseSocketOwner('postfix', files)).toEqual({ uid: 107, gid: -1 });
      expect(parseSocketOwner('postfix:postfix', files)).toEqual({ uid: 107, gid: 113 });
      expect(parseSocketOwner(':113', files)).toEqual({ uid: -1, gid: 113 });
      expect(() => parseSocketOwner('piiscan', files)).toThrow(`no user named "piiscan" in ${files.passwd}`);
      expect(() => parseSocketOwner(':', files)).toThrow('expected USER, USER:GROUP or :GROUP, got ":"');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
