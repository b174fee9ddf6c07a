import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { CUSTOMER_COLUMNS } from '../helpers/expected.js';

/** Runs the CLI in process, with a fixed environment, and hides the run time of the summary line. */
async function cli(argv: string[], env: Record<string, string> = { LANG: 'en_GB.UTF-8' }, stdin?: Readable) {
  const result = await run(argv, { env, stdin });
  return { ...result, stdout: result.stdout.replace(/\((\d+[.,])?\d+ s\)/, '(T s)') };
}

describe('pii-scan on the sample outbox (transcripts)', () => {
  it('reports one blocked message and five passing ones, in English', async () => {
    const { exitCode, stdout, stderr } = await cli(['fixtures/outbox/']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(1);
    expect(stdout).toBe(
      [
        'OK          fixtures/outbox/annuaire-services.eml  (personal data: 40 phone numbers)',
        'OK          fixtures/outbox/catalogue-produits.eml',
        'OK          fixtures/outbox/courrier-client.eml  (personal data: 1 full name, 1 customer number, 1 postal address, 1 postal code, 1 phone number)',
        'OK          fixtures/outbox/grille-tarifaire.eml',
        'OK          fixtures/outbox/reponse-signature.eml  (personal data: 1 full name, 1 postal address, 1 postal code, 2 phone numbers, 1 e-mail)',
        'BLOCKED     fixtures/outbox/secheresse-abonnes.eml',
        // How to find the mail again: its subject, its sender (masked as values are) and its date.
        "            Subject: Restrictions d'eau : arrêté sécheresse du 5 août 2022 — From: ser***@***.org — Date: 2022-08-08 08:14 UTC",
        '            clients_secheresse.xlsx#Abonnés: 15,930 rows, columns Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> customer file (15,930 people)',
        '            What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.',
        '',
        '6 message(s): 1 blocked, 0 warned, 0 unreadable, 5 OK (T s)',
        'Do not send: 1 message.',
        '',
      ].join('\n'),
    );
  });

  it('speaks French when LANG says so, with French number formats', async () => {
    const { exitCode, stdout } = await cli(['fixtures/outbox/secheresse-abonnes.eml'], { LANG: 'fr_FR.UTF-8' });
    expect(exitCode).toBe(1);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'BLOQUÉ     fixtures/outbox/secheresse-abonnes.eml',
      "           Objet : Restrictions d'eau : arrêté sécheresse du 5 août 2022 — De : ser***@***.org — Date : 2022-08-08 08:14 UTC",
      '           clients_secheresse.xlsx#Abonnés : 15 930 lignes, colonnes Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> fichier client (15 930 personnes)',
    ]);
    expect(stdout).toContain('1 message(s) : 1 bloqué(s), 0 avertissement(s), 0 illisible(s), 0 OK (T s)\nÀ ne pas envoyer : 1 message.\n');
  });

  it('--lang overrides LANG', async () => {
    const { stdout } = await cli(['--lang', 'en', 'fixtures/outbox/grille-tarifaire.eml'], { LANG: 'fr_FR.UTF-8' });
    expect(stdout).toBe('OK          fixtures/outbox/grille-tarifaire.eml\n\n1 message(s): 0 blocked, 0 warned, 0 unreadable, 1 OK (T s)\nNothing to stop: the message can go.\n');
  });
});

describe('--show-data in the text report', () => {
  it('prints each finding\'s values whole under it, and the sender whole; without it, neither', async () => {
    const shown = await cli(['--show-data', 'fixtures/outbox/secheresse-abonnes.eml']);
    const lines = shown.stdout.split('\n');
    expect(lines[1]).toContain('From: service.clients@eau-des-collines.example.org');
    expect(lines[3]).toBe('              values: JULIEN, Isabeau, 47 boulevard La Boétie, 83120');
    const hidden = await cli(['fixtures/outbox/secheresse-abonnes.eml']);
    expect(hidden.stdout).not.toContain('values:');
    expect(hidden.stdout).not.toContain('JULIEN');
    expect(hidden.stdout).not.toContain('service.clients@');
  });
});

