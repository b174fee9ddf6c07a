import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { MilterServer } from '../../src/relay/milter/milter-server.js';
import type { MilterOptions } from '../../src/relay/milter/milter-server.js';
import { SMFIC } from '../../src/relay/milter/milter-protocol.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { customerBaseTable, makeCustomers as makeCustomerBase } from '../../fixtures/generator/customer-base.js';
import { attachment, heavyCsvMail, mail, mixed, textBody } from '../helpers/mail.js';
import { headersOf, MilterClient, POSTFIX_OFFER } from '../helpers/milter-client.js';
import { tempDirs } from '../helpers/temp-dir.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const PASS_HEADER = { command: 'h', fields: ['X-PII-Scan', 'verdict=pass; rule=none; version=0.1.0'] };
const CONTINUE = { command: 'c', fields: [] };
const REFUSED_FOUNDING = { command: 'y', fields: ['550 5.7.1 pii-scan: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share'] };
const clean = (id: string) => mail(textBody('Bonjour,\nla réunion de quartier est déplacée à jeudi 18 h.\n'), { messageId: id });
const envelope = { from: 'service.clients@eau.example.org', recipients: ['abonne@example.net'] };

/** Steps pii-scan asks Postfix to leave out or not to wait for: NOCONNECT, NOHELO, NR_HDR, NOUNKNOWN, NODATA, NR_MAIL, NR_RCPT, NR_EOH. */
const STEPS = 0x1 | 0x2 | 0x80 | 0x100 | 0x200 | 0x4000 | 0x8000 | 0x40000;

function startMilter(extra: Partial<MilterOptions> = {}) {
  const log: string[] = [];
  const server = new MilterServer(
    { listen: { kind: 'inet', host: '127.0.0.1', port: 0 }, socketMode: 0o660, workers: 1, maxSize: 64 * 1024 * 1024, timeoutMs: 60_000, onBlock: 'reject', onError: 'defer', lang: 'en', scan: { config: DEFAULT_CONFIG }, ...extra },
    (line) => log.push(line),
  );
  return { server, log };
}

async function client(port: number, offer = POSTFIX_OFFER): Promise<MilterClient> {
  const c = await MilterClient.open({ port });
  await c.negotiate(offer);
  return c;
}

