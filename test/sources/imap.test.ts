import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { DOVECOT_RUNS, IMAP_PASSWORD, IMAP_TOKEN, IMAP_USER, startDovecot } from '../helpers/dovecot.js';
import type { Dovecot } from '../helpers/dovecot.js';
import { tempDirs } from '../helpers/temp-dir.js';

const outbox = (name: string) => readFileSync(join('fixtures/outbox', name));
const dirs = tempDirs();

interface JsonMessage {
  source: string;
  mailbox?: { format: string; folder: string; flags: string[]; uid?: number; uidValidity?: string };
  messageId?: string;
  verdict: string;
  people: number;
  findings: unknown[];
  issues: { code: string; detail: string }[];
}

/**
 * The mail a communications officer's account holds: the founding case in Sent (answered), a
 * customer letter and a price list around it, a draft, a reply in INBOX, with dates either side of
 * 1 November 2026 for the server-side filters.
 */
const MAILBOX: { folder: string; file: string; flags: string[]; date: string }[] = [
  { folder: 'Sent', file: 'courrier-client.eml', flags: ['\\Seen'], date: '2026-10-20T09:00:00Z' },
  { folder: 'Sent', file: 'secheresse-abonnes.eml', flags: ['\\Seen', '\\Answered'], date: '2026-11-03T08:30:00Z' },
  { folder: 'Sent', file: 'grille-tarifaire.eml', flags: ['\\Seen'], date: '2026-11-10T14:00:00Z' },
  { folder: 'Drafts', file: 'annuaire-services.eml', flags: ['\\Draft'], date: '2026-11-12T10:00:00Z' },
  { folder: 'INBOX', file: 'reponse-signature.eml', flags: [], date: '2026-11-04T16:00:00Z' },
];

