import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { encodeWord } from '../../fixtures/generator/mime.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/** Runs the CLI in process and hides the run time of the summary line. */
async function cli(argv: string[], lang = 'en_GB.UTF-8') {
  const result = await run(argv, { env: { LANG: lang } });
  return { ...result, stdout: result.stdout.replace(/\((\d+[.,])?\d+ s\)/, '(T s)') };
}

/**
 * An association's saved draft: the newsletter goes to three members in Bcc, two of whom are in
 * the attached 5-member list (below the 10-people threshold: on its own, a warning).
 */
const members = makePeople(31, 12).filter((p) => customerTable([p]).rows[0][5] !== '').slice(0, 7);
const draft = mail(mixed(textBody('Bonjour,\nvoici la lettre de septembre.\n'), attachment('adherents.csv', toCsv(customerTable(members.slice(0, 5))), 'text/csv')), {
  from: { name: 'Association', address: 'bureau@example.org' },
  to: 'undisclosed-recipients:;',
  headers: [['Bcc', [members[0], members[1], members[6]].map((p) => `${encodeWord(p.lastName)} <${p.email}>`).join(', ')]],
});
let file: string;

beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'pii-scan-')), 'lettre.eml');
  writeFileSync(file, draft);
});

describe('pii-scan on a mass mailing that carries its own address list (transcripts)', () => {
  const FINDING = {
    en: 'adherents.csv: 5 rows, columns Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> customer file (5 people)',
    fr: 'adherents.csv : 5 lignes, colonnes Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement -> fichier client (5 personnes)',
  };

  it('in English: exit 1, the reason in one line, then the list', async () => {
    const { exitCode, stdout, stderr } = await cli([file]);
    expect([exitCode, stderr]).toEqual([1, '']);
    expect(stdout).toBe(
      [
        `BLOCKED     ${file}`,
        "            2 of this message's 3 recipients are listed in adherents.csv: a mass mailing carrying its own address list",
        `            ${FINDING.en}`,
        '            What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.',
        '',
        '1 message(s): 1 blocked, 0 warned, 0 unreadable, 0 OK (T s)',
        '',
      ].join('\n'),
    );
  });

  it('in French', async () => {
    const { exitCode, stdout } = await cli([file], 'fr_FR.UTF-8');
    expect(exitCode).toBe(1);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      `BLOQUÉ     ${file}`,
      "           2 des 3 destinataires de ce message figurent dans adherents.csv : un envoi groupé qui joint sa propre liste d'adresses",
      `           ${FINDING.fr}`,
    ]);
  });

  it.each([[[]], [['--show-data']]])('JSON %j: rule, counts and the list, never the recipients\' addresses in massMailing', async (extra) => {
    const { exitCode, stdout } = await cli(['--format', 'json', ...extra, file]);
    expect(exitCode).toBe(1);
    const [message] = JSON.parse(stdout).messages;
    expect(message).toMatchObject({ verdict: 'block', rule: 'mass-mailing', people: 5 });
    expect(message.massMailing).toEqual({ recipients: 3, listed: 2, where: ['adherents.csv'] });
    expect(message.findings.map((f: { where: string; severity: string }) => [f.where, f.severity])).toEqual([['adherents.csv', 'high']]);
  });

  it('the attached list alone, as a bare CSV, has no recipients: its own verdict (warn, exit 0)', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'pii-scan-')), 'adherents.csv');
    writeFileSync(csv, toCsv(customerTable(members.slice(0, 5))));
    const { exitCode, stdout } = await cli(['--format', 'json', csv]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout).messages[0]).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 5 });
    expect(JSON.parse(stdout).messages[0]).not.toHaveProperty('massMailing');
  });
});