describe('JSON report (the public contract)', () => {
  it('describes the founding case with masked samples', async () => {
    const { exitCode, stdout } = await cli(['--format', 'json', 'fixtures/outbox/secheresse-abonnes.eml']);
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.tool).toEqual({ name: 'pii-scan', version: '0.1.0' });
    expect(report.verdict).toBe('block');
    expect(report.summary).toMatchObject({ messages: 1, blocked: 1, warned: 0, unscannable: 0, passed: 0, bytes: 1282427 });
    const [message] = report.messages;
    expect(message).toMatchObject({ source: 'fixtures/outbox/secheresse-abonnes.eml', verdict: 'block', rule: 'people', people: 15930 });
    expect(message.index).toBeUndefined();
    expect(message.issues).toEqual([]);
    expect(message.parts).toEqual([
      { where: 'clients_secheresse.xlsx', type: 'xlsx', bytes: 933118, status: 'scanned' },
      { where: 'body/text', type: 'text', bytes: 1201, status: 'scanned' },
      { where: 'body/html', type: 'html', bytes: 2612, status: 'scanned' },
    ]);
    const file = message.findings[0];
    expect(file).toMatchObject({ kind: 'customer-file', where: 'clients_secheresse.xlsx#Abonnés', rows: 15930, people: 15930, severity: 'high' });
    expect(file.columns).toEqual(CUSTOMER_COLUMNS);
    expect(file.entities).toEqual({ 'last-name': 15930, 'first-name': 15930, 'postal-address': 15930, 'postal-code': 15930, city: 15930, 'customer-id': 15930, email: 14739 });
    expect(file.reasons).toEqual(['15,930 rows, 15,930 people with surnames, first names, postal addresses, e-mails and subscriber or customer numbers']);
    expect(file.samples).toHaveLength(4);
    for (const sample of file.samples) expect(sample).toMatch(/^.{1,3}\*\*\*/);
    // The signature phone in the drought notice is a low finding, listed but not what blocks.
    expect(message.findings.slice(1).map((f: { where: string; severity: string; entities: object }) => [f.where, f.severity, f.entities])).toEqual([
      ['body/text', 'low', { phone: 1 }],
      ['body/html', 'low', { phone: 1 }],
    ]);
  });

  it('prints values whole only with --show-data', async () => {
    const masked = await cli(['--format', 'json', 'fixtures/outbox/reponse-signature.eml']);
    const shown = await cli(['--format', 'json', '--show-data', 'fixtures/outbox/reponse-signature.eml']);
    const samples = (out: string) => JSON.parse(out).messages[0].findings[0].samples as string[];
    const raw = samples(shown.stdout);
    expect(raw.some((s) => s.includes('*'))).toBe(false);
    expect(samples(masked.stdout)).toHaveLength(raw.length);
    samples(masked.stdout).forEach((m, i) => {
      expect(m).toContain('*');
      expect(m).not.toBe(raw[i]);
    });
  });

  it('gives the same exit code whatever the format', async () => {
    for (const file of ['fixtures/outbox/secheresse-abonnes.eml', 'fixtures/bad/truncated.xlsx', 'fixtures/outbox/courrier-client.eml']) {
      const codes = await Promise.all(['text', 'json'].map(async (format) => (await cli(['--format', format, file])).exitCode));
      expect(new Set(codes).size).toBe(1);
    }
  });
});

describe('the same customer table in other formats', () => {
  it.each(['fixtures/leaks/secheresse-csv-utf8.eml', 'fixtures/leaks/secheresse-csv-cp1252.eml'])('%s is blocked with the same finding as the XLSX', async (file) => {
    const { exitCode, stdout } = await cli(['--format', 'json', file]);
    expect(exitCode).toBe(1);
    const finding = JSON.parse(stdout).messages[0].findings[0];
    expect(finding).toMatchObject({ kind: 'customer-file', where: 'clients_secheresse.csv', rows: 15930, people: 15930 });
    expect(finding.entities).toEqual({ 'last-name': 15930, 'first-name': 15930, 'postal-address': 15930, 'postal-code': 15930, city: 15930, 'customer-id': 15930, email: 14739 });
  });
});

