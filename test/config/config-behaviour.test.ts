import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * Each configuration key changes what a scan decides: the same input, scanned in a folder with
 * and without a `.pii-scan.yml`, gives the verdicts and findings below.
 */

const dirs = tempDirs();
afterAll(() => dirs.remove());

/** Synthetic inputs, from the seeded generator and fixed example identifiers. */
const FIVE_CUSTOMERS = toCsv(customerTable(makePeople(11, 5)));
const OWN_IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const THREE_IBANS = mail(textBody(`Remboursements :\nDE89 3704 0044 0532 0130 00\nGB82 WEST 1234 5698 7654 32\n\nRégie des eaux - IBAN ${OWN_IBAN}\n`));
/** Surnames beside a column whose header the lexicon does not know: no person without the header word. */
const PDS_TABLE = ['Nom;PDS', ...makePeople(12, 12).map((p, i) => `${p.lastName.toUpperCase()};PDS-${100231 + i * 7}`)].join('\r\n');

interface MessageJson {
  verdict: string;
  rule: string | null;
  people: number;
  findings: { where: string; people: number; entities: Record<string, number> }[];
  issues: { code: string }[];
}

/** Scans `input` (written as `name`) in a folder holding `config` as .pii-scan.yml (none when null), in JSON. */
async function scan(name: string, input: string | Buffer, config: string | null, argv: string[] = []) {
  const dir = dirs.make({ [name]: input, ...(config === null ? {} : { '.pii-scan.yml': config }) });
  const result = await run(['--format', 'json', ...argv, path.join(dir, name)], { env: { LANG: 'en_GB.UTF-8' }, cwd: dir });
  expect(result.stderr).toBe('');
  const message = JSON.parse(result.stdout).messages[0] as MessageJson;
  return { exitCode: result.exitCode, message, entities: message.findings.map((f) => f.entities) };
}

describe('thresholds', () => {
  it('a 5-person table warns by default and blocks with minPeople: 5', async () => {
    expect((await scan('clients.csv', FIVE_CUSTOMERS, null)).message).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 5 });
    const configured = await scan('clients.csv', FIVE_CUSTOMERS, 'thresholds:\n  minPeople: 5\n');
    expect([configured.exitCode, configured.message.verdict, configured.message.rule]).toEqual([1, 'block', 'people']);
  });

  it('--min-people on the command line wins over the file', async () => {
    const { exitCode, message } = await scan('clients.csv', FIVE_CUSTOMERS, 'thresholds:\n  minPeople: 5\n', ['--min-people', '6']);
    expect([exitCode, message.verdict]).toEqual([0, 'warn']);
  });

  it('warnPeople: 6 lets five people in a body pass', async () => {
    const lines = makePeople(11, 5).map((p) => `${p.lastName.toUpperCase()} ${p.firstName} ; ${p.email} ; ${p.phone}`);
    const body = mail(textBody(`Bonjour,\nles inscrits de samedi :\n${lines.join('\n')}\n`));
    expect((await scan('out.eml', body, null)).message).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 5 });
    expect((await scan('out.eml', body, 'thresholds:\n  warnPeople: 6\n')).message).toMatchObject({ verdict: 'pass', rule: null, people: 5 });
  });

  it('massMailingRecipients: 3 lets a 5-person list that holds 2 of the recipients warn instead of block', async () => {
    const five = makePeople(11, 5);
    const toTwo = mail(mixed(textBody('Bonjour,\nle programme ci-joint.\n'), attachment('abonnes.csv', FIVE_CUSTOMERS, 'text/csv')), { to: five.slice(0, 2).map((p) => ({ name: p.firstName, address: p.email })) });
    expect((await scan('out.eml', toTwo, null)).message).toMatchObject({ verdict: 'block', rule: 'mass-mailing', people: 5 });
    expect((await scan('out.eml', toTwo, 'thresholds:\n  massMailingRecipients: 3\n')).message).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 5 });
  });

  it('blockIdentifiers: 4 lets three IBANs warn instead of block', async () => {
    expect((await scan('out.eml', THREE_IBANS, null)).message).toMatchObject({ verdict: 'block', rule: 'identifiers' });
    expect((await scan('out.eml', THREE_IBANS, 'thresholds:\n  blockIdentifiers: 4\n')).message).toMatchObject({ verdict: 'warn', rule: 'identifiers' });
  });
});

describe('detectors', () => {
  it('a detector turned off loses its entity; the others count as before', async () => {
    const before = await scan('clients.csv', FIVE_CUSTOMERS, null);
    const after = await scan('clients.csv', FIVE_CUSTOMERS, 'detectors:\n  email: false\n');
    const { email, ...others } = before.entities[0];
    expect(email).toBe(5);
    expect(after.entities).toEqual([others]);
  });

  it('iban: false leaves the three IBANs unseen: the message passes', async () => {
    expect(await scan('out.eml', THREE_IBANS, 'detectors:\n  iban: false\n')).toMatchObject({ exitCode: 0, message: { verdict: 'pass', findings: [] } });
  });
});

