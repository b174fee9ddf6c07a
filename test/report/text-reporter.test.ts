import { describe, expect, it } from 'vitest';
import type { FindingReport, MessageReport, Report } from '../../src/report/report.js';
import { entityList } from '../../src/report/i18n.js';
import { renderReport } from '../helpers/report.js';
import type { TextOptions } from '../../src/report/text-reporter.js';

const renderText = (report: Report, options: TextOptions) => renderReport('text', report, options);

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

const loosePhone: FindingReport = { kind: 'personal-data', where: 'body', people: 0, columns: [], entities: { phone: 1 }, fields: [], severity: 'low', reasons: ['-'], samples: ['** ** ** ** 34'] };

function report(lang: 'fr' | 'en'): Report {
  const messages: MessageReport[] = [
    {
      source: 'outbox/secheresse.eml',
      headers: { subject: "Restrictions d'eau", from: 'ser***@***.org', to: ['abo***@***.fr', 'jea***@***.fr', 'pau***@***.net'], recipients: 15930, date: '2022-08-08T08:14:00.000Z' },
      verdict: 'block',
      rule: 'people',
      people: 15930,
      issues: [],
      parts: [],
      findings: [
        loosePhone, // low severity: not listed under a blocked message
        {
          kind: 'customer-file',
          where: 'clients_secheresse.xlsx#Abonnés',
          rows: 15930,
          people: 15930,
          columns: [
            { header: 'Nom', entity: 'last-name' },
            { header: 'Prénom', entity: 'first-name' },
          ],
          entities: { 'last-name': 15930, 'first-name': 15930 },
          fields: ['last-name', 'first-name'],
          severity: 'high',
          reasons: ['-'],
          samples: ['DU***', 'Je***'],
        },
      ],
    },
    { source: 'outbox/reponses.mbox', index: 2, verdict: 'pass', rule: null, people: 0, issues: [], parts: [], findings: [loosePhone, { ...loosePhone, entities: { phone: 1, email: 1 } }] },
    {
      source: 'outbox/fiche.eml',
      verdict: 'warn',
      rule: 'identifiers',
      people: 0,
      issues: [],
      parts: [],
      findings: [{ ...loosePhone, where: 'rib.pdf', entities: { iban: 2 }, severity: 'medium', reasons: [lang === 'fr' ? 'données isolées : 2 IBAN' : 'loose personal data: 2 IBANs'] }],
    },
    { source: 'outbox/paie.eml', headers: { to: [], recipients: 0 }, verdict: 'unscannable', rule: 'unreadable', people: 0, findings: [], parts: [], issues: [{ code: 'encrypted', where: 'docs.zip!salaires.xlsx', detail: 'password-protected entry' }] },
    { source: 'outbox/vide.eml', verdict: 'pass', rule: null, people: 0, findings: [], parts: [], issues: [] },
  ];
  return { tool: { name: 'pii-scan', version: '0.1.0' }, verdict: 'block', messages, summary: { messages: 5, blocked: 1, warned: 1, unscannable: 1, passed: 2, bytes: 1297444, seconds: 0.41 } };
}

const FR = [
  'BLOQUÉ     outbox/secheresse.eml',
  "           Objet : Restrictions d'eau — De : ser***@***.org — À : abo***@***.fr, jea***@***.fr, pau***@***.net et 15 927 autre(s) — Date : 2022-08-08 08:14 UTC",
  '           clients_secheresse.xlsx#Abonnés : 15 930 lignes, colonnes Nom, Prénom -> fichier client (15 930 personnes)',
  "           Que faire : retirez cette pièce jointe, ou transmettez le fichier par un partage protégé. Si l'envoi est voulu, faites valider l'exception par votre DPO.",
  'OK         outbox/reponses.mbox, message n° 3  (données personnelles : 2 téléphones, 1 e-mail)',
  'ATTENTION  outbox/fiche.eml',
  '           rib.pdf : 2 IBAN -> données isolées',
  "           Que faire : des identifiants (IBAN, n° de sécurité sociale, carte bancaire) ne partent pas en clair par e-mail ; transmettez-les par le partage protégé de l'organisation.",
  'ILLISIBLE  outbox/paie.eml',
  '           Objet : (sans objet)',
  '           docs.zip!salaires.xlsx : protégé par mot de passe (encrypted: password-protected entry)',
  "           Que faire : pii-scan ne peut pas vérifier un fichier protégé par mot de passe. Déposez le fichier, sans mot de passe, sur le partage protégé de l'organisation et envoyez-en le lien ; ne retirez jamais le mot de passe pour l'envoyer par e-mail.",
  'OK         outbox/vide.eml',
  '',
  '5 message(s) : 1 bloqué(s), 1 avertissement(s), 1 illisible(s), 2 OK (0,41 s)',
  'À ne pas envoyer : 1 message. À vérifier avant tout envoi : 1 message illisible.',
  '',
];

