import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { RunningFilter, Sink } from '../helpers/smtp.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const TRUNCATED = readFileSync('fixtures/bad/truncated-xlsx.eml');
const HEADER = 'X-PII-Scan: verdict=pass; rule=none; version=0.1.0\r\n';
const ENVELOPE = { from: 'facturation@example.org', to: ['relances@example.net'] };
const BLOCKED_FOUNDING = '550 5.7.1 pii-scan: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share';

/** A clean mail with the hard cases of SMTP transparency: 8-bit UTF-8, lines starting with a dot, a lone dot. */
const clean = (id: string) =>
  mail({ type: 'text/plain', charset: 'utf-8', encoding: '8bit', body: 'Bonjour,\n.\n..deux points en tête\n.un point\nÀ lundi, réunion à 10 h.\n' }, { messageId: id });
/** 40 customers as a CSV attachment: blocked by people. */
const customers = (id: string) => mail(mixed(textBody('Ci-joint le fichier.'), attachment('clients.csv', toCsv(customerTable(makePeople(7, 40))), 'text/csv')), { messageId: id });

describe('pii-scan filter, reject mode (in process, a local sink as next hop)', () => {
  let sink: Sink;
  let filter: RunningFilter;
  beforeAll(async () => {
    sink = await startSink((rcpt) => rcpt.startsWith('nobody'));
    filter = await startFilter(['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1']);
  });
  afterAll(async () => {
    await filter.stop();
    await sink.close();
  });
  const at = (id: string) => sink.messages.filter((m) => m.content.includes(`<${id}>`));

  it('relays a clean mail byte for byte after its X-PII-Scan header, with its whole envelope and BODY=8BITMIME', async () => {
    const message = clean('clean.1@example.org');
    const reply = await sendMail(filter.port, { from: 'facturation@example.org', to: ['a@example.net', 'b@example.net', 'c@example.com'], use8BitMime: true }, message);
    expect(reply.code).toBe(250);
    expect(reply.text).toMatch(/^250 2\.0\.0 pii-scan: pass, relayed: 250 Ok: queued as SINK\d+$/);
    const [received, ...more] = at('clean.1@example.org');
    expect(more).toEqual([]);
    expect(received).toMatchObject({ from: 'facturation@example.org', recipients: ['a@example.net', 'b@example.net', 'c@example.com'], body: '8BITMIME' });
    expect(received?.content.equals(Buffer.concat([Buffer.from(HEADER), message]))).toBe(true);
  });

  it('keeps the null sender of a bounce', async () => {
    expect((await sendMail(filter.port, { from: '', to: ['relances@example.net'] }, clean('bounce.1@example.org'))).code).toBe(250);
    expect(at('bounce.1@example.org').map((m) => m.from)).toEqual(['']);
  });

  it.each([
    ['the founding case (15,930 customers in an XLSX)', FOUNDING, BLOCKED_FOUNDING],
    ['40 customers in a CSV', customers('csv.1@example.org'), '550 5.7.1 pii-scan: blocked: clients.csv holds a customer file (40 people); send it through a protected share'],
    ['a truncated workbook (unscannable: fails closed)', TRUNCATED, '550 5.7.1 pii-scan: unreadable: clients.xlsx could not be read (truncated file); nothing unread is let through: send it readable or through a protected share'],
  ])('refuses %s with one line that says why, and relays nothing', async (_name, message, expected) => {
    const before = sink.messages.length;
    const reply = await sendMail(filter.port, ENVELOPE, message);
    expect(reply).toEqual({ code: 550, text: expected });
    expect(sink.messages.length).toBe(before);
  });

  it('passes on the next hop refusing every recipient; when it refuses some, relays to none and says how many', async () => {
    expect(await sendMail(filter.port, { from: 'a@example.org', to: ['nobody@example.net'] }, clean('refused.1@example.org'))).toEqual({
      code: 550,
      text: '550 5.1.1 pii-scan: next hop replied: 550 5.1.1 no such user',
    });
    expect(await sendMail(filter.port, { from: 'a@example.org', to: ['someone@example.net', 'nobody@example.net'] }, clean('refused.2@example.org'))).toEqual({
      code: 550,
      text: '550 5.0.0 pii-scan: next hop refused 1 of 2 recipients, message not relayed: 550 5.1.1 no such user',
    });
    // No recipient has it: the hop got no data, so the sender's retry or correction cannot make a second copy.
    expect(at('refused.2@example.org')).toEqual([]);
    expect(at('refused.1@example.org')).toEqual([]);
  });

  it('logs one line per message: session, queue id, message id, size, verdict, rule, action, reply, time; never a value', async () => {
    const received = 'Received: from client.example.org (client.example.org [192.0.2.7])\r\n\tby relay.example.org (Postfix) with ESMTP id 4XyZ12AbCd\r\n\tfor <relances@example.net>; Mon,  8 Aug 2022 10:14:33 +0200 (CEST)\r\n';
    await sendMail(filter.port, ENVELOPE, Buffer.concat([Buffer.from(received), customers('log.1@example.org')]));
    const line = filter.log.find((l) => l.includes('msgid=<log.1@example.org>'));
    expect(line).toMatch(/^pii-scan: filter: \w+ queue=4XyZ12AbCd msgid=<log\.1@example\.org> bytes=\d+ verdict=block rule=people action=refuse reply=550 ms=\d+\n$/);
    const names = customerTable(makePeople(7, 40)).rows.map((r) => r[0]);
    for (const name of names) expect(filter.log.join('')).not.toContain(name);
  });
});
