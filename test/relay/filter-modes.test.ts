import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBaseTable, makeCustomers } from '../../fixtures/generator/customer-base.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { run } from '../../src/cli/run.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { nestedFormsPdf } from '../helpers/hostile-parts.js';
import { foundingScanSeconds } from '../helpers/scan-cost.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const CLEAN = readFileSync('fixtures/outbox/reponse-signature.eml');
const ENVELOPE = { from: 'facturation@example.org', to: ['relances@example.net', 'copie@example.net'] };

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(() => sink.close());
const hop = () => ['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1'];
const count = (id: string) => sink.messages.filter((m) => m.content.includes(id)).length;

/** Speaks SMTP by hand: the lines sent, the replies read (for what a client library will not send). */
async function dialogue(port: number, lines: string[]): Promise<string[]> {
  const socket = createConnection(port, '127.0.0.1');
  const replies: string[] = [];
  let buffered = '';
  const next = () => new Promise<string>((resolve) => {
    const check = () => {
      const m = /^(\d{3}) .*\r\n/m.exec(buffered);
      if (!m) return false;
      const end = buffered.indexOf(m[0]) + m[0].length;
      resolve(buffered.slice(0, end).trimEnd().split('\r\n').pop() as string);
      buffered = buffered.slice(end);
      return true;
    };
    if (!check()) socket.on('data', function onData(d: Buffer) { buffered += d.toString(); if (check()) socket.off('data', onData); });
  });
  await next();
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    replies.push(await next());
  }
  socket.end();
  return replies;
}

describe('pii-scan filter --on-block quarantine', () => {
  it('keeps the message (.eml, 0600) and its masked report (.json, 0600) in a 0700 folder, answers 250 with the id, relays nothing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pii-q-'));
    const dir = join(parent, 'quarantine');
    const filter = await startFilter([...hop(), '--on-block', 'quarantine', '--quarantine-dir', dir]);
    const before = sink.messages.length;
    const reply = await sendMail(filter.port, ENVELOPE, FOUNDING);
    await filter.stop();
    const id = /quarantined as (\d{8}T\d{6}Z-[0-9a-f]{8}):/.exec(reply.text)?.[1] as string;
    expect(reply.text).toBe(`250 2.0.0 pii-scan: quarantined as ${id}: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share`);
    expect(sink.messages.length).toBe(before);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // With the audit register, where the quarantine is the first row.
    expect(readdirSync(dir).sort()).toEqual([`${id}.eml`, `${id}.json`, 'register.sqlite']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, `${id}.eml`)).equals(FOUNDING)).toBe(true);
    const record = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
    expect(record).toMatchObject({ id, envelope: { from: ENVELOPE.from, recipients: ENVELOPE.to }, report: { verdict: 'block', rule: 'people', people: 15930 } });
    expect(record.reason).toBe('blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share');
    for (const sample of record.report.findings[0].samples) expect(sample).toMatch(/^.{1,3}\*\*\*/);
    rmSync(parent, { recursive: true });
  });
});

describe('pii-scan filter --on-block tag', () => {
  it('relays a blocked message with its verdict in the header', async () => {
    const filter = await startFilter([...hop(), '--on-block', 'tag']);
    const reply = await sendMail(filter.port, ENVELOPE, FOUNDING);
    await filter.stop();
    expect(reply.text).toMatch(/^250 2\.0\.0 pii-scan: block, relayed: 250 Ok: queued as SINK\d+$/);
    const received = sink.messages.at(-1);
    expect(received?.content.equals(Buffer.concat([Buffer.from('X-PII-Scan: verdict=block; rule=people; version=0.1.0\r\n'), FOUNDING]))).toBe(true);
  });
});

