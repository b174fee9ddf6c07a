import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBaseTable, makeCustomers, makeLookAlikes, type BaseCustomer } from '../../fixtures/generator/customer-base.js';
import { toCsv, toXlsx } from '../../fixtures/generator/files.js';
import { toXls } from '../../fixtures/generator/legacy.js';
import { toDocx, toOds } from '../../fixtures/generator/office.js';
import { toMsg } from '../../fixtures/generator/outlook.js';
import { toPdfTable } from '../../fixtures/generator/pdf.js';
import type { TableData } from '../../fixtures/generator/tables.js';
import { htmlTable, textTable } from '../../fixtures/generator/texts.js';
import { makeZip } from '../../fixtures/generator/zip-writer.js';
import { run } from '../../src/cli/run.js';
import type { FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import { loadFingerprints, openFingerprints } from '../../src/fingerprint/load-fingerprints.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { MessageResult } from '../../src/model/result.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage, type Envelope } from '../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/**
 * Exact match (issue "Know your own customers"): a 20,000-customer base fingerprinted, then 50 of
 * its customers leaked in every container, with the headers renamed and only one identifier
 * left; 50 people who are not customers, the same way, find none.
 */
const SEED = 20261203;
const LEAKED = 50;
let customers: BaseCustomer[];
let leaked: BaseCustomer[];
let lookAlikes: BaseCustomer[];
let fingerprints: FingerprintIndex;
const dir = mkdtempSync(join(tmpdir(), 'pii-scan-known-'));

beforeAll(async () => {
  customers = makeCustomers(SEED, 20_000);
  // Spread over the whole base, not its first rows.
  leaked = Array.from({ length: LEAKED }, (_, i) => customers[i * 397 + 11]);
  lookAlikes = makeLookAlikes(SEED + 7, LEAKED, customers);
  writeFileSync(join(dir, 'base.csv'), toCsv(customerBaseTable(customers)));
  const made = await run(['fingerprint', join(dir, 'base.csv'), '--output', join(dir, 'base.pii-fp')], { env: {} });
  expect(made.exitCode).toBe(0);
  fingerprints = openFingerprints(await loadFingerprints(join(dir, 'base.pii-fp'), undefined, {}));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each identifier alone, under a header that names nothing pii-scan knows, beside a column of no interest. */
const ONE_IDENTIFIER: [string, (c: BaseCustomer) => string[]][] = [
  ['customer number', (c) => [c.customerNumber.toLowerCase(), 'relance']],
  ['e-mail', (c) => [c.email.toUpperCase(), 'relance']],
  ['phone', (c) => [c.mobile, 'relance']],
  ['name and postal code', (c) => [`${c.lastName.toUpperCase()} ${c.firstName}`, c.postalCode]],
];
const withIban = (people: readonly BaseCustomer[]) => people.filter((c) => c.iban);

function leakTable(people: readonly BaseCustomer[], cells: (c: BaseCustomer) => string[]): TableData {
  return { header: ['Réf. dossier', 'Suite'], rows: people.map(cells) };
}

const BODY = 'Bonjour,\nvoici la liste pour la relance.\n';
const attach = (name: string, content: Buffer, type?: string) => mail(mixed(textBody(BODY), attachment(name, content, type)));

const CONTAINERS: [string, (t: TableData) => Promise<Buffer> | Buffer][] = [
  ['CSV', (t) => attach('liste.csv', toCsv(t))],
  ['XLSX', async (t) => attach('liste.xlsx', await toXlsx(t, { sheetName: 'Feuil1' }))],
  ['ODS', (t) => attach('liste.ods', toOds(t, 'Liste'))],
  ['XLS', (t) => attach('liste.xls', toXls(t, 'Liste'))],
  ['PDF', async (t) => attach('liste.pdf', await toPdfTable(t, { order: 'rows' }))],
  ['DOCX table', (t) => attach('liste.docx', toDocx(t, ['Dossiers à relancer.']))],
  ['ZIP', (t) => attach('export.zip', makeZip([{ name: 'liste.csv', data: toCsv(t) }]))],
  ['nested .eml', (t) => attach('fwd.eml', attach('liste.csv', toCsv(t)), 'message/rfc822')],
  ['Outlook .msg', (t) => attach('relance.msg', toMsg({ subject: 'Relance', body: 'Voir pièce jointe', attachments: [{ name: 'liste.csv', data: toCsv(t) }] }))],
  ['inline HTML', (t) => mail({ type: 'text/html', charset: 'utf-8', encoding: 'quoted-printable', body: `<p>Bonjour,</p>${htmlTable(t)}` })],
  ['inline text', (t) => mail(textBody(`Bonjour,\n\n${textTable(t)}\n`))],
];

const scan = async (content: Buffer, envelope?: Envelope): Promise<MessageResult> =>
  scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content, ...(envelope ? { envelope } : {}) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY, fingerprints });
