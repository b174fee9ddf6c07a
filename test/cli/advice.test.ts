import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { damagedPdf, encryptedPdf, imageOnlyPdf, toPdfText } from '../../fixtures/generator/pdf.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { ADVICE_CAUSES, type AdviceCause } from '../../src/report/advice.js';
import { messages } from '../../src/report/i18n.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/**
 * The advice under each verdict says what to do about its own cause (issue 17): one mail per
 * cause, scanned by the CLI in English and in French, with the exact lines a sender reads.
 */
const people = makePeople(41, 30);
const withEmail = people.filter((p) => customerTable([p]).rows[0][5] !== '');
const csv = (n: number) => toCsv(customerTable(withEmail.slice(0, n)));
const letter = (name: string, content: Buffer, type: string) =>
  mail(mixed(textBody('Bonjour,\nci-joint le document.\n'), attachment(name, content, type)), { subject: `Envoi de ${name}` });

let dir: string;
const files: Partial<Record<AdviceCause | 'customer-file-encrypted' | 'forwarded', string>> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pii-scan-advice-'));
  const inputs: Record<string, Buffer> = {
    'customer-file': letter('abonnes.csv', csv(20), 'text/csv'),
    'few-people': letter('abonnes.csv', csv(5), 'text/csv'),
    identifiers: letter('rib.txt', Buffer.from('Coordonnées bancaires : IBAN FR76 3000 6000 0112 3456 7890 189\n'), 'text/plain'),
    'person-record': letter('fiche.csv', csv(1), 'text/csv'),
    encrypted: letter('releve.pdf', await encryptedPdf(), 'application/pdf'),
    damaged: letter('releve.pdf', damagedPdf(await toPdfText(['Relevé de consommation', 'Période : août 2022'])), 'application/pdf'),
    'no-text': letter('scan.pdf', await imageOnlyPdf(), 'application/pdf'),
    unsupported: Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10, 0x20].concat(Array(200).fill(7))),
    forwarded: mail(mixed(textBody('Pour info.\n'), attachment('transfert.eml', letter('abonnes.csv', csv(20), 'text/csv'), 'message/rfc822')), { subject: 'TR: fichier' }),
    'customer-file-encrypted': mail(mixed(textBody('Bonjour,\n'), attachment('abonnes.csv', csv(20), 'text/csv'), attachment('releve.pdf', await encryptedPdf(), 'application/pdf')), { subject: 'Deux pièces' }),
  };
  for (const [cause, content] of Object.entries(inputs)) {
    const file = join(dir, `${cause}.${cause === 'unsupported' ? 'bin' : 'eml'}`);
    writeFileSync(file, content);
    files[cause as AdviceCause] = file;
  }
  // A part over a limit: the customer file again, read with a 1 KiB part limit.
  writeFileSync(join(dir, 'small-limits.yml'), 'limits:\n  maxPartBytes: 1024\n');
});

async function scan(cause: keyof typeof files, lang: 'en' | 'fr', extra: string[] = []) {
  const r = await run(['--lang', lang, ...extra, files[cause] as string], { env: {} });
  const lines = r.stdout.split('\n');
  return { exitCode: r.exitCode, advice: lines.filter((l) => /^\s+(What to do:|Que faire :)/.test(l)).map((l) => l.trim()), last: lines.at(-2) };
}

describe('advice per cause, in English and French (transcripts)', () => {
  const cases: [AdviceCause, number, { en: string; fr: string }][] = [
    ['customer-file', 1, { en: 'Do not send: 1 message.', fr: 'À ne pas envoyer : 1 message.' }],
    ['few-people', 0, { en: 'Check before sending: 1 message with personal data.', fr: "À vérifier avant l'envoi : 1 message avec des données personnelles." }],
    ['identifiers', 0, { en: 'Check before sending: 1 message with personal data.', fr: "À vérifier avant l'envoi : 1 message avec des données personnelles." }],
    ['person-record', 0, { en: 'Check before sending: 1 message with personal data.', fr: "À vérifier avant l'envoi : 1 message avec des données personnelles." }],
    ['encrypted', 2, { en: 'Do not send before checking: 1 message could not be read whole.', fr: "À ne pas envoyer avant vérification : 1 message n'a pas pu être lu en entier." }],
    ['damaged', 2, { en: 'Do not send before checking: 1 message could not be read whole.', fr: "À ne pas envoyer avant vérification : 1 message n'a pas pu être lu en entier." }],
    ['no-text', 2, { en: 'Do not send before checking: 1 message could not be read whole.', fr: "À ne pas envoyer avant vérification : 1 message n'a pas pu être lu en entier." }],
    ['unsupported', 2, { en: 'Do not send before checking: 1 message could not be read whole.', fr: "À ne pas envoyer avant vérification : 1 message n'a pas pu être lu en entier." }],
  ];
  for (const [cause, exitCode, last] of cases) {
    it.each(['en', 'fr'] as const)(`${cause}: its own advice, exit ${exitCode} (%s)`, async (lang) => {
      expect(await scan(cause, lang)).toEqual({ exitCode, advice: [messages(lang).adviceFor[cause]], last: last[lang] });
    });
  }

  it.each(['en', 'fr'] as const)('a part over a limit: its own advice (%s)', async (lang) => {
    const r = await scan('customer-file', lang, ['--config', join(dir, 'small-limits.yml')]);
    expect(r.exitCode).toBe(2);
    expect(r.advice).toEqual([messages(lang).adviceFor['over-limit']]);
  });

  it('a customer file beside an encrypted attachment: both pieces of advice, the finding first', async () => {
    const r = await scan('customer-file-encrypted', 'en');
    expect(r).toEqual({
      exitCode: 1,
      advice: [messages('en').adviceFor['customer-file'], messages('en').adviceFor.encrypted],
      last: 'Do not send: 1 message.',
    });
  });

  it.each([
    ['en', '            transfert.eml: forwarded message "Envoi de abonnes.csv"'],
    ['fr', '           transfert.eml : message transféré « Envoi de abonnes.csv »'],
  ] as const)('a forwarded message is named by its own subject (%s)', async (lang, line) => {
    const r = await run(['--lang', lang, files.forwarded as string], { env: {} });
    const lines = r.stdout.split('\n');
    expect([r.exitCode, lines[1].trim().split(' — ')[0], lines[2]]).toEqual([1, lang === 'en' ? 'Subject: TR: fichier' : 'Objet : TR: fichier', line]);
    expect(lines[3]).toMatch(/^\s+transfert\.eml!abonnes\.csv/);
  });

  it('every cause has its own advice, in both languages, and the encrypted one never says to remove the password and send', () => {
    for (const lang of ['en', 'fr'] as const) {
      const advice = ADVICE_CAUSES.map((c) => messages(lang).adviceFor[c]);
      expect(new Set(advice).size).toBe(ADVICE_CAUSES.length);
    }
    expect(messages('en').adviceFor.encrypted).toContain('never remove the password');
    expect(messages('fr').adviceFor.encrypted).toContain('ne retirez jamais le mot de passe');
  });
});
