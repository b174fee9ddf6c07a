import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { quarantinePurge } from '../../src/cli/quarantine-command.js';
import { startSink } from '../helpers/smtp.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { quarantineMessage } from '../../src/relay/quarantine.js';
import { openQuarantine } from '../../src/relay/quarantine-review.js';
import { AuditRegister, REGISTER_FILE } from '../../src/relay/audit-register.js';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { reportMessage } from '../../src/report/build-report.js';
import { scanMessage } from '../../src/scan-message.js';

/** The founding case, kept by the relay as filter-message.ts keeps it: the message, and its masked report beside it. */
const FOUNDING = 'fixtures/outbox/secheresse-abonnes.eml';
const ID = '20220808T081500Z-0a1b2c3d';
let dir: string;
let raw: Buffer;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'pii-scan-q-')), 'quarantine');
  const { prepareQuarantine } = await import('../../src/relay/quarantine.js');
  await prepareQuarantine(dir);
  raw = readFileSync(FOUNDING);
  const result = await scanMessage({ source: 'smtp', kind: 'message', name: 'message', content: raw }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
  const report = reportMessage(result, { lang: 'en', showData: false });
  const envelope = { from: 'service.clients@eau-des-collines.example.org', recipients: ['abonne1@example.net', 'abonne2@example.net', 'abonne3@example.net'] };
  await quarantineMessage(dir, raw, { received: '2022-08-08T08:15:02.000Z', envelope, reason: 'blocked: customer file (15,930 people)', report }, ID);
});

const cli = (argv: string[]) => run(['quarantine', ...argv], { env: {} });

