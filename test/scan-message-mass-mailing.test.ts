import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/model/limits.js';
import type { MessageResult } from '../src/model/result.js';
import { DEFAULT_POLICY } from '../src/policy/policy.js';
import { scanMessage } from '../src/scan-message.js';
import type { Envelope } from '../src/scan-message.js';
import { toCsv, toCsvText, toXlsx } from '../fixtures/generator/files.js';
import { encodeWord } from '../fixtures/generator/mime.js';
import type { Address, AddressList, MimeNode } from '../fixtures/generator/mime.js';
import { toPdfText } from '../fixtures/generator/pdf.js';
import { makePeople } from '../fixtures/generator/people.js';
import type { Person } from '../fixtures/generator/people.js';
import { customerTable, municipalServicesTable } from '../fixtures/generator/tables.js';
import type { TableData } from '../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from './helpers/mail.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const scan = (content: Buffer, envelope?: Envelope) =>
  scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content, ...(envelope ? { envelope } : {}) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });

/** Five subscribers, every one with an e-mail (the generator leaves 8 % of e-mail cells empty). */
const crowd = makePeople(31, 12).filter((p) => customerTable([p]).rows[0][5] !== '');
const five = crowd.slice(0, 5);
const [member1, member2] = five;
/** Two people who are not in the list. */
const [outsider1, outsider2] = crowd.slice(5, 7);
const list: TableData = customerTable(five);
const LIST_CSV = toCsv(list);

const who = (p: Person): Address => ({ name: `${p.firstName} ${p.lastName}`, address: p.email });
const BODY = textBody('Bonjour,\nveuillez trouver ci-joint le programme de la réunion publique.\n');
/** A message from the service, `to` the given recipients, with extra headers (Bcc). */
const send = (to: AddressList, body: MimeNode, headers: [string, string][] = []) =>
  mail(body, { from: { name: 'Service clients', address: 'service.clients@example.org' }, to, headers });
const withList = (filename = 'abonnes.csv', content = LIST_CSV, type = 'text/csv') => mixed(BODY, attachment(filename, content, type));
/** A Bcc header as a draft keeps it: display names RFC 2047-encoded one by one (accents), then the address. */
const bcc = (people: Person[]): [string, string] => ['Bcc', people.map((p) => `${encodeWord(`${p.firstName} ${p.lastName}`)} <${p.email}>`).join(', ')];
/** The message without its To header: a relay's message whose recipients are only in the envelope. */
const withoutTo = (msg: Buffer) => Buffer.from(msg.toString('latin1').replace(/^To: .*\r\n/m, ''), 'latin1');

/** What the check and policy made of a message: verdict, rule, people, massMailing, and the severity of each finding by where. */
const outcome = (r: MessageResult) => ({
  verdict: r.verdict,
  rule: r.rule,
  people: r.people,
  massMailing: r.massMailing,
  severities: Object.fromEntries(r.findings.map((f) => [f.where, f.severity])),
});

describe('mass mailing: a message carrying its own recipients in an attached list is blocked', () => {
  const blocked = (recipients: number, where: string, severities: Record<string, string>) => ({
    verdict: 'block', rule: 'mass-mailing', people: 5, massMailing: { recipients, listed: 2, where: [where] }, severities,
  });

  it.each([
    ['a saved draft with only Bcc recipients (undisclosed To), CSV list', async () => scan(send('undisclosed-recipients:;', withList(), [bcc([member1, member2, outsider1])])),
      blocked(3, 'abonnes.csv', { 'abonnes.csv': 'high' })],
    ['recipients only in the SMTP envelope, no To header, XLSX list', async () =>
      scan(withoutTo(send('x@example.org', withList('abonnes.xlsx', await toXlsx(list, { sheetName: 'Feuil1' }), XLSX))), { from: 'service.clients@example.org', recipients: [member1.email, `<${member2.email}>`] }),
      blocked(2, 'abonnes.xlsx#Feuil1', { 'abonnes.xlsx#Feuil1': 'high' })],
    ['the list inside a forwarded .eml', async () => {
      const inner = mail(withList(), { messageId: 'inner.1@example.org' });
      return scan(send([who(member1), who(outsider1)], mixed(BODY, attachment('transfert.eml', inner, 'message/rfc822')), [bcc([member2])]));
    }, blocked(3, 'transfert.eml!abonnes.csv', { 'transfert.eml!abonnes.csv': 'high' })],
    ['To with capitals and display names, list cells as "Name <ADDRESS>" and mailto:', async () => {
      const cells: TableData = { ...list, rows: list.rows.map((r, i) => (i === 0 ? [...r.slice(0, 5), `${r[1]} ${r[0]} <${r[5].toUpperCase()}>`, ...r.slice(6)] : i === 1 ? [...r.slice(0, 5), `mailto:${r[5]}`, ...r.slice(6)] : r)) };
      const to = [{ name: member1.lastName.toUpperCase(), address: member1.email.toUpperCase() }, { name: 'Member', address: member2.email.replace(/^./, (c) => c.toUpperCase()) }];
      return scan(send(to, withList('abonnes.csv', toCsv(cells))));
    }, blocked(2, 'abonnes.csv', { 'abonnes.csv': 'high' })],
  ] as [string, () => Promise<MessageResult>, object][])('%s', async (_name, run, expected) => {
    expect(outcome(await run())).toEqual(expected);
  });

  it('is the same 5-person list that only warns when no recipient is in it (its normal verdict)', async () => {
    expect(outcome(await scan(send('undisclosed-recipients:;', withList(), [bcc([outsider1, outsider2])])))).toEqual({
      verdict: 'warn', rule: 'few-people', people: 5, massMailing: undefined, severities: { 'abonnes.csv': 'medium' },
    });
  });
});

