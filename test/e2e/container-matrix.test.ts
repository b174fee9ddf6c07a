import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx } from '../../fixtures/generator/files.js';
import { toXls } from '../../fixtures/generator/legacy.js';
import { toDocx, toOds } from '../../fixtures/generator/office.js';
import { toMsg } from '../../fixtures/generator/outlook.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { toPdfTable } from '../../fixtures/generator/pdf.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { htmlTable, textTable } from '../../fixtures/generator/texts.js';
import { toJsonDump, toNdjson, toXmlExport } from '../../fixtures/generator/json.js';
import { toLdif, toVcard } from '../../fixtures/generator/vcard.js';
import { makeZip } from '../../fixtures/generator/zip-writer.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage } from '../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/**
 * The same 200-person customer table in every shape a French office sends it: each container must
 * give the same customer-file finding, with the same people count. One row of the matrix per shape.
 */
const people = makePeople(2022, 200);
const table = customerTable(people);
const PEOPLE = 200;
const BODY = 'Bonjour,\nvoici le fichier demandé.\n';

/** An XLSX with the table on its second sheet, under a title, a date line and a blank row (header on row 4). */
function xlsxTwoSheetsHeaderOnRow4(): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Campagne sécheresse 2022'], ['Diffusion interne']]), 'Notes');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Abonnés secteur Var'], ['Export du 05/08/2022'], [], table.header, ...table.rows]), 'Abonnés');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

const attach = (name: string, content: Buffer, type?: string) => mail(mixed(textBody(BODY), attachment(name, content, type)));

/** The same people as a Word sheet of mail-merge labels, three across, each cell a whole address block. */
function labelSheet(): Buffer {
  const labels = people.map((p) => `${p.civility} ${p.firstName} ${p.lastName.toUpperCase()}\n${p.street}\n${p.postalCode} ${p.city.toUpperCase()}`);
  const rows: string[][] = [];
  for (let i = 0; i < labels.length; i += 3) rows.push([labels[i], labels[i + 1] ?? '', labels[i + 2] ?? '']);
  return toDocx({ header: rows[0], rows: rows.slice(1) }, []);
}

const SHAPES: [string, () => Promise<Buffer> | Buffer, string][] = [
  ['CSV', () => attach('clients.csv', toCsv(table)), 'clients.csv'],
  ['XLSX, two sheets, header on row 4', () => attach('clients.xlsx', xlsxTwoSheetsHeaderOnRow4()), 'clients.xlsx#Abonnés'],
  ['XLSX written by exceljs', async () => attach('clients.xlsx', await toXlsx(table, { sheetName: 'Feuil1' })), 'clients.xlsx#Feuil1'],
  ['ODS', () => attach('clients.ods', toOds(table, 'Abonnés')), 'clients.ods#Abonnés'],
  ['XLS', () => attach('clients.xls', toXls(table, 'Abonnés')), 'clients.xls#Abonnés'],
  ['PDF, written row by row', async () => attach('clients.pdf', await toPdfTable(table, { order: 'rows' })), 'clients.pdf#table1'],
  ['PDF, written column by column', async () => attach('clients.pdf', await toPdfTable(table, { order: 'columns' })), 'clients.pdf#table1'],
  ['DOCX table', () => attach('clients.docx', toDocx(table, ['Liste des abonnés du secteur Var.'])), 'clients.docx#table1'],
  ['ZIP', () => attach('export.zip', makeZip([{ name: 'clients.csv', data: toCsv(table) }])), 'export.zip!clients.csv'],
  ['zip in zip', () => attach('export.zip', makeZip([{ name: 'inner.zip', data: makeZip([{ name: 'clients.csv', data: toCsv(table) }]) }])), 'export.zip!inner.zip!clients.csv'],
  ['nested .eml', () => attach('fwd.eml', attach('clients.csv', toCsv(table)), 'message/rfc822'), 'fwd.eml!clients.csv'],
  ['Outlook .msg', () => attach('relance.msg', toMsg({ subject: 'Relance', body: 'Voir pièce jointe', attachments: [{ name: 'clients.xlsx', data: xlsxTwoSheetsHeaderOnRow4() }] })), 'relance.msg!clients.xlsx#Abonnés'],
  ['inline HTML', () => mail({ type: 'text/html', charset: 'utf-8', encoding: 'quoted-printable', body: `<p>Bonjour,</p>${htmlTable(table)}` }), 'body/html#table1'],
  ['inline text', () => mail(textBody(`Bonjour,\n\n${textTable(table)}\n`)), 'body/text#table1'],
  ['vCard 2.1 (Outlook), quoted-printable', () => attach('contacts.vcf', toVcard(people, '2.1'), 'text/x-vcard'), 'contacts.vcf'],
  ['vCard 3.0 (Google Contacts)', () => attach('contacts.vcf', toVcard(people, '3.0'), 'text/vcard'), 'contacts.vcf'],
  ['vCard 4.0', () => attach('contacts.vcf', toVcard(people, '4.0'), 'text/vcard'), 'contacts.vcf'],
  ['LDIF (Thunderbird address book)', () => attach('carnet.ldif', toLdif(people), 'text/x-ldif'), 'carnet.ldif'],
  ['JSON API dump (snake_case, address nested)', () => attach('clients.json', toJsonDump(people), 'application/json'), 'clients.json'],
  ['NDJSON (camelCase)', () => attach('clients.ndjson', toNdjson(people), 'application/x-ndjson'), 'clients.ndjson'],
  ['label sheet (DOCX, 3 across)', () => attach('etiquettes.docx', labelSheet()), 'etiquettes.docx#table1'],
  ['XML export (repeated elements, namespaced, address nested)', () => attach('abonnes.xml', toXmlExport(people), 'application/xml'), 'abonnes.xml'],
];

describe('the same 200-person table in every container', () => {
  it.each(SHAPES)('%s: one customer-file finding of 200 people, blocked', async (_shape, build, where) => {
    const result = await scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content: await build() }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
    const files = result.findings.filter((f) => f.kind === 'customer-file');
    expect(result.issues).toEqual([]);
    expect(files.map((f) => [f.where, f.people])).toEqual([[where, PEOPLE]]);
    expect([result.verdict, result.people]).toEqual(['block', PEOPLE]);
  });
});
