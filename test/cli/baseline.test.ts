import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { foundingXlsxMessage } from '../../fixtures/generator/founding.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { run } from '../../src/cli/run.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { toMbox } from '../helpers/mbox.js';

// The founding case, accepted: a baseline written for it lets the same data go again, from
// another path, under another name, inside an mbox; one changed row blocks it again.
const FOUNDING = 'fixtures/outbox/secheresse-abonnes.eml';
/** The seed and size of the committed fixtures (fixtures/generate.ts). */
const SEED = 20220815;
const REASON = 'Avis de sécheresse : envoi validé par la DPO le 8 août 2022';
const dir = mkdtempSync(join(tmpdir(), 'pii-scan-baseline-'));
const BASELINE = join(dir, 'accepted.json');

const cli = async (argv: string[]) => {
  const r = await run(argv, { env: { LANG: 'en_GB.UTF-8' } });
  return { ...r, stdout: r.stdout.replace(/\((\d+[.,])?\d+ s\)/, '(T s)') };
};
const json = async (argv: string[]) => {
  const r = await cli(['--format', 'json', ...argv]);
  return { exitCode: r.exitCode, report: JSON.parse(r.stdout) };
};

describe('--write-baseline and --baseline on the founding case', () => {
  it('refuses to record without a reason, and a reason without a baseline to write', async () => {
    const line = 'pii-scan: --write-baseline needs --reason TEXT: an accepted finding must say why it may leave\n';
    expect(await cli(['--write-baseline', BASELINE, FOUNDING])).toEqual({ exitCode: 3, stdout: '', stderr: line });
    expect(await cli(['--write-baseline', BASELINE, '--reason', '  ', FOUNDING])).toEqual({ exitCode: 3, stdout: '', stderr: line });
    expect(await cli(['--reason', REASON, FOUNDING])).toEqual({ exitCode: 3, stdout: '', stderr: 'pii-scan: --reason goes with --write-baseline FILE\n' });
  });

  it('records the blocking finding (the run itself still reports it blocked)', async () => {
    const r = await cli(['--write-baseline', BASELINE, '--reason', REASON, FOUNDING]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('BLOCKED     fixtures/outbox/secheresse-abonnes.eml');
    expect(r.stderr).toBe(`pii-scan: note: baseline ${BASELINE}: 1 finding(s) recorded, 1 in the file\n`);
    const file = JSON.parse(readFileSync(BASELINE, 'utf8'));
    expect(Object.keys(file)).toEqual(['version', 'salt', 'entries']);
    expect(file.version).toBe(1);
    expect(file.salt).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(file.entries).toHaveLength(1);
    expect(Object.keys(file.entries[0])).toEqual(['fingerprint', 'kind', 'reason', 'added']);
    expect(file.entries[0]).toMatchObject({ kind: 'customer-file', reason: REASON });
    expect(file.entries[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.abs(Date.parse(file.entries[0].added) - Date.now())).toBeLessThan(120_000);
  });

  it('the baseline holds no value, sample or file name of the fixture', async () => {
    const text = readFileSync(BASELINE, 'utf8');
    const { salt, entries } = JSON.parse(text);
    // The salt and the hashes are random-looking: a 5-digit postcode could turn up in them by chance.
    const rest = text.replace(salt, 'SALT').replace(entries[0].fingerprint, 'FINGERPRINT');
    const table = customerTable(makePeople(SEED, 15930));
    const values = new Set(table.rows.flatMap((row) => row.slice(0, 7)).filter((v) => v.length >= 2));
    expect(values.size).toBeGreaterThan(40_000);
    const shown = (await json(['--show-data', FOUNDING])).report.messages[0].findings.flatMap((f: { samples: string[] }) => f.samples);
    const masked = (await json([FOUNDING])).report.messages[0].findings.flatMap((f: { samples: string[] }) => f.samples);
    const names = ['clients_secheresse', 'secheresse-abonnes', 'Abonnés', 'xlsx', 'eml'];
    expect([...values, ...shown, ...masked, ...names].filter((v) => rest.includes(v))).toEqual([]);
    expect(shown.filter((v: string) => text.includes(v))).toEqual([]);
  });

  it('a rescan with it exits 0 and shows the finding as accepted', async () => {
    const r = await cli(['--baseline', BASELINE, FOUNDING]);
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        'OK          fixtures/outbox/secheresse-abonnes.eml  (personal data: 2 phone numbers)',
        `            clients_secheresse.xlsx#Abonnés: 15,930 rows, columns Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> customer file (15,930 people), accepted: ${REASON}`,
        '',
        '1 message(s): 0 blocked, 0 warned, 0 unreadable, 1 OK (T s)',
        'Nothing to stop: the message can go.',
        '',
      ].join('\n'),
    });
  });

  it('the acceptance is in every format', async () => {
    const { report } = await json(['--baseline', BASELINE, FOUNDING]);
    const [message] = report.messages;
    expect(message).toMatchObject({ verdict: 'pass', rule: null, people: 0 });
    expect(message.findings[0]).toMatchObject({ kind: 'customer-file', severity: 'high', accepted: { reason: REASON } });
    expect(message.findings[0].fingerprint).toBe(JSON.parse(readFileSync(BASELINE, 'utf8')).entries[0].fingerprint);
    expect(message.findings.slice(1).map((f: { accepted?: unknown }) => f.accepted)).toEqual([undefined, undefined]);

    const ndjson = (await cli(['--format', 'ndjson', '--baseline', BASELINE, FOUNDING])).stdout.split('\n');
    expect(JSON.parse(ndjson[0]).findings[0].accepted.reason).toBe(REASON);
    const sarif = JSON.parse((await cli(['--format', 'sarif', '--baseline', BASELINE, FOUNDING])).stdout).runs[0].results[0];
    expect(sarif.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: REASON }]);
    expect(sarif.partialFingerprints).toEqual({ 'piiScanFinding/v1': message.findings[0].fingerprint });
    const junit = (await cli(['--format', 'junit', '--baseline', BASELINE, FOUNDING])).stdout;
    expect(junit).toContain('failures="0" errors="0"');
    expect(junit).toContain(`-&gt; customer file (15,930 people), accepted: ${REASON}</system-out>`);
  });

  it.each([
    ['from another path, under another file name', () => copyTo('renvoi-septembre.eml', readFileSync(FOUNDING))],
    ['with the attachment renamed', () => copyTo('renomme.eml', Buffer.from(readFileSync(FOUNDING, 'latin1').replaceAll('clients_secheresse.xlsx', 'export-2022.xlsx'), 'latin1'))],
    ['as the second message of an mbox', () => copyTo('envois.mbox', toMbox([readFileSync('fixtures/outbox/grille-tarifaire.eml'), readFileSync(FOUNDING)]))],
  ])('the same data sent again %s is still accepted', async (_name, make) => {
    const { exitCode, report } = await json(['--baseline', BASELINE, make()]);
    expect(exitCode).toBe(0);
    const file = report.messages.flatMap((m: { findings: { kind: string }[] }) => m.findings).find((f: { kind: string }) => f.kind === 'customer-file');
    expect(file).toMatchObject({ people: 15930, accepted: { reason: REASON } });
  });

  it('what is hashed is the data, not the bytes: a baseline of the UTF-8 CSV accepts the Windows-1252 one', async () => {
    const csv = join(dir, 'csv.json');
    expect((await cli(['--write-baseline', csv, '--reason', REASON, 'fixtures/leaks/secheresse-csv-utf8.eml'])).exitCode).toBe(1);
    expect((await cli(['--baseline', csv, 'fixtures/leaks/secheresse-csv-cp1252.eml'])).exitCode).toBe(0);
  });

  it('one row changed: blocked again', async () => {
    const table = customerTable(makePeople(SEED, 15930));
    table.rows[7000] = [...table.rows[7000].slice(0, 5), 'autre.adresse@example.org', ...table.rows[7000].slice(6)];
    const changed = copyTo('une-ligne-changee.eml', await foundingXlsxMessage(SEED, table));
    const { exitCode, report } = await json(['--baseline', BASELINE, changed]);
    expect(exitCode).toBe(1);
    expect(report.messages[0]).toMatchObject({ verdict: 'block', people: 15930 });
    expect(report.messages[0].findings[0].accepted).toBeUndefined();
  });

  it('recording again adds nothing and keeps the salt; a new finding is added beside the first', async () => {
    const before = JSON.parse(readFileSync(BASELINE, 'utf8'));
    const others = copyTo('autres.eml', mail(mixed(textBody('Bonjour,\nla liste.\n'), attachment('liste.csv', toCsv(customerTable(makePeople(99, 12))), 'text/csv'))));
    const again = await cli(['--baseline', BASELINE, '--write-baseline', BASELINE, '--reason', 'autre raison', FOUNDING, others]);
    expect(again.stderr).toBe(`pii-scan: note: baseline ${BASELINE}: 1 finding(s) recorded, 2 in the file\n`);
    const after = JSON.parse(readFileSync(BASELINE, 'utf8'));
    expect(after.salt).toBe(before.salt);
    expect(after.entries[0]).toEqual(before.entries[0]);
    expect(after.entries[1]).toMatchObject({ kind: 'customer-file', reason: 'autre raison' });
  });
});

