import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { run } from '../../src/cli/run.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFilterProcess } from '../helpers/filter-process.js';
import type { FilterProcess } from '../helpers/filter-process.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { ensurePostfix, freePort, POSTFIX_RUNS, PostfixInstance, waitFor } from '../helpers/postfix.js';
import { filterMainCf, filterMasterCf, pipeMasterCf } from '../helpers/postfix-config.js';
import type { FilterPorts } from '../helpers/postfix-config.js';
import { sendMail, startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { customerTable } from '../../fixtures/generator/tables.js';

/**
 * A real Postfix (Debian's package, installed here when missing and root), in a private instance
 * on loopback high ports: smtpd in -> content_filter scan:[127.0.0.1]:F -> pii-scan filter (its
 * own process) -> re-injection smtpd on R -> relayhost: a local sink standing for the Internet.
 */
describe.skipIf(!POSTFIX_RUNS)('pii-scan filter behind a real Postfix (content_filter)', () => {
  let sink: Sink;
  let postfix: PostfixInstance;
  let filter: FilterProcess | undefined;
  let ports: FilterPorts;
  const SENDER = 'service.clients@eau.example.org';

  const filterArgs = (extra: string[] = []) => ['--listen', `127.0.0.1:${ports.filter}`, '--next-hop', `127.0.0.1:${ports.reinject}`, '--workers', '1', ...extra];
  const send = async (to: string, message: Buffer) => {
    const reply = await sendMail(postfix.ports.smtp, { from: SENDER, to: [to] }, message);
    expect(reply.code).toBe(250);
    return /queued as ([A-Za-z0-9]+)/.exec(reply.text)?.[1] as string;
  };
  const deliveredTo = (rcpt: string) => sink.messages.filter((m) => m.recipients.includes(rcpt));
  const logOf = (queueId: string) => postfix.log().split('\n').filter((l) => l.includes(`${queueId}:`)).join('\n');

  beforeAll(async () => {
    ensurePostfix();
    sink = await startSink();
    ports = { filter: await freePort(), reinject: await freePort() };
    postfix = new PostfixInstance({ smtp: await freePort(), sink: sink.port }, { main: filterMainCf(ports), master: filterMasterCf(ports), ownSmtpd: false });
    postfix.start();
    filter = await startFilterProcess(filterArgs());
  }, 300_000);

  afterAll(async () => {
    await filter?.stop();
    postfix?.destroy();
    await sink?.close();
  });

  it('delivers a clean mail once, with its X-PII-Scan header', async () => {
    await send('clean@example.net', mail(textBody('Bonjour, la réunion est déplacée à jeudi 10 h.'), { messageId: 'pf.clean@example.org' }));
    const [delivered] = await waitFor('the clean mail at the sink', () => (deliveredTo('clean@example.net').length ? deliveredTo('clean@example.net') : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deliveredTo('clean@example.net')).toHaveLength(1);
    expect(delivered?.from).toBe(SENDER);
    const headers = delivered?.content.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(headers.match(/^X-PII-Scan: .*$/gm)).toEqual(['X-PII-Scan: verdict=pass; rule=none; version=0.1.0']);
  });

  it('bounces a Veolia-like customer file with 5.7.1: the recipient never gets it, the sender gets the reason', async () => {
    const file = toCsv(customerTable(makePeople(20220808, 300)));
    const queueId = await send('abonnes@example.net', mail(mixed(textBody('Arrêté sécheresse : les mesures.'), attachment('clients_secheresse.csv', file, 'text/csv')), { messageId: 'pf.leak@example.org' }));
    const bounced = await waitFor('the bounce in the Postfix log', () => /status=bounced.*/.exec(logOf(queueId))?.[0]);
    expect(bounced).toContain('said: 550 5.7.1 pii-scan: blocked: clients_secheresse.csv holds a customer file (300 people); send it through a protected share (in reply to end of DATA command)');
    expect(filter?.stderr()).toMatch(new RegExp(`queue=${queueId} msgid=<pf\\.leak@example\\.org> bytes=\\d+ verdict=block rule=people action=refuse reply=550 `));
    // Postfix's own bounce (null sender) does not go through content_filter: it reaches the sender.
    const [bounce] = await waitFor('the bounce to the sender', () => (deliveredTo(SENDER).length ? deliveredTo(SENDER) : undefined));
    expect(bounce?.from).toBe('');
    expect(bounce?.content.toString('latin1').replace(/\r?\n\s+/g, ' ')).toContain('said: 550 5.7.1 pii-scan: blocked: clients_secheresse.csv holds a customer file (300 people)');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(deliveredTo('abonnes@example.net')).toEqual([]);
  });

  it('loses no mail across a filter restart: deferred while it is down, delivered once after', async () => {
    expect(await filter?.stop()).toBe(0);
    filter = undefined;
    const queueId = await send('restart@example.net', mail(textBody('Compte rendu de la réunion de lundi.'), { messageId: 'pf.restart@example.org' }));
    await waitFor('the deferral in the Postfix log', () => /status=deferred/.exec(logOf(queueId))?.[0]);
    expect(postfix.queue().map((m) => m.recipients.map((r) => r.address))).toEqual([['restart@example.net']]);
    expect(deliveredTo('restart@example.net')).toEqual([]);
    filter = await startFilterProcess(filterArgs());
    postfix.flush();
    await waitFor('the deferred mail at the sink', () => (deliveredTo('restart@example.net').length ? true : undefined));
    await waitFor('an empty queue', () => (postfix.queue().length === 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deliveredTo('restart@example.net')).toHaveLength(1);
  });

  it('with --on-block quarantine, keeps the customer file in the quarantine folder and reports it sent', async () => {
    await filter?.stop();
    const parent = mkdtempSync(join(tmpdir(), 'pii-pfq-'));
    const dir = join(parent, 'q');
    filter = await startFilterProcess(filterArgs(['--on-block', 'quarantine', '--quarantine-dir', dir]));
    const founding = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
    const queueId = await send('quarantaine@example.net', founding);
    const sent = await waitFor('the quarantine reply in the Postfix log', () => /status=sent \(.*\)/.exec(logOf(queueId))?.[0]);
    const id = /quarantined as (\S+):/.exec(sent)?.[1];
    expect(sent).toContain(`250 2.0.0 pii-scan: quarantined as ${id}: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people)`);
    // With the audit register, where the quarantine is the first row.
    expect(readdirSync(dir).sort()).toEqual([`${id}.eml`, `${id}.json`, 'register.sqlite']);
    expect(deliveredTo('quarantaine@example.net')).toEqual([]);
    // Reviewed as the relay's user: listed, its register whole.
    const listed = await run(['quarantine', 'list', '--dir', dir, '--lang', 'en'], { env: {} });
    expect(listed.stdout.split('\n')[0]).toMatch(new RegExp(`^${id}  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC  BLOCKED  15,930 people  from `));
    // Released with a reason through Postfix's re-injection listener: delivered once, logged.
    const released = await run(['quarantine', 'release', id as string, '--dir', dir, '--reason', 'avis validé par la DPO', '--next-hop', `127.0.0.1:${ports.reinject}`, '--lang', 'en'], { env: {} });
    expect([released.exitCode, released.stderr]).toEqual([0, '']);
    await waitFor('the released mail at the sink', () => (deliveredTo('quarantaine@example.net').length ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(deliveredTo('quarantaine@example.net')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['register.sqlite']);
    const verified = await run(['quarantine', 'verify', '--dir', dir, '--lang', 'en'], { env: {} });
    expect([verified.exitCode, verified.stderr, verified.stdout.split('\n')[0]]).toEqual([0, '', 'Register whole: 2 row(s), chain checked; 0 kept message(s), each as written in it.']);
    rmSync(parent, { recursive: true });
  });
});

/**
 * The pipe(8) variant in a real Postfix: smtpd with content_filter=scan:dummy -> pipe(8) runs
 * pii-scan pipe as nobody -> the re-injection command hands the message back to Postfix (a second
 * smtpd, no filter) -> the sink. The command is test/helpers/smtp-reinject.mjs, with sendmail's
 * arguments and exit codes: sendmail itself would need the instance named in the system's own
 * /etc/postfix/main.cf, which tests do not write.
 */
describe.skipIf(!POSTFIX_RUNS)('pii-scan pipe behind a real Postfix (pipe(8), re-injection)', () => {
  let sink: Sink;
  let postfix: PostfixInstance;
  const SENDER = 'mairie@commune.example.org';
  const deliveredTo = (rcpt: string) => sink.messages.filter((m) => m.recipients.includes(rcpt));
  const send = async (to: string[], message: Buffer) => {
    const reply = await sendMail(postfix.ports.smtp, { from: SENDER, to }, message);
    expect(reply.code).toBe(250);
    return /queued as ([A-Za-z0-9]+)/.exec(reply.text)?.[1] as string;
  };

  beforeAll(async () => {
    ensurePostfix();
    sink = await startSink();
    const smtp = await freePort();
    const reinjectPort = await freePort();
    const command = `${process.execPath} ${resolve('bin/pii-scan.js')}`;
    const reinject = `${process.execPath} ${resolve('test/helpers/smtp-reinject.mjs')} 127.0.0.1:${reinjectPort}`;
    const reinjectSmtpd = `127.0.0.1:${reinjectPort} inet  n       -       n       -       -       smtpd\n    -o content_filter=\n    -o mynetworks=127.0.0.0/8`;
    postfix = new PostfixInstance({ smtp, sink: sink.port }, { main: '', master: `${pipeMasterCf({ service: `127.0.0.1:${smtp}`, chroot: 'n', command, user: 'nobody', reinject })}\n${reinjectSmtpd}`, ownSmtpd: true });
    postfix.start();
  }, 300_000);

  afterAll(async () => {
    postfix?.destroy();
    await sink?.close();
  });

  it('re-injects a clean mail: every recipient gets it once, with one X-PII-Scan header', async () => {
    await send(['un@example.net', 'deux@example.net'], mail(textBody('Le conseil municipal se réunira jeudi.'), { messageId: 'pipe.clean@example.org' }));
    await waitFor('the clean mail at the sink', () => (deliveredTo('deux@example.net').length && deliveredTo('un@example.net').length ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    const copies = sink.messages.filter((m) => m.content.includes('<pipe.clean@example.org>'));
    expect(copies.map((m) => m.recipients.sort())).toEqual([['deux@example.net', 'un@example.net']]);
    expect(copies[0]?.from).toBe(SENDER);
    expect(copies[0]?.content.toString('latin1').match(/^X-PII-Scan: .*$/gm)).toEqual(['X-PII-Scan: verdict=pass; rule=none; version=0.1.0']);
  });

  it('bounces a customer file with the 5.7.1 line pii-scan prints (exit 69)', async () => {
    const file = toCsv(customerTable(makePeople(20220809, 50)));
    const queueId = await send(['abonnes@example.net'], mail(mixed(textBody('Liste des abonnés.'), attachment('abonnes.csv', file, 'text/csv')), { messageId: 'pipe.leak@example.org' }));
    const logOf = () => postfix.log().split('\n').filter((l) => l.includes(`${queueId}:`)).join('\n');
    const bounced = await waitFor('the bounce in the Postfix log', () => /dsn=.*status=bounced.*/.exec(logOf())?.[0]);
    // pipe(8) takes the status at the start of the output as the DSN code, and the rest as the text.
    expect(bounced).toMatch(/dsn=5\.7\.1, status=bounced \(pii-scan: blocked: abonnes\.csv holds a customer file \(50 people\); send it through a protected share ?\)$/);
    await waitFor('the bounce to the sender', () => (deliveredTo(SENDER).length ? true : undefined));
    expect(deliveredTo('abonnes@example.net')).toEqual([]);
  });
});