const EN = [
  'BLOCKED     outbox/secheresse.eml',
  "            Subject: Restrictions d'eau — From: ser***@***.org — To: abo***@***.fr, jea***@***.fr, pau***@***.net and 15,927 more — Date: 2022-08-08 08:14 UTC",
  '            clients_secheresse.xlsx#Abonnés: 15,930 rows, columns Nom, Prénom -> customer file (15,930 people)',
  '            What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.',
  'OK          outbox/reponses.mbox, message 3  (personal data: 2 phone numbers, 1 e-mail)',
  'WARNING     outbox/fiche.eml',
  '            rib.pdf: 2 IBANs -> loose personal data',
  "            What to do: identifiers (IBAN, social security or card numbers) do not go by e-mail in clear; pass them through the organisation's protected share.",
  'UNREADABLE  outbox/paie.eml',
  '            Subject: (no subject)',
  '            docs.zip!salaires.xlsx: password-protected (encrypted: password-protected entry)',
  "            What to do: pii-scan cannot check a password-protected file. Put the file, without its password, on the organisation's protected share and send the link instead; never remove the password to send the file by e-mail.",
  'OK          outbox/vide.eml',
  '',
  '5 message(s): 1 blocked, 1 warned, 1 unreadable, 2 OK (0.41 s)',
  'Do not send: 1 message. Check before anything goes: 1 message unreadable.',
  '',
];

describe('renderText', () => {
  it.each([
    ['fr', FR],
    ['en', EN],
  ] as const)('%s, no colour: exact lines', (lang, lines) => {
    expect(renderText(report(lang), { lang, color: false }).split('\n')).toEqual(lines);
  });

  it.each(['fr', 'en'] as const)('%s, no colour: no escape character at all', (lang) => {
    expect(renderText(report(lang), { lang, color: false })).not.toContain(ESC);
  });

  it('colour: verdict labels painted, the rest unchanged', () => {
    const out = renderText(report('fr'), { lang: 'fr', color: true });
    const lines = out.split('\n');
    expect([lines[0], lines[4], lines[5], lines[8]]).toEqual([
      `${ESC}[31m${ESC}[1mBLOQUÉ${ESC}[22m${ESC}[39m     outbox/secheresse.eml`,
      `${ESC}[32mOK${ESC}[39m         outbox/reponses.mbox, message n° 3  (données personnelles : 2 téléphones, 1 e-mail)`,
      `${ESC}[33m${ESC}[1mATTENTION${ESC}[22m${ESC}[39m  outbox/fiche.eml`,
      `${ESC}[35m${ESC}[1mILLISIBLE${ESC}[22m${ESC}[39m  outbox/paie.eml`,
    ]);
    expect(out.replace(ANSI, '').split('\n')).toEqual(FR);
  });

  it('the text report never prints masked or raw samples', () => {
    const out = renderText(report('fr'), { lang: 'fr', color: false });
    expect(['DU***', 'Je***', '** ** ** ** 34'].filter((s) => out.includes(s))).toEqual([]);
  });

  it.each([
    ['fr', 'courrier.pdf : 1 ligne, colonnes Nom -> fiche individuelle (1 personne)'],
    ['en', 'courrier.pdf: 1 row, columns Nom -> one person\'s record (1 person)'],
  ] as const)('uses the singular for one person and one row (%s)', (lang, line) => {
    const one: FindingReport = { kind: 'person-record', where: 'courrier.pdf', rows: 1, people: 1, columns: [{ header: 'Nom', entity: 'last-name' }], entities: { 'last-name': 1 }, fields: ['last-name'], severity: 'medium', reasons: ['-'], samples: [] };
    const warned: MessageReport = { source: 'm.eml', verdict: 'warn', rule: 'person-record', people: 1, findings: [one], issues: [], parts: [] };
    const r: Report = { tool: { name: 'pii-scan', version: '0' }, verdict: 'warn', messages: [warned], summary: { messages: 1, blocked: 0, warned: 1, unscannable: 0, passed: 0, bytes: 1, seconds: 0 } };
    expect(renderText(r, { lang, color: false }).split('\n').map((l) => l.trim())).toContain(line);
  });
});