describe('a baseline that cannot be used: exit 3, one line', () => {
  it.each([
    ['not JSON', '{"version": 1, "salt": ', 'not valid JSON ('],
    ['a fingerprint holding a name', JSON.stringify({ version: 1, salt: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', entries: [{ fingerprint: 'MOREL Jeanne', kind: 'customer-file', reason: 'x', added: '2022-08-08T08:14:32.000Z' }] }), 'entries.0.fingerprint: expected 64 lower-case hex digits (HMAC-SHA256)'],
    ['another version', JSON.stringify({ version: 2, salt: 'x', entries: [] }), 'version: expected 1'],
  ])('%s', async (_name, content, message) => {
    const path = copyTo('bad-baseline.json', Buffer.from(content));
    const r = await cli(['--baseline', path, FOUNDING]);
    expect([r.exitCode, r.stdout]).toEqual([3, '']);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.startsWith(`pii-scan: baseline ${path}: ${message}`)).toBe(true);
  });

  it('a missing baseline file', async () => {
    const path = join(dir, 'nope.json');
    expect(await cli(['--baseline', path, FOUNDING])).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: baseline ${path}: no such file or directory\n` });
  });

  it('a baseline that cannot be written fails before the scan, and leaves no report', async () => {
    const path = join(dir, 'missing-folder', 'b.json');
    const report = join(dir, 'report-not-written.json');
    expect(await cli(['--output', report, '--write-baseline', path, '--reason', REASON, FOUNDING])).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: `pii-scan: ${path}: cannot write the baseline: no such file or directory\n`,
    });
    expect(() => readFileSync(report)).toThrow(/ENOENT/);
  });
});

function copyTo(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
