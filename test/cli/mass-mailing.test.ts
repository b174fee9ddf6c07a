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
        // Its recipients' addresses are masked as values are.
        '            Subject: Fichier — From: bur***@***.org — To: dav***@***.net, alc***@***.com, m.d***@***.net — Date: 2022-08-05 07:30 UTC',
        "            2 of this message's 3 recipients are listed in adherents.csv: a mass mailing carrying its own address list",
        `            ${FINDING.en}`,
        '            What to do: this message carries the list of its own recipients; take the list out and send through your mailing tool (mail merge or blind copy), never with the file.',
        '',
        '1 message(s): 1 blocked, 0 warned, 0 unreadable, 0 OK (T s)',
        'Do not send: 1 message.',
        '',
      ].join('\n'),
    );
  });

  it('in French', async () => {
    const { exitCode, stdout } = await cli([file], 'fr_FR.UTF-8');
    expect(exitCode).toBe(1);
    expect(stdout.split('\n').slice(0, 5)).toEqual([
      `BLOQUÉ     ${file}`,
      '           Objet : Fichier — De : bur***@***.org — À : dav***@***.net, alc***@***.com, m.d***@***.net — Date : 2022-08-05 07:30 UTC',
      "           2 des 3 destinataires de ce message figurent dans adherents.csv : un envoi groupé qui joint sa propre liste d'adresses",
      `           ${FINDING.fr}`,
      "           Que faire : ce message joint la liste de ses propres destinataires ; retirez la liste et faites l'envoi par votre outil d'envoi groupé (publipostage ou copie cachée), jamais avec le fichier.",
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

  it('JSON headers: subject, sender, first recipients and their count, date; addresses masked unless --show-data', async () => {
    const masked = JSON.parse((await cli(['--format', 'json', file])).stdout).messages[0].headers;
    expect(masked).toEqual({ subject: 'Fichier', from: 'bur***@***.org', to: ['dav***@***.net', 'alc***@***.com', 'm.d***@***.net'], recipients: 3, date: '2022-08-05T07:30:00.000Z' });
    const whole = JSON.parse((await cli(['--format', 'json', '--show-data', file])).stdout).messages[0].headers;
    expect(whole.to.every((a: string) => /^[^*]+@[^*]+$/.test(a))).toBe(true);
    expect(whole.from).toMatch(/^bur[^*]*@[^*]+\.org$/);
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