describe('entity labels', () => {
  it.each([
    ['fr', '1 n° SIRET, 2 n° SIREN, 3 n° de TVA'],
    ['en', '1 SIRET number, 2 SIREN numbers, 3 VAT numbers'],
  ] as const)('company identifiers have words of their own in %s', (lang, expected) => {
    expect(entityList({ siret: 1, siren: 2, 'vat-fr': 3 }, lang)).toBe(expected);
  });
});

describe('the mass-mailing line', () => {
  const listFinding: FindingReport = { kind: 'customer-file', where: 'abonnes.csv', rows: 5, people: 5, columns: [{ header: 'Email', entity: 'email' }], entities: { email: 5 }, fields: ['email'], severity: 'high', reasons: ['-'], samples: ['jea***@***.com'] };
  const blocked = (recipients: number, listed: number, where: string[]): Report => ({
    tool: { name: 'pii-scan', version: '0' },
    verdict: 'block',
    messages: [{ source: 'lettre.eml', verdict: 'block', rule: 'mass-mailing', people: 5, massMailing: { recipients, listed, where }, findings: [listFinding], issues: [], parts: [] }],
    summary: { messages: 1, blocked: 1, warned: 0, unscannable: 0, passed: 0, bytes: 1, seconds: 0 },
  });

  it.each([
    ['en', 5, 3, ['abonnes.csv'], "3 of this message's 5 recipients are listed in abonnes.csv: a mass mailing carrying its own address list"],
    ['fr', 5, 3, ['abonnes.csv'], "3 des 5 destinataires de ce message figurent dans abonnes.csv : un envoi groupé qui joint sa propre liste d'adresses"],
    ['en', 15930, 15930, ['a.csv', 'b.xlsx#Feuil1'], 'All 15,930 recipients of this message are listed in a.csv and b.xlsx#Feuil1: a mass mailing carrying its own address list'],
    ['fr', 15930, 15930, ['a.csv', 'b.xlsx#Feuil1'], "Les 15 930 destinataires de ce message figurent tous dans a.csv et b.xlsx#Feuil1 : un envoi groupé qui joint sa propre liste d'adresses"],
    ['en', 40, 1, ['x.csv'], "1 of this message's 40 recipients is listed in x.csv: a mass mailing carrying its own address list"],
    ['fr', 40, 1, ['x.csv'], "1 des 40 destinataires de ce message figure dans x.csv : un envoi groupé qui joint sa propre liste d'adresses"],
    ['en', 1, 1, ['x.csv'], "This message's only recipient is listed in x.csv: a mass mailing carrying its own address list"],
    ['fr', 1, 1, ['x.csv'], "Le seul destinataire de ce message figure dans x.csv : un envoi groupé qui joint sa propre liste d'adresses"],
  ] as const)('%s, %i recipients, %i listed', (lang, recipients, listed, where, line) => {
    const lines = renderText(blocked(recipients, listed, [...where]), { lang, color: false }).split('\n');
    // The reason comes first, before what the list holds, and no address is printed.
    expect(lines[1].trim()).toBe(line);
    expect(lines[2].trim()).toMatch(/^abonnes\.csv ?: 5 /);
    expect(lines.join('\n')).not.toContain('@');
  });

  it('is not written when the rule is another one (the counts stay in the JSON report)', () => {
    const r = blocked(5, 1, ['abonnes.csv']);
    r.messages[0] = { ...r.messages[0], verdict: 'warn', rule: 'few-people' };
    expect(renderText(r, { lang: 'en', color: false }).split('\n').slice(0, 3)).toEqual([
      'WARNING     lettre.eml',
      '            abonnes.csv: 5 rows, columns Email -> customer file (5 people)',
      '            What to do: check that each person named needs to be, and that the recipients are entitled to know; otherwise take the data out.',
    ]);
  });
});