describe('pii-scan quarantine list and show', () => {
  it('list: one line per kept message, masked, then the count', async () => {
    const r = await cli(['list', '--dir', dir, '--lang', 'en']);
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: `${ID}  2022-08-08 08:15 UTC  BLOCKED  15,930 people  from ser***@***.org to 3 recipient(s)  Restrictions d'eau : arrêté sécheresse du 5 août 2022\n1 message(s) in quarantine\n`,
    });
  });

  it('show: the masked report, the envelope and the reason, never the message', async () => {
    const r = await cli(['show', ID, '--dir', dir, '--lang', 'en']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').slice(0, 6)).toEqual([
      'Received: 2022-08-08 08:15 UTC',
      'Envelope: from ser***@***.org to 3 recipient(s)',
      'Reason: blocked: customer file (15,930 people)',
      `BLOCKED     ${ID}`,
      "            Subject: Restrictions d'eau : arrêté sécheresse du 5 août 2022 — From: ser***@***.org — Date: 2022-08-08 08:14 UTC",
      '            clients_secheresse.xlsx#Abonnés: 15,930 rows, columns Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> customer file (15,930 people)',
    ]);
    // Nothing of the mail itself: not its body, not a recipient, not the sender whole.
    const body = raw.toString('latin1');
    expect(body).toContain('Madame, Monsieur');
    expect(r.stdout).not.toContain('Madame, Monsieur');
    expect(r.stdout).not.toContain('abonne1@');
    expect(r.stdout).not.toContain('service.clients@');
  });

  it('in French', async () => {
    const r = await cli(['list', '--dir', dir, '--lang', 'fr']);
    expect(r.stdout.split('\n')[1]).toBe('1 message(s) en quarantaine');
    expect(r.stdout).toContain('BLOQUÉ  15 930 personnes  de ser***@***.org à 3 destinataire(s)');
  });

  it('refuses, in one sentence and exit 3: a folder open to others, an unknown id, a bad id, no folder at all', async () => {
    chmodSync(dir, 0o755);
    const open = await cli(['list', '--dir', dir]);
    chmodSync(dir, 0o700);
    expect([open.exitCode, open.stdout, open.stderr]).toEqual([3, '', `pii-scan: quarantine ${dir} is open to others (mode 755): it must be 700, as the relay makes it, before it is reviewed\n`]);
    const unknown = await cli(['show', '20220808T081500Z-ffffffff', '--dir', dir]);
    expect([unknown.exitCode, unknown.stderr]).toEqual([3, `pii-scan: no message 20220808T081500Z-ffffffff in the quarantine ${dir}\n`]);
    const bad = await cli(['show', '../etc/passwd', '--dir', dir]);
    expect([bad.exitCode, bad.stderr]).toEqual([3, 'pii-scan: ../etc/passwd is not a quarantine id (such as 20260805T073000Z-1a2b3c4d): see pii-scan quarantine list\n']);
    const none = await run(['quarantine', 'list', '--config', join(dir, '..', 'none.yml')], { env: {} });
    expect(none.exitCode).toBe(3);
  });

  it('refuses a folder that belongs to another user', async () => {
    const uid = process.getuid?.() ?? 0;
    await expect(openQuarantine(dir, uid + 1)).rejects.toThrow(`quarantine ${dir} belongs to another user (uid ${uid}): run the review as the user the relay runs as`);
    await expect(openQuarantine(dir, uid)).resolves.toBe(dir);
  });

  it('the register: the quarantine and each view appended with the message digest, verify whole (0) then broken (1)', async () => {
    await cli(['show', ID, '--dir', dir, '--lang', 'en']);
    const register = AuditRegister.open(dir);
    const rows = register.rows();
    register.close();
    const digest = createHash('sha256').update(raw).digest('hex');
    expect(rows[0]).toMatchObject({ seq: 1, action: 'quarantine', id: ID, digest, kind: 'customer-file', people: 15930, reason: 'blocked: customer file (15,930 people)' });
    expect(rows.slice(1).every((r) => r.action === 'view' && r.id === ID && r.digest === digest)).toBe(true);
    const whole = await cli(['verify', '--dir', dir, '--lang', 'en']);
    const last = rows[rows.length - 1];
    expect(whole).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: `Register whole: ${rows.length} row(s), chain checked; 1 kept message(s), each as written in it.\nLast row ${last.seq}, hash ${last.hash}: note it elsewhere, and give it to a later verify (--last-hash) to tell rows cut from the end.\n`,
    });
    expect((await cli(['verify', '--dir', dir, '--last-hash', last.hash])).exitCode).toBe(0);
    const db = new Database(join(dir, REGISTER_FILE));
    db.prepare("UPDATE register SET reason = 'released' WHERE seq = 1").run();
    db.close();
    const broken = await cli(['verify', '--dir', dir, '--lang', 'fr']);
    expect(broken).toEqual({ exitCode: 1, stderr: '', stdout: 'Registre rompu à la ligne 1 : son contenu a été modifié après son écriture.\n' });
    // Put back as it was written: the chain is whole again (the tests below go on with it).
    const restore = new Database(join(dir, REGISTER_FILE));
    restore.prepare("UPDATE register SET reason = 'blocked: customer file (15,930 people)' WHERE seq = 1").run();
    restore.close();
    expect((await cli(['verify', '--dir', dir])).exitCode).toBe(0);
  });

  it('release: sent once to the envelope through the next hop, the report kept out of the way first, logged; a second release finds nothing', async () => {
    const id = '20220809T090000Z-11112222';
    const envelope = { from: 'service.clients@eau-des-collines.example.org', recipients: ['abonne1@example.net'] };
    const report = JSON.parse(readFileSync(join(dir, `${ID}.json`), 'utf8')).report;
    await quarantineMessage(dir, raw, { received: '2022-08-09T09:00:00.000Z', envelope, reason: 'blocked', report }, id);
    const sink = await startSink();
    try {
      const refused = await cli(['release', id, '--dir', dir]);
      expect([refused.exitCode, refused.stderr]).toEqual([3, 'pii-scan: quarantine release: give --reason "why" (it is kept in the register)\n']);
      const r = await cli(['release', id, '--dir', dir, '--lang', 'en', '--reason', 'avis validé par la DPO', '--next-hop', `127.0.0.1:${sink.port}`]);
      expect([r.exitCode, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(new RegExp(`^${id} released to 127\\.0\\.0\\.1:${sink.port}: 250 `));
      expect(sink.messages.map((m) => [m.from, m.recipients, m.content.equals(raw)])).toEqual([[envelope.from, envelope.recipients, true]]);
      expect(existsSync(join(dir, `${id}.eml`)) || existsSync(join(dir, `${id}.json`))).toBe(false);
      const again = await cli(['release', id, '--dir', dir, '--reason', 'twice', '--next-hop', `127.0.0.1:${sink.port}`]);
      expect([again.exitCode, again.stderr, sink.messages.length]).toEqual([3, `pii-scan: no message ${id} in the quarantine ${dir}\n`, 1]);
    } finally {
      await sink.close();
    }
    const register = AuditRegister.open(dir);
    const last = register.rows().at(-1);
    register.close();
    expect(last).toMatchObject({ action: 'release', id, reason: 'avis validé par la DPO', kind: 'customer-file', people: 15930 });
  });

  it('release refused by the next hop: the message stays, nothing logged as released', async () => {
    const id = '20220809T091000Z-33334444';
    const report = JSON.parse(readFileSync(join(dir, `${ID}.json`), 'utf8')).report;
    await quarantineMessage(dir, raw, { received: '2022-08-09T09:10:00.000Z', envelope: { from: 'a@example.org', recipients: ['refuse@example.net'] }, reason: 'blocked', report }, id);
    const sink = await startSink((rcpt) => rcpt.startsWith('refuse'));
    try {
      const r = await cli(['release', id, '--dir', dir, '--reason', 'essai', '--next-hop', `127.0.0.1:${sink.port}`]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`^pii-scan: quarantine ${id} not released: the next hop 127\\.0\\.0\\.1:${sink.port} refused it \\(.*\\); it stays in quarantine\\n$`));
    } finally {
      await sink.close();
    }
    expect(existsSync(join(dir, `${id}.eml`)) && existsSync(join(dir, `${id}.json`))).toBe(true);
    const register = AuditRegister.open(dir);
    expect(register.rows().filter((row) => row.id === id).map((row) => row.action)).toEqual(['quarantine']);
    register.close();
  });

  it('delete and purge: the messages removed, each with its row; the chain still whole', async () => {
    const report = JSON.parse(readFileSync(join(dir, `${ID}.json`), 'utf8')).report;
    const old = '20220101T000000Z-55556666';
    await quarantineMessage(dir, raw, { received: '2022-01-01T00:00:00.000Z', envelope: { from: 'a@example.org', recipients: ['b@example.net'] }, reason: 'blocked', report }, old);
    const deleted = await cli(['delete', '20220809T091000Z-33334444', '--dir', dir, '--reason', 'doublon', '--lang', 'en']);
    expect(deleted).toEqual({ exitCode: 0, stderr: '', stdout: '20220809T091000Z-33334444 deleted.\n' });
    const bad = await cli(['purge', '--older-than', '30 days', '--dir', dir]);
    expect([bad.exitCode, bad.stderr]).toEqual([3, 'pii-scan: --older-than 30 days: expected a number of days or hours, such as 30d or 12h\n']);
    // Only the message kept since January is older than 200 days (the founding case came in August).
    const purged = await quarantinePurge({ dir, lang: 'en', cwd: process.cwd(), olderThan: '200d' }, new Date('2022-08-10T00:00:00Z'));
    expect(purged).toBe('1 message(s) purged.\n');
    expect(existsSync(join(dir, `${old}.eml`))).toBe(false);
    expect(existsSync(join(dir, `${ID}.eml`))).toBe(true);
    const register = AuditRegister.open(dir);
    const rows = register.rows();
    expect(rows.slice(-2).map((row) => [row.action, row.reason])).toEqual([['delete', 'doublon'], ['purge', 'purge --older-than 200d']]);
    expect(register.verify()).toEqual({ ok: true, rows: rows.length });
    register.close();
  });

  it('show --show-data: only with a reason; the values read again from the message, the view with values in the register', async () => {
    const refused = await cli(['show', ID, '--dir', dir, '--show-data']);
    expect([refused.exitCode, refused.stdout, refused.stderr]).toEqual([3, '', 'pii-scan: quarantine show --show-data: give --reason "why" (it is kept in the register)\n']);
    const r = await cli(['show', ID, '--dir', dir, '--lang', 'en', '--show-data', '--reason', 'plainte de l’abonné n° 4471']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('              values: JULIEN, Isabeau, 47 boulevard La Boétie, 83120');
    const register = AuditRegister.open(dir);
    expect(register.rows().at(-1)).toMatchObject({ action: 'view-values', id: ID, reason: 'plainte de l’abonné n° 4471' });
    register.close();
  });

  it('register export: CSV and HTML rows since a date, the chain status, no personal value', async () => {
    const csv = await cli(['register', '--dir', dir, '--lang', 'en', '--format', 'csv', '--since', '2000-01-01']);
    expect(csv.exitCode).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('\ufeffseq,at,who,action,id,digest,kind,people,reason,hash');
    const register = AuditRegister.open(dir);
    const rows = register.rows();
    register.close();
    expect(lines.length - 2).toBe(rows.length);
    expect(lines[1]).toMatch(new RegExp(`^1,\\d{4}-\\d{2}-\\d{2}T[^,]+,[^,]+,quarantine,${ID},[0-9a-f]{64},customer-file,15930,"blocked: customer file \\(15,930 people\\)",${rows[0].hash}$`));
    // The last row's hash, in the officer's copy: what a later verify is given to tell rows cut from the end.
    expect(lines[rows.length].endsWith(`,${rows[rows.length - 1].hash}`)).toBe(true);
    expect((await cli(['verify', '--dir', dir, '--last-hash', lines[rows.length].split(',').pop() as string])).exitCode).toBe(0);
    // From a day to come: the header alone.
    const future = await cli(['register', '--dir', dir, '--since', '2999-01-01']);
    expect(future.stdout.split('\r\n').filter(Boolean)).toHaveLength(1);
    const html = await cli(['register', '--dir', dir, '--lang', 'fr', '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(html.stdout).toContain(`<p class="whole">chaîne intacte (${rows.length} lignes, dernière ligne ${rows.length}, hachage ${rows[rows.length - 1].hash})</p>`);
    expect((html.stdout.match(/<tr><td>/g) ?? []).length).toBe(rows.length);
    expect(html.stdout).not.toMatch(/<(script|link|img)\b|https?:/);
    expect(csv.stdout + html.stdout).not.toContain('service.clients@');
    const bad = await cli(['register', '--dir', dir, '--since', 'hier']);
    expect([bad.exitCode, bad.stderr]).toEqual([3, 'pii-scan: --since hier: expected a date such as 2026-11-01\n']);
  });
});

describe('pii-scan quarantine verify: rows cut from the end and kept messages changed', () => {
  const A = '20220810T100000Z-aaaa0001';
  const B = '20220810T100500Z-bbbb0002';
  const mail = (n: string) => Buffer.from(`From: a@example.org\r\nTo: b@example.org\r\nSubject: ${n}\r\n\r\nBonjour ${n}\r\n`);

  /** A fresh quarantine holding A then B, each kept as the relay keeps it (files, then the register's row). */
  async function twoKept(): Promise<string> {
    const { prepareQuarantine } = await import('../../src/relay/quarantine.js');
    const folder = join(mkdtempSync(join(tmpdir(), 'pii-scan-qv-')), 'quarantine');
    await prepareQuarantine(folder);
    for (const id of [A, B]) {
      const result = await scanMessage({ source: 'smtp', kind: 'message', name: 'message', content: mail(id) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
      await quarantineMessage(folder, mail(id), { received: '2022-08-10T10:00:00.000Z', envelope: { from: 'a@example.org', recipients: ['b@example.org'] }, reason: 'blocked', report: reportMessage(result, { lang: 'en', showData: false }) }, id);
    }
    return folder;
  }

  it('a kept message whose quarantine row was cut from the end: exit 1 naming it; the last hash noted tells the cut too', async () => {
    const folder = await twoKept();
    const whole = await cli(['verify', '--dir', folder, '--lang', 'en']);
    const noted = /hash ([0-9a-f]{64}):/.exec(whole.stdout)?.[1] as string;
    expect([whole.exitCode, whole.stdout.split('\n')[0]]).toEqual([0, 'Register whole: 2 row(s), chain checked; 2 kept message(s), each as written in it.']);
    const db = new Database(join(folder, REGISTER_FILE));
    db.prepare('DELETE FROM register WHERE seq = 2').run();
    db.close();
    // What is left is a whole chain of one row: only the kept message B, or the hash noted, tells.
    expect(await cli(['verify', '--dir', folder, '--lang', 'en'])).toEqual({
      exitCode: 1,
      stderr: '',
      stdout: `Register broken: message ${B} is kept but its quarantine is not in the register (rows cut from its end, or the relay stopped before writing it).\n`,
    });
    expect(await cli(['verify', '--dir', folder, '--lang', 'fr', '--last-hash', noted.toUpperCase()])).toEqual({
      exitCode: 1,
      stderr: '',
      stdout: `Registre rompu : aucune ligne n'a le hachage noté (${noted.slice(0, 12)}…) : des lignes ont été retirées de sa fin, ou le registre a été remplacé.\n`,
    });
  });

  it('a kept message changed after it was kept: exit 1 naming it', async () => {
    const folder = await twoKept();
    writeFileSync(join(folder, `${A}.eml`), mail('changed'));
    expect(await cli(['verify', '--dir', folder, '--lang', 'en'])).toEqual({ exitCode: 1, stderr: '', stdout: `Register broken: message ${A} was changed after it was kept (its SHA-256 is no longer the register's).\n` });
  });

  it('refuses a --last-hash that is no hash, in one sentence and exit 3', async () => {
    const folder = await twoKept();
    const r = await cli(['verify', '--dir', folder, '--last-hash', 'abc']);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([3, '', 'pii-scan: quarantine verify: --last-hash abc is not a row\'s hash (64 hexadecimal digits, as verify prints it)\n']);
  });
});