describe('pii-scan milter (in process, driven as Postfix drives it)', () => {
  let milter: ReturnType<typeof startMilter>;
  let port: number;
  beforeAll(async () => {
    milter = startMilter();
    const bound = await milter.server.start();
    port = bound.kind === 'inet' ? bound.port : 0;
  });
  afterAll(async () => {
    await milter.server.stop();
  });

  it('negotiates version 6, adding headers and quarantine, and leaves out the steps it does not need', async () => {
    const c = await MilterClient.open({ port });
    expect(await c.negotiate()).toEqual({ version: 6, actions: 0x01 | 0x20, steps: STEPS });
    // An MTA that offers fewer steps gets no more than it offers.
    const older = await MilterClient.open({ port });
    expect(await older.negotiate({ version: 6, actions: 0x01, steps: 0x7f })).toEqual({ version: 6, actions: 0x01, steps: 0x03 });
    await Promise.all([c.close(), older.close()]);
  });

  it('closes the connection of an MTA that speaks an older protocol, with a log line that says which', async () => {
    const c = await MilterClient.open({ port });
    expect(await c.negotiate({ version: 2, actions: 0x3f, steps: 0x7f })).toBeUndefined();
    await c.closed;
    expect(milter.log.at(-1)).toMatch(/^pii-scan: milter: m\d+: protocol error: the MTA speaks milter protocol version 2; pii-scan needs 6 \(Postfix 2\.6 or later, Sendmail 8\.14 or later\); connection closed\n$/);
  });

  it('accepts a clean mail with its X-PII-Scan header, and logs the queue id and the SMTP AUTH user from the macros', async () => {
    const c = await client(port);
    const replies = await c.sendMail({ ...envelope, message: clean('milter.clean@example.org'), mailMacros: { '{auth_authen}': 'agent.accueil' }, endMacros: { i: '4Xq1Lm0Abc' } });
    expect(replies).toEqual([PASS_HEADER, CONTINUE]);
    expect(milter.log.at(-1)).toMatch(/^pii-scan: milter: m\d+ queue=4Xq1Lm0Abc msgid=<milter\.clean@example\.org> auth=agent\.accueil bytes=\d+ verdict=pass rule=none action=relay reply=250 ms=\d+\n$/);
    await c.close();
  });

  it('refuses the founding case at the end of the message with 550 5.7.1 and the reason', async () => {
    const c = await client(port);
    expect(await c.sendMail({ ...envelope, message: FOUNDING })).toEqual([REFUSED_FOUNDING]);
    expect(milter.log.at(-1)).toMatch(/ bytes=\d+ verdict=block rule=people action=refuse reply=550 /);
    await c.close();
  });

  it('rebuilds the message from headers and body as Postfix sends them: the scan sees the envelope recipients (mass mailing)', async () => {
    const people = makePeople(31, 12).filter((p) => customerTable([p]).rows[0]?.[5] !== '').slice(0, 5);
    const list = mail(mixed(textBody('Bonjour,\nle programme de la réunion publique.\n'), attachment('abonnes.csv', toCsv(customerTable(people)), 'text/csv')), { to: 'undisclosed-recipients:;' });
    const c = await client(port);
    const inList = await c.sendMail({ from: 'mairie@example.org', recipients: people.slice(0, 2).map((p) => p.email), message: list });
    expect(inList).toEqual([{ command: 'y', fields: [expect.stringMatching(/^550 5\.7\.1 pii-scan: blocked: /)] }]);
    expect(milter.log.at(-1)).toContain(' verdict=block rule=mass-mailing ');
    // The same message to people who are not in its list only warns: it is accepted, marked.
    const outside = await c.sendMail({ from: 'mairie@example.org', recipients: ['quelquun@example.net'], message: list });
    expect(outside).toEqual([{ command: 'h', fields: ['X-PII-Scan', 'verdict=warn; rule=few-people; version=0.1.0'] }, CONTINUE]);
    await c.close();
  });

  it('forgets an aborted message: the next one on the connection is judged alone', async () => {
    const c = await client(port);
    const { headers, body } = headersOf(FOUNDING);
    c.send(SMFIC.MAIL, Buffer.from('<a@example.org>\0'));
    c.send(SMFIC.RCPT, Buffer.from('<b@example.net>\0'));
    for (const [name, value] of headers) c.send(SMFIC.HEADER, Buffer.from(`${name}\0${value}\0`, 'latin1'));
    c.send(SMFIC.EOH);
    c.send(SMFIC.BODY, body.subarray(0, 65_535));
    expect(await c.replies()).toEqual([CONTINUE]);
    c.send(SMFIC.ABORT);
    expect(await c.sendMail({ ...envelope, message: clean('after.abort@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
    await c.close();
  });

  it('starts over after SMFIC_QUIT_NC (a new SMTP connection on the same socket): the old macros are gone', async () => {
    const c = await client(port);
    c.send(SMFIC.MACRO, Buffer.from('C{client_name}\0old.example.org\0'));
    await c.sendMail({ ...envelope, message: clean('before.quitnc@example.org'), endMacros: { i: 'AAA111' } });
    c.send(SMFIC.QUIT_NC);
    expect(await c.sendMail({ ...envelope, message: clean('after.quitnc@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
    expect(milter.log.at(-1)).toMatch(/ queue=- msgid=<after\.quitnc@example\.org> bytes=/);
    await c.close();
  });

  it('answers each step when the MTA does not offer to skip replies', async () => {
    const c = await client(port, { version: 6, actions: 0x21, steps: 0x7f });
    expect(c.steps).toBe(0x03);
    expect(await c.sendMail({ ...envelope, message: FOUNDING })).toEqual([REFUSED_FOUNDING]);
    await c.close();
  });

  it('answers CONNECT, HELO, DATA and unknown commands with continue when an MTA sends them anyway, and closes on QUIT', async () => {
    const c = await client(port, { version: 6, actions: 0x21, steps: 0 });
    const steps: [number, string][] = [[SMFIC.CONNECT, 'client.example.org\x004\x00\x19\x00192.0.2.7\x00'], [SMFIC.HELO, 'client.example.org\x00'], [SMFIC.MAIL, '<a@example.org>\x00'], [SMFIC.RCPT, '<b@example.net>\x00'], [SMFIC.DATA, ''], [SMFIC.UNKNOWN, 'HELP\x00']];
    for (const [command, data] of steps) {
      c.send(command, Buffer.from(data, 'latin1'));
      expect(await c.replies()).toEqual([CONTINUE]);
    }
    c.send(SMFIC.QUIT);
    await c.closed;
  });

  it('closes a connection that sends a packet out of bounds, and goes on serving the others', async () => {
    const bad = await client(port);
    bad.socket.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x42]));
    await bad.closed;
    expect(milter.log.at(-1)).toMatch(/: protocol error: packet length 2147483647 out of bounds; connection closed\n$/);
    const good = await client(port);
    expect(await good.sendMail({ ...envelope, message: clean('after.bad@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
    await good.close();
  });

  it('closes a connection whose first command is not the option negotiation', async () => {
    const c = await MilterClient.open({ port });
    c.send(SMFIC.MAIL, Buffer.from('<a@example.org>\0'));
    await c.closed;
    expect(milter.log.at(-1)).toMatch(/: protocol error: command 'M' before option negotiation; connection closed\n$/);
  });
});

describe('pii-scan milter limits, errors and quarantine', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.remove());

  async function withMilter(extra: Partial<MilterOptions>, run: (port: number, log: string[]) => Promise<void>) {
    const m = startMilter(extra);
    const bound = await m.server.start();
    try {
      await run(bound.kind === 'inet' ? bound.port : 0, m.log);
    } finally {
      await m.server.stop();
    }
  }

  it.each([
    ['defer', '452 4.3.4 pii-scan: not scanned: message of more than 200000 bytes, over the limit'],
    ['reject', '552 5.3.4 pii-scan: not scanned: message of more than 200000 bytes, over the limit'],
  ] as const)('refuses a message over --max-size while it arrives (on-error %s), and the next one is scanned', async (onError, reply) => {
    await withMilter({ maxSize: 200_000, onError }, async (port, log) => {
      const c = await client(port);
      // The founding case is 1.3 MB: refused at the body chunk that crosses the limit, long before its end.
      expect(await c.sendMail({ ...envelope, message: FOUNDING })).toEqual([{ command: 'y', fields: [reply] }]);
      expect(log.at(-1)).toMatch(new RegExp(` bytes=2\\d{5} verdict=error rule=too-large action=refuse reply=${reply.slice(0, 3)} `));
      c.send(SMFIC.ABORT);
      expect(await c.sendMail({ ...envelope, message: clean('small.after@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
      await c.close();
    });
  });

  it('defers a message whose scan runs out of time (451 4.3.0)', async () => {
    await withMilter({ timeoutMs: 1 }, async (port, log) => {
      const c = await client(port);
      expect(await c.sendMail({ ...envelope, message: FOUNDING })).toEqual([{ command: 'y', fields: [expect.stringMatching(/^451 4\.3\.0 pii-scan: not scanned: /)] }]);
      expect(log.at(-1)).toContain(' verdict=error rule=timeout action=refuse reply=451 ');
      await c.close();
    });
  });

  // A 32 MiB heap starts a worker (about 17 MB live) and is far too small for a 120,000-row CSV: the worker dies mid-scan.
  it('defers the message whose scan worker died (451), and scans the next one in a new worker', async () => {
    await withMilter({ workerHeapMb: 32 }, async (port, log) => {
      const c = await client(port);
      expect(await c.sendMail({ ...envelope, message: heavyCsvMail('heavy@example.org') })).toEqual([{ command: 'y', fields: [expect.stringMatching(/^451 4\.3\.0 pii-scan: not scanned: .*memory/)] }]);
      expect(log.at(-1)).toContain(' verdict=error rule=failed action=refuse reply=451 ');
      expect(await c.sendMail({ ...envelope, message: clean('after.crash@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
      await c.close();
    });
  });

  it('with --on-block quarantine: the MTA is told to hold the message, a copy and its report are kept, the message is marked', async () => {
    const dir = join(dirs.make(), 'q');
    await withMilter({ onBlock: 'quarantine', quarantineDir: dir }, async (port) => {
      const c = await client(port);
      const replies = await c.sendMail({ ...envelope, message: FOUNDING, endMacros: { i: 'HOLD42' } });
      const id = /^pii-scan (\S+): /.exec(replies[0]?.fields[0] ?? '')?.[1] as string;
      expect(replies).toEqual([
        { command: 'q', fields: [`pii-scan ${id}: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share`] },
        { command: 'h', fields: ['X-PII-Scan', 'verdict=block; rule=people; version=0.1.0'] },
        CONTINUE,
      ]);
      expect(readdirSync(dir).sort()).toEqual([`${id}.eml`, `${id}.json`, 'register.sqlite']);
      expect(statSync(join(dir, `${id}.eml`)).mode & 0o777).toBe(0o600);
      const kept = readFileSync(join(dir, `${id}.eml`)).toString('latin1');
      // The copy is the message as the MTA handed it over: every header, then the body, byte for byte.
      expect(kept.replace(/\r\n/g, '\n')).toBe(FOUNDING.toString('latin1').replace(/\r\n/g, '\n').replace(/\n*$/, '\n'));
      const report = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
      expect({ id: report.id, queueId: report.queueId, envelope: report.envelope, verdict: report.report.verdict }).toEqual({ id, queueId: 'HOLD42', envelope, verdict: 'block' });
      await c.close();
    });
  });

  it('listens on a Unix socket with the mode asked, replaces a stale socket file, and refuses to start over another file', async () => {
    const folder = dirs.make();
    const path = join(folder, 'milter.sock');
    const first = startMilter({ listen: { kind: 'unix', path }, socketMode: 0o600 });
    await first.server.start();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const c = await MilterClient.open({ path });
    await c.negotiate();
    expect(await c.sendMail({ ...envelope, message: clean('unix@example.org') })).toEqual([PASS_HEADER, CONTINUE]);
    await c.close();
    // A second milter on the same socket: refused while the first listens.
    await expect(startMilter({ listen: { kind: 'unix', path } }).server.start()).rejects.toThrow(`cannot listen on unix:${path}: another process listens on it`);
    await first.server.stop();
    // A socket left behind by a milter that was killed is taken over.
    const stale = join(folder, 'stale.sock');
    const killed = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    expect([killed.signal, statSync(stale).isSocket()]).toEqual(['SIGKILL', true]);
    const second = startMilter({ listen: { kind: 'unix', path: stale } });
    await second.server.start();
    const d = await MilterClient.open({ path: stale });
    expect(await d.negotiate()).toMatchObject({ version: 6 });
    await d.close();
    await second.server.stop();
    const notSocket = join(folder, 'plain');
    writeFileSync(notSocket, 'x');
    await expect(startMilter({ listen: { kind: 'unix', path: notSocket } }).server.start()).rejects.toThrow(`cannot listen on unix:${notSocket}: a file that is not a socket is there`);
  });

  it('on stop, closes idle connections at once and answers the message under way before closing its connection', async () => {
    const m = startMilter();
    const bound = await m.server.start();
    const port = bound.kind === 'inet' ? bound.port : 0;
    const [c, idle] = [await client(port), await client(port)];
    const { headers, body } = headersOf(FOUNDING);
    c.send(SMFIC.MAIL, Buffer.from('<a@example.org>\0'));
    for (const [name, value] of headers) c.send(SMFIC.HEADER, Buffer.from(`${name}\0${value}\0`, 'latin1'));
    c.send(SMFIC.EOH);
    c.send(SMFIC.BODY, body.subarray(0, 65_535));
    // The milter has the message's first chunk: the message is under way when the stop comes.
    expect(await c.replies()).toEqual([CONTINUE]);
    const stopped = m.server.stop();
    await idle.closed;
    for (let at = 65_535; at < body.length; at += 65_535) {
      c.send(SMFIC.BODY, body.subarray(at, at + 65_535));
      expect(await c.replies()).toEqual([CONTINUE]);
    }
    c.send(SMFIC.BODYEOB);
    expect(await c.replies()).toEqual([REFUSED_FOUNDING]);
    await stopped;
    await c.closed;
  });
});

describe('pii-scan milter: start-up errors are one line, exit 3', () => {
  it.each([
    [['--listen', '10030@127.0.0.1'], "pii-scan: option '--listen <socket>' argument '10030@127.0.0.1' is invalid. expected inet:PORT@HOST, inet:HOST:PORT or unix:/PATH, got \"10030@127.0.0.1\" (see pii-scan --help)\n"],
    [['--listen', 'unix:/nonexistent/run/milter.sock'], "pii-scan: cannot listen on unix:/nonexistent/run/milter.sock: no folder /nonexistent/run (create it, writable by the milter's user)\n"],
    [['--socket-mode', '999'], "pii-scan: option '--socket-mode <octal>' argument '999' is invalid. expected an octal mode such as 660 (see pii-scan --help)\n"],
    [['--timeout', '2147484'], "pii-scan: option '--timeout <seconds>' argument '2147484' is invalid. expected a whole number from 1 to 3,600 (see pii-scan --help)\n"],
    [['--workers', '0'], "pii-scan: option '--workers <n>' argument '0' is invalid. expected a whole number from 1 to 64 (see pii-scan --help)\n"],
    [['--worker-heap', '16'], "pii-scan: option '--worker-heap <MiB>' argument '16' is invalid. expected a whole number from 32 to 65,536 (see pii-scan --help)\n"],
    [['--on-block', 'quarantine', '--quarantine-dir', '/proc/nope/q'], 'pii-scan: --quarantine-dir /proc/nope/q: cannot create /proc/nope: no such file or directory\n'],
  ])('%j', async (args, stderr) => {
    expect(await run(['milter', '--listen', 'inet:0@127.0.0.1', ...args], { env: {} })).toEqual({ exitCode: 3, stdout: '', stderr });
  });
});

describe('pii-scan milter: the fingerprint file read again on SIGHUP', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.remove());

  /** Resolves once a line matching `pattern` is in `lines` (the service logs as it goes). */
  async function lineLike(lines: string[], pattern: RegExp): Promise<string> {
    for (;;) {
      const found = lines.find((line) => pattern.test(line));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('scans the next messages with the file as updated; a file that cannot be read leaves the one read before in use', async () => {
    const customers = makeCustomerBase(20261205, 40);
    const dir = dirs.make({ 'first.csv': toCsv(customerBaseTable(customers.slice(0, 20))), 'more.csv': toCsv(customerBaseTable(customers.slice(20))) });
    const base = join(dir, 'base.pii-fp');
    expect((await run(['fingerprint', join(dir, 'first.csv'), '--output', base], { env: {} })).exitCode).toBe(0);
    // Six customers of the rows added later, by their e-mail alone under a header that names
    // nothing: too few people for a customer file, enough known customers to block (5).
    const leak = mail(mixed(textBody('Bonjour,\nla liste pour la relance.\n'), attachment('liste.csv', toCsv({ header: ['Réf. dossier', 'Suite'], rows: customers.slice(20, 26).map((c) => [c.email, 'relance']) }))));
    const lines: string[] = [];
    let stop = () => {};
    let reload = () => {};
    const running = run(['milter', '--listen', 'inet:0@127.0.0.1', '--workers', '1', '--fingerprints', base], {
      env: {},
      onStop: (stopIt) => (stop = stopIt),
      onReload: (reloadIt) => (reload = reloadIt),
      writeStderr: (line) => void lines.push(line),
    });
    try {
      const port = Number(/inet:127\.0\.0\.1:(\d+)/.exec(await lineLike(lines, /milter listening on/))?.[1]);
      const before = await client(port);
      expect((await before.sendMail({ ...envelope, message: leak })).at(-1)).toEqual(CONTINUE);
      await before.close();

      expect((await run(['fingerprint', join(dir, 'more.csv'), '--update', '--output', base], { env: {} })).exitCode).toBe(0);
      reload();
      expect(await lineLike(lines, /read again/)).toBe(`pii-scan: milter: fingerprints read again from ${base} (40 customers)\n`);
      const after = await client(port);
      const refused = [{ command: 'y', fields: ["550 5.7.1 pii-scan: blocked: liste.csv holds 6 of your customers' records; send it through a protected share"] }];
      expect(await after.sendMail({ ...envelope, message: leak })).toEqual(refused);

      // A file damaged meanwhile: said in one line, and the fingerprints read before still apply.
      writeFileSync(base, 'not a fingerprint file');
      reload();
      expect(await lineLike(lines, /reload failed/)).toBe(`pii-scan: milter: reload failed, scanning on as before: ${base}: not a pii-scan fingerprint file\n`);
      expect(await after.sendMail({ ...envelope, message: leak })).toEqual(refused);
      await after.close();
    } finally {
      stop();
      expect((await running).exitCode).toBe(0);
    }
  }, 120_000);
});