describe.skipIf(!DOVECOT_RUNS)('IMAP, against a real Dovecot on loopback', () => {
  let dovecot: Dovecot;
  let account: string;
  const cli = (argv: string[], env: Record<string, string> = { PII_SCAN_IMAP_PASSWORD: IMAP_PASSWORD }) => run(argv, { env: { LANG: 'en_GB.UTF-8', ...env } });
  const json = async (argv: string[]) => {
    const r = await cli(['--format', 'json', '--ca', dovecot.ca, ...argv]);
    return { ...r, messages: (JSON.parse(r.stdout) as { messages: JsonMessage[] }).messages };
  };
  const client = () => new ImapFlow({ host: '127.0.0.1', port: dovecot.imaps, secure: true, auth: { user: IMAP_USER, pass: IMAP_PASSWORD }, logger: false, tls: { ca: readFileSync(dovecot.ca) } });
  const append = async (entries: typeof MAILBOX) => {
    const c = client();
    await c.connect();
    for (const e of entries) {
      if (e.folder !== 'INBOX') await c.mailboxCreate(e.folder).catch(() => undefined);
      await c.append(e.folder, outbox(e.file), e.flags, new Date(e.date));
    }
    await c.logout();
  };
  /** What the session of one run fetched, from Dovecot's own logout line. */
  const session = async <T>(scan: () => Promise<T>): Promise<{ result: T; bodies: number; bytes: number }> => {
    await dovecot.settled();
    const before = dovecot.logouts().length;
    const result = await scan();
    const line = await dovecot.logout(before);
    return { result, bodies: Number(/fetch_body_count=(\d+)/.exec(line)?.[1]), bytes: Number(/fetch_body_bytes=(\d+)/.exec(line)?.[1]) };
  };

  beforeAll(async () => {
    dovecot = await startDovecot();
    account = `imaps://${IMAP_USER}@127.0.0.1:${dovecot.imaps}`;
    await append(MAILBOX);
  });
  afterAll(() => {
    dovecot?.stop();
    dirs.remove();
  });

  it('finds the founding case by folder and UID, with its flags, and fails the run', async () => {
    const r = await json([`${account}/Sent`]);
    const uidValidity = r.messages[0].mailbox?.uidValidity;
    expect(uidValidity).toMatch(/^\d+$/);
    expect(r.messages.map((m) => [m.source, m.mailbox, m.verdict, m.people])).toEqual([
      [`${account}/Sent;UID=1`, { format: 'imap', folder: 'Sent', flags: ['seen'], uid: 1, uidValidity }, 'pass', 1],
      [`${account}/Sent;UID=2`, { format: 'imap', folder: 'Sent', flags: ['replied', 'seen'], uid: 2, uidValidity }, 'block', 15930],
      [`${account}/Sent;UID=3`, { format: 'imap', folder: 'Sent', flags: ['seen'], uid: 3, uidValidity }, 'pass', 0],
    ]);
    expect([r.exitCode, r.stderr]).toEqual([1, '']);
    const text = await cli(['--ca', dovecot.ca, `${account}/Sent`]);
    expect(text.stdout.split('\n')[1]).toBe(`BLOCKED     ${account}/Sent;UID=2  (replied, seen)`);
  });

  it('gives each message the findings it has from the Maildir on disk and as an .eml file', async () => {
    const byId = (messages: JsonMessage[]) => new Map(messages.map((m) => [m.messageId, m.findings]));
    const imap = byId((await json([`${account}/*`])).messages);
    const maildir = byId((await json([dovecot.maildir])).messages);
    const eml = byId((await json(['fixtures/outbox'])).messages);
    expect(imap.size).toBe(MAILBOX.length);
    for (const [id, findings] of imap) {
      expect([id, maildir.get(id)]).toEqual([id, findings]);
      expect([id, eml.get(id)]).toEqual([id, findings]);
    }
    // The founding case's findings are not empty: the comparison compares something.
    expect(imap.get((await json([`${account}/Sent?larger-than=500K`])).messages[0].messageId)?.length).toBeGreaterThan(0);
  });

  it('filters on the server: since, before, larger-than; a folder glob reads every folder it matches', async () => {
    const uids = async (url: string) => (await json([url])).messages.map((m) => `${m.mailbox?.folder};${m.mailbox?.uid}`);
    expect(await uids(`${account}/Sent?since=2026-11-01`)).toEqual(['Sent;2', 'Sent;3']);
    expect(await uids(`${account}/Sent?before=2026-11-01`)).toEqual(['Sent;1']);
    expect(await uids(`${account}/Sent?larger-than=500K`)).toEqual(['Sent;2']);
    expect((await uids(`${account}/*`)).sort()).toEqual(['Drafts;1', 'INBOX;1', 'Sent;1', 'Sent;2', 'Sent;3']);
    expect((await uids(`${account}/D*?since=2026-11-01`)).sort()).toEqual(['Drafts;1']);
  });

  it('changes nothing on the server: read-only, no message marked seen', async () => {
    await cli(['--ca', dovecot.ca, `${account}/*`]);
    const c = client();
    await c.connect();
    const flags: string[] = [];
    for (const folder of ['INBOX', 'Sent', 'Drafts']) {
      await c.mailboxOpen(folder, { readOnly: true });
      for await (const m of c.fetch('1:*', { uid: true, flags: true }, { uid: true })) flags.push(`${folder};${m.uid};${[...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort().join(' ')}`);
    }
    await c.logout();
    expect(flags).toEqual(['INBOX;1;', 'Sent;1;\\Seen', 'Sent;2;\\Answered \\Seen', 'Sent;3;\\Seen', 'Drafts;1;\\Draft']);
  });

  it('--since-state: a second run on an unchanged folder fetches no message body; a new message is the only one fetched', async () => {
    const state = join(dirs.make(), 'audit.state');
    const { result: first, bodies: firstBodies } = await session(() => json(['--since-state', state, `${account}/Sent`]));
    expect([first.messages.length, first.exitCode, firstBodies]).toEqual([3, 1, 3]);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { imap: Record<string, { lastUid: number }> };
    expect(Object.entries(saved.imap).map(([k, v]) => [k, v.lastUid])).toEqual([[`${account}/Sent`, 3]]);

    const { result: second, bodies: secondBodies } = await session(() => json(['--since-state', state, `${account}/Sent`]));
    expect([second.messages.length, second.exitCode, secondBodies]).toEqual([0, 0, 0]);
    expect(second.stderr).toBe(`pii-scan: note: ${account}/Sent: messages up to UID 3 were scanned by an earlier run (--since-state), not fetched\n`);

    await append([{ folder: 'Sent', file: 'catalogue-produits.eml', flags: ['\\Seen'], date: '2026-11-20T09:00:00Z' }]);
    const { result: third, bodies: thirdBodies } = await session(() => json(['--since-state', state, `${account}/Sent`]));
    expect([third.messages.map((m) => m.mailbox?.uid), thirdBodies]).toEqual([[4], 1]);
  });

  it('--since-state keeps a folder by its filters: a run without them scans what a filtered run left out', async () => {
    const state = join(dirs.make(), 'audit.state');
    // Since 1 November: the founding case and what came after, not the letter of 20 October (UID 1).
    const filtered = await json(['--since-state', state, `${account}/Sent?since=2026-11-01`]);
    expect(filtered.messages.map((m) => m.mailbox?.uid)).not.toContain(1);
    const all = await json(['--since-state', state, `${account}/Sent`]);
    expect(all.messages.map((m) => m.mailbox?.uid)[0]).toBe(1);
    expect(all.stderr).not.toContain('were scanned by an earlier run');
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { imap: Record<string, { lastUid: number }> };
    expect(Object.keys(saved.imap)).toEqual([`${account}/Sent`, `${account}/Sent?since=2026-11-01`]);
    // The same filters again: nothing new to fetch, and the note names them.
    const again = await json(['--since-state', state, `${account}/Sent?since=2026-11-01`]);
    expect([again.messages.length, again.stderr]).toEqual([0, `pii-scan: note: ${account}/Sent?since=2026-11-01: messages up to UID ${saved.imap[`${account}/Sent?since=2026-11-01`].lastUid} were scanned by an earlier run (--since-state), not fetched\n`]);
  });

  it('a message over the size limit is fetched by its head only and reported too large', async () => {
    const cwd = dirs.make({ 'limits.yml': 'limits:\n  maxMessageBytes: 1 MiB\n' });
    const { result: r, bytes } = await session(() => json(['--config', join(cwd, 'limits.yml'), `${account}/Sent?since=2026-11-01&before=2026-11-05`]));
    expect(r.messages.map((m) => [m.mailbox?.uid, m.verdict, m.issues.map((i) => i.code)])).toEqual([[2, 'unscannable', ['too-large']]]);
    // The message is 1.3 MB; its first 64 KiB were sent (with Dovecot's count of what it parsed to serve them).
    expect(bytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(bytes).toBeLessThan(128 * 1024);
  });

  it('a message the server cannot read is an issue on that message; the rest are scanned', async () => {
    const folder = join(dovecot.maildir, '.Drafts');
    const files = ['cur', 'new'].flatMap((sub) => readdirSync(join(folder, sub)).map((f) => join(folder, sub, f)));
    expect(files.length).toBe(1);
    await append([{ folder: 'Drafts', file: 'courrier-client.eml', flags: [], date: '2026-11-13T10:00:00Z' }]);
    chmodSync(files[0], 0o000);
    try {
      const r = await json([`${account}/Drafts`]);
      expect(r.messages.map((m) => [m.mailbox?.uid, m.verdict, m.issues.map((i) => `${i.code}: ${i.detail}`)])).toEqual([
        [1, 'unscannable', ['truncated: the server could not send this message (it failed reading it): not scanned']],
        [2, 'pass', []],
      ]);
      expect(r.exitCode).toBe(2);
    } finally {
      chmodSync(files[0], 0o644);
    }
  });

  it('logs in with an OAuth2 token (XOAUTH2) from PII_SCAN_IMAP_TOKEN; a token the provider refuses is one line, exit 3', async () => {
    const r = await cli(['--format', 'json', '--ca', dovecot.ca, `${account}/INBOX`], { PII_SCAN_IMAP_TOKEN: IMAP_TOKEN });
    expect([r.exitCode, (JSON.parse(r.stdout) as { messages: JsonMessage[] }).messages.map((m) => m.source)]).toEqual([0, [`${account}/INBOX;UID=1`]]);
    const refused = await cli(['--ca', dovecot.ca, `${account}/INBOX`], { PII_SCAN_IMAP_TOKEN: 'expired' });
    expect([refused.exitCode, refused.stdout, refused.stderr]).toEqual([3, '', `pii-scan: ${account}: login refused: wrong user name, password or token\n`]);
  });

  it('imap:// upgrades with STARTTLS on loopback', async () => {
    const r = await json([`imap://${IMAP_USER}@127.0.0.1:${dovecot.imap}/INBOX`]);
    expect([r.messages.map((m) => m.source), r.exitCode]).toEqual([[`imap://${IMAP_USER}@127.0.0.1:${dovecot.imap}/INBOX;UID=1`], 0]);
  });

  it('fails in one line with exit 3: bad password, untrusted certificate, no such folder, password in the address, no password, no server', async () => {
    const failing = async (argv: string[], env?: Record<string, string>) => {
      const r = await cli(argv, env);
      return [r.exitCode, r.stdout, r.stderr];
    };
    expect(await failing(['--ca', dovecot.ca, `${account}/Sent`], { PII_SCAN_IMAP_PASSWORD: 'wrong' })).toEqual([3, '', `pii-scan: ${account}: login refused: wrong user name, password or token\n`]);
    expect(await failing([`${account}/Sent`])).toEqual([3, '', `pii-scan: ${account}: the server's certificate is not signed by an authority this machine trusts: give its authority's certificate with --ca FILE\n`]);
    expect(await failing(['--ca', dovecot.ca, `${account}/Envoyés`])).toEqual([3, '', `pii-scan: ${account}: no folder "Envoyés" (folders: Drafts, INBOX, Sent)\n`]);
    expect(await failing(['--ca', dovecot.ca, `imaps://${IMAP_USER}:secret@127.0.0.1:${dovecot.imaps}/Sent`])).toEqual([
      3,
      '',
      `pii-scan: imaps://${IMAP_USER}@127.0.0.1:${dovecot.imaps}: a password in the address is refused (it would be seen in the process list and the shell's history): set PII_SCAN_IMAP_PASSWORD, or type it when asked\n`,
    ]);
    expect(await failing(['--ca', dovecot.ca, `${account}/Sent`], {})).toEqual([3, '', `pii-scan: ${account}: no password: set PII_SCAN_IMAP_PASSWORD (or PII_SCAN_IMAP_TOKEN for an OAuth2 token), or run from a terminal to be asked\n`]);
    const closed = `imaps://${IMAP_USER}@127.0.0.1:1`;
    expect(await failing([`${closed}/Sent`])).toEqual([3, '', `pii-scan: ${closed}: connection refused (is an IMAP server listening on that port?)\n`]);
    const notPem = join(dirs.make(), 'ca.txt');
    writeFileSync(notPem, 'not a certificate\n');
    expect(await failing(['--ca', notPem, `${account}/Sent`])).toEqual([3, '', `pii-scan: --ca ${notPem}: not a PEM certificate (-----BEGIN CERTIFICATE-----)\n`]);
  });
});
