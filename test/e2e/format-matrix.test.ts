import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopedData, signedData } from '../../fixtures/generator/cms.js';
import { toCsv } from '../../fixtures/generator/files.js';
import type { MimeNode } from '../../fixtures/generator/mime.js';
import { toMsg } from '../../fixtures/generator/outlook.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { toRtf } from '../../fixtures/generator/rtf.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { makeZip } from '../../fixtures/generator/zip-writer.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { ScanIssue } from '../../src/model/issues.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage } from '../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { sendMail, startFilter, startSink } from '../helpers/smtp.js';
import type { RunningFilter, Sink } from '../helpers/smtp.js';
import { plainIssues } from '../helpers/issues.js';

/**
 * The formats offices send that pii-scan used to pass unread (the issue "Fail closed in fact"):
 * the same 200-person customer table in each must give the one customer-file finding of the CSV,
 * and what cannot be read (encrypted, recognised but not read, unknown) must be unscannable, never
 * pass. Each row through scanMessage and through `pii-scan filter`, which must refuse it (550).
 */
const table = customerTable(makePeople(2022, 200));
const PEOPLE = 200;
const BODY = 'Bonjour,\nvoici le fichier demandé.\n';
const CSV = toCsv(table);

const attach = (name: string, content: Buffer, type?: string) => mail(mixed(textBody(BODY), attachment(name, content, type)));
const utf16le = Buffer.from(CSV.toString('utf8'), 'utf16le');

function xlsb(): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([table.header, ...table.rows]), 'Abonnés');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsb' }) as Buffer;
}

/** A message whose whole body is one S/MIME application/pkcs7-mime part, as Outlook and Thunderbird send it. */
const smime = (p7m: Buffer, smimeType: string) => mail(attachment('smime.p7m', p7m, `application/pkcs7-mime; smime-type=${smimeType}`));
const signedMultipart = (content: MimeNode): MimeNode => ({
  type: 'multipart/signed',
  params: 'protocol="application/pkcs7-signature"; micalg=sha-256',
  parts: [content, attachment('smime.p7s', signedData(null), 'application/pkcs7-signature')],
});
const ARMOUR = '-----BEGIN PGP MESSAGE-----\n\nhQEMA8jK2lLQ0s1hAQf/Zm9vYmFyYmF6cXV4\n=Xy1z\n-----END PGP MESSAGE-----\n';
const pgpMime: MimeNode = {
  type: 'multipart/encrypted',
  params: 'protocol="application/pgp-encrypted"',
  parts: [attachment('version.txt', Buffer.from('Version: 1\r\n'), 'application/pgp-encrypted'), attachment('encrypted.asc', Buffer.from(ARMOUR), 'application/octet-stream')],
};
/** Bytes of no known format, with NULs: what an unknown binary export looks like. */
const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + (i >> 3)) % 251));

const READ: [string, () => Buffer, string][] = [
  ['UTF-16LE CSV without BOM', () => attach('clients.csv', utf16le), 'clients.csv'],
  ['UTF-16BE CSV without BOM', () => attach('clients.csv', Buffer.from(utf16le).swap16()), 'clients.csv'],
  ['.xlsb written by SheetJS', () => attach('clients.xlsb', xlsb()), 'clients.xlsb#Abonnés'],
  ['RTF table', () => attach('clients.rtf', Buffer.from(toRtf(table, 'Abonnés secteur Var'), 'latin1'), 'application/rtf'), 'clients.rtf#table1'],
  ['opaque-signed S/MIME (.p7m) holding a mail with the CSV', () => smime(signedData(attach('clients.csv', CSV)), 'signed-data'), 'smime.p7m!signed-content!clients.csv'],
  ['opaque-signed S/MIME in BER (indefinite lengths)', () => smime(signedData(attach('clients.csv', CSV), { ber: true }), 'signed-data'), 'smime.p7m!signed-content!clients.csv'],
  ['multipart/signed holding the CSV', () => mail(signedMultipart(mixed(textBody(BODY), attachment('clients.csv', CSV)))), 'clients.csv'],
  ['.msg whose only body is compressed RTF holding the table', () => attach('relance.msg', toMsg({ subject: 'Relance', rtf: toRtf(table, 'Abonnés secteur Var') })), 'relance.msg!body/rtf#table1'],
];