describe('pii-scan filter: messages it cannot scan', () => {
  const big = mail(textBody('x'.repeat(40 * 1024)), { messageId: 'big.1@example.org' });

  it.each([
    ['defer', '452 4.3.4 pii-scan: not scanned: message of 42893 bytes, over the 16384-byte limit'],
    ['reject', '552 5.3.4 pii-scan: not scanned: message of 42893 bytes, over the 16384-byte limit'],
    ['pass', '452 4.3.4 pii-scan: not scanned: message of 42893 bytes, over the 16384-byte limit'],
  ])('over --max-size with --on-error %s: refused after the final dot, never relayed', async (onError, expected) => {
    expect(big.length).toBe(42893);
    const filter = await startFilter([...hop(), '--max-size', '16K', '--on-error', onError]);
    const reply = await sendMail(filter.port, ENVELOPE, big);
    await filter.stop();
    expect(reply.text).toBe(expected);
    expect(count('big.1@example.org')).toBe(0);
    expect(filter.log.filter((l) => l.includes('verdict=error rule=too-large'))).toHaveLength(1);
  });

  it('refuses at MAIL FROM a message whose declared SIZE is over the limit (SIZE is not advertised: over-limit must defer, not bounce)', async () => {
    const filter = await startFilter([...hop(), '--max-size', '1M']);
    const replies = await dialogue(filter.port, ['EHLO client.example.org', 'MAIL FROM:<a@example.org> SIZE=5000000', 'MAIL FROM:<a@example.org> SIZE=1000', 'QUIT']);
    await filter.stop();
    expect(replies).toEqual([expect.not.stringMatching(/SIZE/), '452 4.3.4 pii-scan: not scanned: message of 5000000 bytes, over the 1048576-byte limit', '250 Accepted', '221 Bye']);
  });

  it('stops a scan at --timeout (its worker is replaced), defers the message, then scans the next one', async () => {
    // --timeout is three founding scans measured now (whole seconds, 2 or more); the slow message
    // holds 16 of them, the clean one a small fraction of one: ratios that hold on a loaded machine.
    const timeout = Math.max(2, Math.ceil(3 * (await foundingScanSeconds())));
    const filter = await startFilter([...hop(), '--timeout', String(timeout)]);
    const slow = mail(mixed(textBody('Seize transferts.'), ...Array.from({ length: 16 }, (_, i) => attachment(`fwd${i + 1}.eml`, FOUNDING))), { messageId: 'slow.1@example.org' });
    const reply = await sendMail(filter.port, ENVELOPE, slow);
    const next = await sendMail(filter.port, ENVELOPE, CLEAN);
    await filter.stop();
    // The timeout's own reply (not a verdict after a whole scan).
    expect(reply.text).toBe(`451 4.3.0 pii-scan: not scanned: scan timed out after ${timeout} s`);
    expect(next.code).toBe(250);
    expect(count('slow.1@example.org')).toBe(0);
  }, 240_000);

  it('bounds the wait for a worker too: a message queued behind slow scans is deferred at --timeout, not kept for their sum', async () => {
    const filter = await startFilter([...hop(), '--timeout', '3']);
    // Small on the wire, endless to read (2^200 form draws): each holds the one worker to --timeout.
    const slow = (n: number) => mail(mixed(textBody('Formulaire.'), attachment('formes.pdf', nestedFormsPdf(200), 'application/pdf')), { messageId: `wait.slow${n}@example.org` });
    const pause = () => new Promise((r) => setTimeout(r, 500));
    const first = sendMail(filter.port, ENVELOPE, slow(1));
    await pause();
    const second = sendMail(filter.port, ENVELOPE, slow(2));
    await pause();
    const clean = await sendMail(filter.port, ENVELOPE, CLEAN);
    const slowReplies = await Promise.all([first, second]);
    await filter.stop();
    // Queued behind the second slow scan when its 3 s of waiting ran out: deferred, never scanned.
    expect(clean.text).toBe('451 4.3.0 pii-scan: not scanned: no scan worker free within 3 s');
    expect(slowReplies.map((r) => r.text)).toEqual(['451 4.3.0 pii-scan: not scanned: scan timed out after 3 s', '451 4.3.0 pii-scan: not scanned: scan timed out after 3 s']);
    expect(count('wait.slow')).toBe(0);
  }, 240_000);

  it('defers when the next hop is down: the MTA keeps the message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const filter = await startFilter(['--next-hop', `127.0.0.1:${port}`, '--workers', '1']);
    const reply = await sendMail(filter.port, ENVELOPE, CLEAN);
    await filter.stop();
    expect(reply.text).toBe(`451 4.4.1 pii-scan: next hop 127.0.0.1:${port} unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('pii-scan filter: start and stop', () => {
  it('finishes the message in progress on the stop signal, then refuses connections and exits 0', async () => {
    const filter = await startFilter(hop());
    const pending = sendMail(filter.port, ENVELOPE, FOUNDING);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await filter.stop();
    expect((await pending).code).toBe(550);
    expect(result.exitCode).toBe(0);
    await expect(sendMail(filter.port, ENVELOPE, CLEAN)).rejects.toThrow(/ECONNREFUSED/);
    const [stopping, message, stopped] = filter.log.slice(-3);
    expect([stopping, stopped]).toEqual(['pii-scan: filter stopping: finishing the messages in progress\n', 'pii-scan: filter stopped\n']);
    expect(message).toMatch(/ verdict=block rule=people action=refuse reply=550 /);
  });

  it('exits 3 with one line when its port is taken', async () => {
    const filter = await startFilter(hop());
    const result = await run(['filter', '--listen', `127.0.0.1:${filter.port}`, ...hop()], { env: {} });
    await filter.stop();
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: cannot listen on 127.0.0.1:${filter.port}: address already in use\n` });
  });

  it.each([
    [['--next-hop', 'relay.invalid:10026'], 'pii-scan: --next-hop relay.invalid:10026: cannot resolve relay.invalid (ENOTFOUND)\n'],
    [['--next-hop', '127.0.0.1'], "pii-scan: option '--next-hop <host:port>' argument '127.0.0.1' is invalid. expected HOST:PORT (e.g. 127.0.0.1:10025), got \"127.0.0.1\" (see pii-scan --help)\n"],
    [['--next-hop', '127.0.0.1:0'], "pii-scan: option '--next-hop <host:port>' argument '127.0.0.1:0' is invalid. port out of range in \"127.0.0.1:0\" (see pii-scan --help)\n"],
    [['--on-block', 'drop'], "pii-scan: option '--on-block <action>' argument 'drop' is invalid. Allowed choices are reject, quarantine, tag. (see pii-scan --help)\n"],
    [['--on-block', 'quarantine'], 'pii-scan: --on-block quarantine needs --quarantine-dir DIR (see pii-scan --help)\n'],
    [['--quarantine-dir', '/tmp/q'], 'pii-scan: --quarantine-dir is only used with --on-block quarantine (see pii-scan --help)\n'],
    [['--on-block', 'quarantine', '--quarantine-dir', '/proc/version/q'], 'pii-scan: --quarantine-dir /proc/version/q: cannot look at /proc/version/q: a part of the path is a file, not a folder\n'],
    [['--max-size', '10X'], "pii-scan: option '--max-size <size>' argument '10X' is invalid. expected a size such as 64M, 64 MiB or 64 MB, got \"10X\" (see pii-scan --help)\n"],
    [['--timeout', '0'], "pii-scan: option '--timeout <seconds>' argument '0' is invalid. expected a whole number from 1 to 3,600 (see pii-scan --help)\n"],
    // Past Node's 2^31 - 1 ms, a timer fires at once: with --on-error pass, mail would be relayed unscanned.
    [['--timeout', '2147484'], "pii-scan: option '--timeout <seconds>' argument '2147484' is invalid. expected a whole number from 1 to 3,600 (see pii-scan --help)\n"],
    [['--workers', '65'], "pii-scan: option '--workers <n>' argument '65' is invalid. expected a whole number from 1 to 64 (see pii-scan --help)\n"],
    [['--max-connections', '0'], "pii-scan: option '--max-connections <n>' argument '0' is invalid. expected a whole number from 1 to 10,000 (see pii-scan --help)\n"],
    [['--max-size', '2G'], "pii-scan: option '--max-size <size>' argument '2G' is invalid. expected a size from 1 KiB to 1 GiB, got \"2G\" (see pii-scan --help)\n"],
  ])('refuses to start with %j: exit 3, one line', async (args, stderr) => {
    expect(await run(['filter', '--listen', '127.0.0.1:0', ...args], { env: {} })).toEqual({ exitCode: 3, stdout: '', stderr });
  });
});