const knownFindings = (r: MessageResult) => r.findings.filter((f) => f.kind === 'known-customers');

describe('known customers, by their fingerprints, whatever the container and the headers', () => {
  const cases = CONTAINERS.flatMap(([container, build]) => ONE_IDENTIFIER.map(([identifier, cells]) => [container, identifier, build, cells] as const));
  it.each(cases)('%s, %s only: the 50 customers found, blocked by known-customers', async (_container, _identifier, build, cells) => {
    const result = await scan(await build(leakTable(leaked, cells)));
    expect(result.issues).toEqual([]);
    expect([result.verdict, result.rule, result.knownCustomers]).toEqual(['block', 'known-customers', LEAKED]);
    expect(knownFindings(result).map((f) => f.people)).toEqual([LEAKED]);
  });

  it.each(CONTAINERS)('%s, IBANs only: every customer who has one found', async (_container, build) => {
    const people = withIban(leaked);
    const result = await scan(await build(leakTable(people, (c) => [c.iban, 'prélèvement'])));
    expect(people.length).toBeGreaterThan(10);
    expect([result.verdict, result.knownCustomers]).toEqual(['block', people.length]);
  });

  it.each(cases)('%s, %s only, of 50 people who are not customers: none found', async (_container, _identifier, build, cells) => {
    const result = await scan(await build(leakTable(lookAlikes, cells)));
    expect(knownFindings(result)).toEqual([]);
    expect(result.knownCustomers).toBeUndefined();
  });

  it('in free text: numbers, e-mails, phones and address blocks of a message body', async () => {
    const lines = leaked.map((c, i) =>
      [
        () => `Le dossier ${c.customerNumber} reste à relancer.`,
        () => `Écrire à ${c.email} avant vendredi.`,
        () => `Rappeler au ${c.mobile} dans la journée.`,
        () => `${c.civility} ${c.firstName} ${c.lastName.toUpperCase()}\n${c.street}\n${c.postalCode} ${c.city.toUpperCase()}\n`,
      ][i % 4](),
    );
    const result = await scan(mail(textBody(`Bonjour,\n\nPour la tournée de demain :\n\n${lines.join('\n')}\n\nMerci.\n`)));
    expect([result.verdict, result.rule, result.knownCustomers]).toEqual(['block', 'known-customers', LEAKED]);
  });

  it("a customer's own record, sent to that customer, passes; sent to someone else, it warns", async () => {
    const c = leaked[3];
    const letter = (to: string) =>
      mail(textBody(`${c.civility} ${c.firstName} ${c.lastName}\n${c.street}\n${c.postalCode} ${c.city}\n\nVotre contrat ${c.customerNumber} est renouvelé.\n`), { to: { name: `${c.firstName} ${c.lastName}`, address: to } });
    const own = await scan(letter(c.email));
    expect([own.verdict, own.knownCustomers, knownFindings(own)]).toEqual(['pass', undefined, []]);
    const other = await scan(letter('prestataire@example.net'));
    expect([other.verdict, other.rule, other.knownCustomers]).toEqual(['warn', 'known-customers', 1]);
    // From four customers on, still a warning; the fifth blocks (thresholds.knownCustomers).
    const four = await scan(mail(textBody(leaked.slice(0, 4).map((x) => `Dossier ${x.customerNumber}`).join('\n'))));
    const five = await scan(mail(textBody(leaked.slice(0, 5).map((x) => `Dossier ${x.customerNumber}`).join('\n'))));
    expect([four.verdict, four.knownCustomers, five.verdict, five.knownCustomers]).toEqual(['warn', 4, 'block', 5]);
  });

  it("a column's header decides whether nine bare digits are a phone whose 0 a spreadsheet dropped", async () => {
    const people = leaked.slice(0, 10);
    const bare = (c: BaseCustomer) => c.mobile.replace(/\D/g, '').slice(1);
    expect(people.map(bare).every((d) => /^[1-9]\d{8}$/.test(d))).toBe(true);
    const under = async (header: string) => (await scan(attach('liste.csv', toCsv({ header: [header, 'Suite'], rows: people.map((c) => [bare(c), 'relance']) })))).knownCustomers;
    // A phone column, or one whose header names nothing: the phones found. A subscriber-number
    // column: its nine digits are that number, not a phone.
    expect([await under('Téléphone'), await under('Réf. dossier'), await under('N° abonné')]).toEqual([10, 10, undefined]);
  });

  it('a name in a column whose header names something else (a town) is not looked up as a name', async () => {
    const people = leaked.slice(0, 6);
    const table = (header: string) => toCsv({ header: [header, 'CP'], rows: people.map((c) => [`${c.firstName} ${c.lastName}`, c.postalCode]) });
    const named = await scan(attach('liste.csv', table('Contact')));
    const town = await scan(attach('liste.csv', table('Commune')));
    expect([named.knownCustomers, town.knownCustomers]).toEqual([6, undefined]);
  });

  it('a customer found twice (e-mail in one part, name in another) counts once', async () => {
    const people = leaked.slice(0, 6);
    const result = await scan(
      mail(mixed(textBody(people.map((c) => c.email).join('\n')), attachment('noms.csv', toCsv(leakTable(people, (c) => [`${c.firstName} ${c.lastName}`, c.postalCode]))))),
    );
    expect([result.verdict, result.knownCustomers]).toEqual(['block', 6]);
  });
});