/** An invoice of one subscriber as a PDF: their name, address, e-mail and subscriber number. */
const invoice = (p: Person) =>
  toPdfText([
    'Facture n° F2022-0815 du 12/08/2022',
    `${p.firstName} ${p.lastName}`, p.street, `${p.postalCode} ${p.city}`, `Courriel : ${p.email}`, `Contrat n° ${p.subscriberNumber}`,
    'Consommation du 01/02/2022 au 31/07/2022 : 48 m³. Montant TTC : 112,40 €.',
  ], 'Facture');

/** A reply to a thread: the quoted messages end with the signatures of three people, the first two of whom it goes back to. */
const threadReply = (a: Person, b: Person, c: Person) =>
  textBody([
    'Bonjour à tous,', '', 'je confirme la réunion de jeudi à 10 h.', '',
    `> Le 10 août 2022, ${a.firstName} ${a.lastName} a écrit :`, '> Pouvons-nous avancer la réunion ?', '> --',
    ...[a, b, c].flatMap((p, i) => [`${'>'.repeat(i + 1)} ${p.firstName} ${p.lastName}`, `${'>'.repeat(i + 1)} ${p.email}`, `${'>'.repeat(i + 1)} Tél. ${p.phone}`, '>']),
    '',
  ].join('\n'));

/** A meeting request whose attendees are the given people. */
const invitation = (people: Person[]) =>
  Buffer.from(
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'SUMMARY:Réunion publique', 'DTSTART:20220915T080000Z',
      'ORGANIZER;CN=Service clients:mailto:service.clients@example.org',
      ...people.map((p) => `ATTENDEE;CN=${p.firstName} ${p.lastName};ROLE=REQ-PARTICIPANT:mailto:${p.email}`),
      'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'),
    'utf8',
  );

describe('mass mailing: what must not block (each keeps the verdict it had without the check)', () => {
  const many = crowd.slice(5).concat(makePeople(32, 40)).slice(0, 39);
  const invoiceTo = async (to: Person) => scan(send(who(to), mixed(BODY, attachment('facture.pdf', await invoice(member1), 'application/pdf'))));

  it.each([
    ['one recipient and the invoice holding their own address', () => invoiceTo(member1),
      { verdict: 'pass', rule: null, people: 0, massMailing: undefined, severities: { 'facture.pdf': 'low' } }],
    ['two recipients in the reply body only (quoted signatures of three)', () => scan(send([who(member1), who(member2)], threadReply(member1, member2, outsider1))),
      { verdict: 'pass', rule: null, people: 0, massMailing: undefined, severities: { 'body/text': 'low' } }],
    ['two recipients in the 5-person list pasted into the body, not attached', () => scan(send([who(member1), who(member2)], textBody(`Bonjour,\n\n${toCsvText(list, '\t')}\n`))),
      { verdict: 'warn', rule: 'few-people', people: 5, massMailing: undefined, severities: { 'body/text#table1': 'medium' } }],
    ['two recipients named together in their own contract (2 addresses: not a list)', () => scan(send([who(member1), who(member2)], mixed(BODY, attachment('contrat.csv', toCsv(customerTable([member1, member2])), 'text/csv')))),
      { verdict: 'warn', rule: 'person-record', people: 2, massMailing: undefined, severities: { 'contrat.csv': 'medium' } }],
    ['40 recipients, one of them in the 5-person list', () => scan(send([who(member1), ...many.map(who)], withList())),
      { verdict: 'warn', rule: 'few-people', people: 5, massMailing: { recipients: 40, listed: 1, where: ['abonnes.csv'] }, severities: { 'abonnes.csv': 'medium' } }],
    ['an invitation (.ics) listing its own five recipients as attendees', () => scan(send(five.map(who), mixed(BODY, attachment('invitation.ics', invitation(five), 'text/calendar')))),
      { verdict: 'pass', rule: null, people: 0, massMailing: undefined, severities: {} }],
    ['town-hall services mailed their own directory (role addresses are never matched)', () => {
      const directory = municipalServicesTable(31);
      return scan(send(directory.rows.slice(0, 5).map((r) => r[1]), withList('annuaire.csv', toCsv(directory))));
    }, { verdict: 'pass', rule: null, people: 0, massMailing: undefined, severities: { 'annuaire.csv': 'low' } }],
  ] as [string, () => Promise<MessageResult>, object][])('%s', async (_name, run, expected) => {
    expect(outcome(await run())).toEqual(expected);
  });

  it('gives the invoice the same outcome whether it goes to its owner or to someone else', async () => {
    expect(outcome(await invoiceTo(member1))).toEqual(outcome(await invoiceTo(outsider1)));
  });
});