const UNREAD: [string, () => Buffer, ScanIssue[]][] = [
  ['encrypted S/MIME', () => smime(envelopedData(), 'enveloped-data'), [{ code: 'encrypted', where: 'smime.p7m', detail: 'encrypted S/MIME message (CMS EnvelopedData)' }]],
  ['PGP/MIME', () => mail(pgpMime), [{ code: 'encrypted', where: 'encrypted.asc', detail: 'encrypted OpenPGP message: not readable' }]],
  ['inline PGP in the body', () => mail(textBody(`Bonjour,\n\n${ARMOUR}`)), [{ code: 'encrypted', where: 'body/text', detail: 'encrypted OpenPGP message: not readable' }]],
  ['Apple Numbers', () => attach('clients.numbers', makeZip([{ name: 'Index/Document.iwa', data: noise }, { name: 'Metadata/Properties.plist', data: Buffer.from('bplist00') }])), [{ code: 'unsupported', where: 'clients.numbers', detail: 'Apple Numbers document: not read (export it as .xlsx or .csv)' }]],
  ['SQLite', () => attach('clients.sqlite', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), noise])), [{ code: 'unsupported', where: 'clients.sqlite', detail: 'SQLite database: not read' }]],
  ['an unknown binary', () => attach('export.dat', noise), [{ code: 'unsupported', where: 'export.dat', detail: 'not a mail nor a file type pii-scan reads (binary)' }]],
];

/** The reply is one ASCII line: accents are dropped from part names. */
const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const scan = (content: Buffer) => scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });

describe('the 200-person table in the formats offices send: scanMessage', () => {
  it.each(READ)('%s: one customer-file finding of 200 people, blocked', async (_shape, build, where) => {
    const result = await scan(build());
    expect(result.issues).toEqual([]);
    expect(result.findings.filter((f) => f.kind === 'customer-file').map((f) => [f.where, f.people])).toEqual([[where, PEOPLE]]);
    expect([result.verdict, result.people]).toEqual(['block', PEOPLE]);
  });

  it.each(UNREAD)('%s: its issue, unscannable', async (_shape, build, issues) => {
    const result = await scan(build());
    expect(plainIssues(result.issues)).toEqual(issues);
    expect(result.verdict).toBe('unscannable');
  });
});

describe('the same messages through pii-scan filter: none is relayed', () => {
  let sink: Sink;
  let filter: RunningFilter;
  const ENVELOPE = { from: 'facturation@example.org', to: ['relances@example.net'] };
  beforeAll(async () => {
    sink = await startSink();
    filter = await startFilter(['--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1']);
  });
  afterAll(async () => {
    await filter.stop();
    await sink.close();
  });

  it.each(READ)('%s: refused with 550 5.7.1 as a customer file of 200 people', async (_shape, build, where) => {
    const reply = await sendMail(filter.port, ENVELOPE, build());
    expect(reply.text).toBe(`550 5.7.1 pii-scan: blocked: ${ascii(where)} holds a customer file (200 people); send it through a protected share`);
    expect(sink.messages).toEqual([]);
  });

  it.each(UNREAD)('%s: refused with 550 5.7.1 naming its issue', async (_shape, build, issues) => {
    const reply = await sendMail(filter.port, ENVELOPE, build());
    expect(reply.code).toBe(550);
    expect(reply.text).toMatch(new RegExp(`^550 5\\.7\\.1 pii-scan: .*${issues[0].where.replace(/[./]/g, '\\$&')}`));
    expect(sink.messages).toEqual([]);
  });
});