describe('known customers through the scan workers and the relay', () => {
  const fiveCustomers = () => mail(mixed(textBody(BODY), attachment('liste.csv', toCsv(leakTable(leaked.slice(0, 5), (c) => [c.customerNumber, 'relance'])))));

  it('pipe mode, in its scan worker: refused with the count and the part, never a value', async () => {
    const r = await run(['pipe', '--fingerprints', join(dir, 'base.pii-fp'), '--', '/bin/sh', '-c', 'cat > /dev/null'], { env: { LANG: 'en_GB.UTF-8' }, stdin: Readable.from([fiveCustomers()]) });
    expect(r).toEqual({ exitCode: 69, stdout: "5.7.1 pii-scan: blocked: liste.csv holds 5 of your customers' records; send it through a protected share\n", stderr: '' });
  });

  it('a wrong key defers the mail in pipe mode (75) and stops a scan (3), one line each', async () => {
    const other = join(dir, 'other.key');
    writeFileSync(other, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const piped = await run(['pipe', '--fingerprints', join(dir, 'base.pii-fp'), '--fingerprint-key', other, '--', '/bin/cat'], { env: {}, stdin: Readable.from([fiveCustomers()]) });
    expect(piped).toEqual({ exitCode: 75, stdout: `4.3.0 pii-scan: ${join(dir, 'base.pii-fp')}: the fingerprint key does not belong to this file\n`, stderr: '' });
    const scanned = await run(['--fingerprints', join(dir, 'base.pii-fp'), '--fingerprint-key', other, join(dir, 'base.csv')], { env: {} });
    expect(scanned).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: ${join(dir, 'base.pii-fp')}: the fingerprint key does not belong to this file\n` });
  });

  it('an mbox with --jobs 2: each message counted in its worker, the report in order', async () => {
    const mbox = join(dir, 'out.mbox');
    const messages = [fiveCustomers(), mail(textBody(BODY)), mail(textBody(`Dossier ${leaked[9].customerNumber} à relancer.`))];
    writeFileSync(mbox, messages.map((m) => `From relances@example.org Fri Aug  5 09:30:00 2022\n${m.toString('latin1').replace(/\r\n/g, '\n')}\n`).join(''), 'latin1');
    const r = await run(['--format', 'json', '--jobs', '2', '--fingerprints', join(dir, 'base.pii-fp'), mbox], { env: {} });
    const report = JSON.parse(r.stdout) as { messages: { verdict: string; rule: string | null; knownCustomers?: number }[] };
    expect(report.messages.map((m) => [m.verdict, m.rule, m.knownCustomers])).toEqual([
      ['block', 'known-customers', 5],
      ['pass', null, undefined],
      ['warn', 'known-customers', 1],
    ]);
    expect(r.exitCode).toBe(1);
  });
});