describe('bad input: one clear line, the right exit code, never a stack trace', () => {
  const one = (s: string) => s.trimEnd().split('\n');

  it.each([
    [['fixtures/nope.eml'], 3, 'pii-scan: fixtures/nope.eml: no such file or directory'],
    [['--bogus', 'x'], 3, "pii-scan: unknown option '--bogus' (see pii-scan --help)"],
    [['--format', 'xml', 'x'], 3, "pii-scan: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, ndjson, sarif, junit, csv, html. (see pii-scan --help)"],
    [['--min-people', '0', 'x'], 3, "pii-scan: option '--min-people <n>' argument '0' is invalid. expected a whole number from 1 to 10,000,000 (see pii-scan --help)"],
    [[], 3, "pii-scan: missing required argument 'paths' (see pii-scan --help)"],
  ])('pii-scan %j exits %i', async (argv, code, line) => {
    const { exitCode, stdout, stderr } = await cli(argv);
    expect(exitCode).toBe(code);
    expect(stdout).toBe('');
    expect(one(stderr)).toEqual([line]);
  });

  it.each([
    ['fixtures/bad/not-mail.png', 'not-mail.png', 'unsupported'],
    ['fixtures/bad/truncated.xlsx', 'truncated.xlsx', 'truncated'],
    ['fixtures/bad/truncated-xlsx.eml', 'clients.xlsx', 'truncated'],
  ])('%s is unscannable (exit 2) with issue %s', async (file, where, code) => {
    const { exitCode, stdout, stderr } = await cli(['--format', 'json', file]);
    expect(stderr).toBe('');
    expect(exitCode).toBe(2);
    const message = JSON.parse(stdout).messages[0];
    expect(message.verdict).toBe('unscannable');
    expect(message.issues.map((i: { where: string; code: string }) => [i.where, i.code])).toEqual([[where, code]]);
  });

  it('a corrupt CSV that holds customers is blocked and its damage reported', async () => {
    const { exitCode, stdout } = await cli(['--format', 'json', 'fixtures/bad/corrupt.csv']);
    expect(exitCode).toBe(1);
    const message = JSON.parse(stdout).messages[0];
    expect(message.issues.map((i: { code: string }) => i.code)).toEqual(['corrupt']);
    expect(message.people).toBeGreaterThanOrEqual(10);
  });

  it('a corrupt CSV with no personal data is unscannable, not clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    writeFileSync(join(dir, 'tarifs.csv'), 'Prestation;Prix HT\nAbonnement;12,50\n"Relevé spécial;30,00\nPose compteur;80,00\n');
    const { exitCode, stdout } = await cli(['--format', 'json', join(dir, 'tarifs.csv')]);
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout).messages[0].issues).toEqual([{ code: 'corrupt', where: 'tarifs.csv', detail: 'unclosed quote near row 3: the rest of the file may be read as one field', detailCode: 'unclosed-quote' }]);
  });

  it('an empty file passes with a note on stderr (the contract: empty input passes)', async () => {
    const { exitCode, stdout, stderr } = await cli(['fixtures/bad/empty.eml']);
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')[0]).toBe('OK          fixtures/bad/empty.eml');
    expect(stderr).toBe('pii-scan: note: fixtures/bad/empty.eml is empty: nothing to scan\n');
  });

  it('a path that is not a regular file (a socket) is refused with exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    const socket = join(dir, 'relay.sock');
    const server = createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { exitCode, stderr } = await cli([socket]);
      expect(exitCode).toBe(3);
      expect(stderr).toBe(`pii-scan: ${socket}: not a regular file (socket, device or pipe)\n`);
    } finally {
      server.close();
    }
  });
});