describe('pii-scan filter: the fingerprint file read again on SIGHUP', () => {
  it('relays a leak of customers added since it started until told to read the file again, then refuses it; without a file, says there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-filter-reload-'));
    try {
      const customers = makeCustomers(20261206, 30);
      writeFileSync(join(dir, 'first.csv'), toCsv(customerBaseTable(customers.slice(0, 15))));
      writeFileSync(join(dir, 'more.csv'), toCsv(customerBaseTable(customers.slice(15))));
      const base = join(dir, 'base.pii-fp');
      expect((await run(['fingerprint', join(dir, 'first.csv'), '--output', base], { env: {} })).exitCode).toBe(0);
      // Five customers of the rows added later, by phone alone: too few people for a customer file, enough known customers to block.
      const leak = mail(mixed(textBody('Bonjour,\nles numéros à rappeler.\n'), attachment('rappels.csv', toCsv({ header: ['Ligne', 'Objet'], rows: customers.slice(15, 20).map((c) => [c.mobile, 'rappel']) }))), { messageId: 'reload.leak@example.org' });
      const filter = await startFilter([...hop(), '--fingerprints', base]);
      try {
        expect((await sendMail(filter.port, ENVELOPE, leak)).code).toBe(250);
        expect(count('reload.leak@example.org')).toBe(1);
        expect((await run(['fingerprint', join(dir, 'more.csv'), '--update', '--output', base], { env: {} })).exitCode).toBe(0);
        filter.reload();
        while (!filter.log.some((line) => line.includes('read again'))) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(filter.log.filter((line) => line.includes('read again'))).toEqual([`pii-scan: filter: fingerprints read again from ${base} (30 customers)\n`]);
        expect(await sendMail(filter.port, ENVELOPE, leak)).toEqual({ code: 550, text: "550 5.7.1 pii-scan: blocked: rappels.csv holds 5 of your customers' records; send it through a protected share" });
        expect(count('reload.leak@example.org')).toBe(1);
      } finally {
        expect((await filter.stop()).exitCode).toBe(0);
      }
      const without = await startFilter(hop());
      try {
        without.reload();
        while (!without.log.some((line) => line.includes('reload failed'))) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(without.log.filter((line) => line.includes('reload failed'))).toEqual(['pii-scan: filter: reload failed, scanning on as before: no fingerprint file to read again (--fingerprints, or fingerprints.file in the configuration)\n']);
      } finally {
        expect((await without.stop()).exitCode).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