describe('headerWords', () => {
  it('an extra header word makes an unknown column count: 12 people blocked', async () => {
    const plain = await scan('export.csv', PDS_TABLE, null);
    expect(plain.message).toMatchObject({ verdict: 'pass', people: 0 });
    expect(plain.entities).toEqual([{ 'last-name': 12 }]);
    const configured = await scan('export.csv', PDS_TABLE, 'headerWords:\n  customer-id: [PDS]\n');
    expect(configured.message).toMatchObject({ verdict: 'block', people: 12 });
    expect(configured.entities).toEqual([{ 'last-name': 12, 'customer-id': 12 }]);
  });
});

describe('roleAddresses', () => {
  const body = mail(textBody('Pour vous désabonner : abonnes@eau-exemple.fr ou agence12@eau-exemple.fr\n'));

  it('abonnes@ and agence12@ are people by default, role addresses once listed', async () => {
    expect((await scan('out.eml', body, null)).entities).toEqual([{ email: 2 }]);
    expect((await scan('out.eml', body, 'roleAddresses:\n  - abonnes\n')).entities).toEqual([{ email: 1 }]);
    expect((await scan('out.eml', body, 'roleAddresses: [abonnes, "agence[0-9]+"]\n')).message.findings).toEqual([]);
  });
});

describe('allowlist', () => {
  it("the organisation's own IBAN, written another way, is not counted: two IBANs warn", async () => {
    const { exitCode, message, entities } = await scan('out.eml', THREE_IBANS, 'allowlist:\n  values: ["fr76-3000-6000-0112-3456-7890-189"]\n');
    expect([exitCode, message.verdict, message.rule]).toEqual([0, 'warn', 'identifiers']);
    expect(entities).toEqual([{ iban: 2 }]);
  });

  it('an own phone number in international form matches its national form in the text', async () => {
    const body = mail(textBody('Standard : 04.94.12.34.56\nAstreinte : 06 12 34 56 78\n'));
    expect((await scan('out.eml', body, null)).entities).toEqual([{ phone: 2 }]);
    expect((await scan('out.eml', body, 'allowlist:\n  values: ["+33 4 94 12 34 56"]\n')).entities).toEqual([{ phone: 1 }]);
  });

  it('own addresses and domains are not counted, in text and in e-mail columns', async () => {
    const body = mail(textBody('Écrire à jeanne.morel@eau-exemple.fr, paul.roux@agence.eau-exemple.fr ou luc.martin@example.com\n'));
    const config = 'allowlist:\n  emails: ["@eau-exemple.fr"]\n';
    expect((await scan('out.eml', body, config)).entities).toEqual([{ email: 1 }]);
    const table = `Nom;Email\nMOREL;jeanne.morel@eau-exemple.fr\nROUX;paul.roux@example.com\n`;
    expect((await scan('staff.csv', table, 'allowlist:\n  emails: [jeanne.morel@eau-exemple.fr]\n')).entities).toEqual([{ 'last-name': 2, email: 1 }]);
  });

  it('a footer line counts nothing: its SIRET and phone are gone, the line above still counts', async () => {
    const body = mail(textBody('Contact : 06 12 34 56 78\n--\nRégie des eaux de Ville-Exemple - SIRET 732 829 320 00074 - Tél. 04 94 12 34 56\n'));
    expect((await scan('out.eml', body, null)).entities).toEqual([{ phone: 2, siret: 1 }]);
    expect((await scan('out.eml', body, 'allowlist:\n  text: ["Régie des eaux de Ville-Exemple"]\n')).entities).toEqual([{ phone: 1 }]);
  });
});

describe('limits', () => {
  it('maxPartBytes: an attachment over it is too-large, and its message unscannable (exit 2)', async () => {
    const eml = mail(mixed(textBody('Bonjour'), attachment('clients.csv', FIVE_CUSTOMERS, 'text/csv')));
    const { exitCode, message } = await scan('out.eml', eml, 'limits:\n  maxPartBytes: 100 B\n');
    expect([exitCode, message.verdict, message.issues.map((i) => i.code)]).toEqual([2, 'unscannable', ['too-large']]);
  });
});

describe('issues', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  it.each([
    [null, 2, 'unscannable'],
    ['issues:\n  unsupported: warn\n', 0, 'warn'],
    ['issues:\n  unsupported: block\n', 1, 'block'],
    ['issues:\n  encrypted: block\n', 2, 'unscannable'],
  ])('an unsupported file with %j exits %i (%s)', async (config, code, verdict) => {
    const { exitCode, message } = await scan('image.png', png, config);
    expect([exitCode, message.verdict, message.rule, message.issues.map((i) => i.code)]).toEqual([code, verdict, 'unreadable', ['unsupported']]);
  });
});