describe('standard input, help and version', () => {
  it('reads one message from stdin with -', async () => {
    const mail = Readable.from([Buffer.from('From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\n\r\nBonjour,\r\n\r\nMme Jeanne Morel, contrat n\u00b0 0835154188, 12 rue des Lilas, 83400 Hy\u00e8res.\r\n')]);
    const { exitCode, stdout } = await cli(['--format', 'json', '-'], { LANG: 'C' }, mail);
    expect(exitCode).toBe(0);
    const message = JSON.parse(stdout).messages[0];
    expect(message).toMatchObject({ source: '-', verdict: 'pass', people: 1 });
    expect(message.findings.map((f: { kind: string }) => f.kind)).toEqual(['person-record']);
  });

  it('prints its version and help with exit 0', async () => {
    expect(await cli(['--version'])).toEqual({ exitCode: 0, stdout: '0.1.0\n', stderr: '' });
    const help = await cli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: pii-scan [options] [command]');
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const esc = String.fromCharCode(27);
    const tty = await run(['fixtures/outbox/grille-tarifaire.eml'], { env: {}, stdoutIsTTY: true });
    const noColor = await run(['fixtures/outbox/grille-tarifaire.eml'], { env: { NO_COLOR: '1' }, stdoutIsTTY: true });
    expect(tty.stdout.includes(esc)).toBe(true);
    expect(noColor.stdout.includes(esc)).toBe(false);
  });
});

describe('a run that reads nothing', () => {
  it('says so, in English and French, and names the hidden entries it passed over', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-nothing-'));
    mkdirSync(join(dir, '.brouillons'));
    writeFileSync(join(dir, '.brouillons', 'liste.eml'), 'x');
    const en = await run([dir], { env: { LANG: 'en_GB.UTF-8' } });
    expect([en.exitCode, en.stdout, en.stderr]).toEqual([0, '\nNo message found: nothing was scanned.\n', `pii-scan: note: ${dir}: 1 hidden entry (name starting with a dot) not read\n`]);
    const fr = await run(['--lang', 'fr', dir], { env: {} });
    expect(fr.stdout).toBe("\nAucun message trouvé : rien n'a été analysé.\n");
  });
});

describe('-q', () => {
  it('prints only the messages that are not OK, then the summary; other formats refuse it in one line', async () => {
    const quiet = await run(['-q', 'fixtures/outbox'], { env: { LANG: 'en_GB.UTF-8' } });
    const full = await run(['fixtures/outbox'], { env: { LANG: 'en_GB.UTF-8' } });
    const verdictLines = (out: string) => out.split('\n').filter((l) => /^(BLOCKED|WARNING|UNREADABLE|OK) /.test(l)).map((l) => l.split(/\s+/)[0]);
    expect(verdictLines(full.stdout).filter((v) => v === 'OK').length).toBeGreaterThan(0);
    expect(verdictLines(quiet.stdout)).toEqual(verdictLines(full.stdout).filter((v) => v !== 'OK'));
    // The same summary, every message counted (only its time differs), and the same last line.
    const summary = (out: string) => out.trimEnd().split('\n').slice(-2).map((l) => l.replace(/\([\d.]+ s\)$/, ''));
    expect(summary(quiet.stdout)).toEqual(summary(full.stdout));
    expect(summary(quiet.stdout)).toEqual([expect.stringMatching(/^6 message\(s\): 1 blocked, /), 'Do not send: 1 message.']);
    expect(quiet.exitCode).toBe(full.exitCode);
    const json = await run(['-q', '--format', 'json', 'fixtures/outbox'], { env: {} });
    expect([json.exitCode, json.stdout, json.stderr]).toEqual([3, '', 'pii-scan: -q leaves passing messages out of the text report only; --format json lists every message\n']);
  });
});
