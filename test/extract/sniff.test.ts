import { describe, expect, it } from 'vitest';
import { sniffType } from '../../src/extract/sniff.js';
import type { PartType } from '../../src/model/part.js';
import * as XLSX from '@e965/xlsx';
import { toCsv, toXlsx } from '../../fixtures/generator/files.js';
import { toDocx, toOds, toOdt, toPptx } from '../../fixtures/generator/office.js';
import { compoundFile, encryptedOfficeFile, toXls } from '../../fixtures/generator/legacy.js';
import { toMsg, toTnef } from '../../fixtures/generator/outlook.js';
import { envelopedData, signedData } from '../../fixtures/generator/cms.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { mail, textBody } from '../helpers/mail.js';
import { makeZip } from '../helpers/zip-writer.js';

const sniff = (content: Buffer) => sniffType({ content, declaredType: null });
const bytes = (...b: number[]) => Buffer.from(b);
const table = customerTable(makePeople(11, 5));

/** Deterministic pseudo-random bytes with NULs in them. */
function noise(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out[10] = 0;
  return out;
}

/** A stored `mimetype` first, as ODF writes it, then one entry. */
const odf = (mediaType: string) => makeZip([{ name: 'mimetype', data: Buffer.from(mediaType), method: 'store' }, { name: 'content.xml', data: Buffer.from('<x/>') }]);
const half = (buf: Buffer) => buf.subarray(0, Math.floor(buf.length / 2));

function sheetJsOds(): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([table.header, ...table.rows]), 'Abonnés');
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}

describe('sniffType', () => {
  it('reads an inline OpenPGP message in a mail body as pgp', () => {
    expect(sniffType({ content: Buffer.alloc(0), declaredType: 'text/plain', text: 'Voici :\n-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----\n' })).toBe('pgp');
  });

  const cases: [string, Buffer, PartType][] = [
    ['empty', Buffer.alloc(0), 'empty'],
    ['PNG magic', Buffer.concat([bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), Buffer.alloc(20, 1)]), 'image'],
    ['JPEG magic', Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0), Buffer.alloc(20, 1)]), 'image'],
    ['GIF magic', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image'],
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), 'pdf'],
    ['PDF after junk bytes', Buffer.from('\r\n  \n%PDF-1.4\n1 0 obj\n', 'latin1'), 'pdf'],
    ['plain ZIP', makeZip([{ name: 'notes.txt', data: Buffer.from('bonjour') }]), 'zip'],
    ['OLE magic', Buffer.concat([bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), Buffer.alloc(504)]), 'ole'],
    ['Excel 97-2003 workbook', toXls(table, 'Clients'), 'xls'],
    ['Outlook .msg', toMsg({ subject: 'Fichier', body: 'Bonjour', attachments: [{ name: 'c.csv', data: toCsv(table) }] }), 'msg'],
    ['password-protected .xlsx', encryptedOfficeFile(), 'office-encrypted'],
    ['Word 97-2003 document', compoundFile([{ path: '/WordDocument', data: Buffer.alloc(64) }]), 'ole'],
    ['TNEF winmail.dat', toTnef({ body: 'Bonjour', attachments: [{ name: 'c.csv', data: toCsv(table) }] }), 'tnef'],
    ['RFC 822 message', mail(textBody('Bonjour,\nà demain.\n')), 'rfc822'],
    ['mbox head', Buffer.from('From x@y Mon Jan  3 10:00:00 2022\nFrom: a@example.com\nSubject: x\n\nhi\n'), 'mbox'],
    ['HTML', Buffer.from('<!DOCTYPE html>\n<html><body><p>Bonjour</p></body></html>\n'), 'html'],
    ['; CSV', toCsv(table), 'csv'],
    ['tab TSV', toCsv(table, { sep: '\t' }), 'csv'],
    ['plain prose', Buffer.from('Bonjour,\n\nVoici le compte rendu de la réunion de mardi.\nMerci à tous, bonne journée.\n'), 'text'],
    ['random binary with NUL bytes', noise(512), 'binary'],
    ['UTF-16 LE text with BOM', Buffer.concat([bytes(0xff, 0xfe), Buffer.from('Bonjour,\r\nceci est un texte.\r\n', 'utf16le')]), 'text'],
    ['UTF-16 LE CSV without BOM', Buffer.from(toCsv(table).toString('utf8'), 'utf16le'), 'csv'],
    ['UTF-16 BE CSV without BOM', Buffer.from(toCsv(table).toString('utf8'), 'utf16le').swap16(), 'csv'],
    ['UTF-16 LE prose without BOM', Buffer.from('Bonjour,\r\nceci est un texte écrit en UTF-16.\r\n', 'utf16le'), 'text'],
    ['WAV, whose sample bytes alternate with NULs, is not UTF-16', Buffer.concat([Buffer.from('RIFF\x24\x10\x00\x00WAVEfmt ', 'latin1'), Buffer.from('a\0b\0c\0'.repeat(100), 'latin1')]), 'audio'],
    ['SQLite database', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]), 'sqlite'],
    ['RTF', Buffer.from('{\\rtf1\\ansi\\ansicpg1252 Bonjour\\par}'), 'rtf'],
    ['Apple Numbers document', makeZip([{ name: 'Index/Document.iwa', data: Buffer.from([0, 1, 2]) }]), 'numbers'],
    ['Excel binary workbook', makeZip([{ name: '[Content_Types].xml', data: Buffer.from('<x/>') }, { name: 'xl/workbook.bin', data: Buffer.from([0, 1, 2]) }]), 'xlsb'],
    ['CMS SignedData (.p7m)', signedData(Buffer.from('Content-Type: text/plain\r\n\r\nBonjour\r\n')), 'pkcs7'],
    ['CMS SignedData in BER, indefinite lengths', signedData(Buffer.from('Content-Type: text/plain\r\n\r\nBonjour\r\n'), { ber: true }), 'pkcs7'],
    ['CMS EnvelopedData', envelopedData(), 'pkcs7'],
    ['CMS AuthEnvelopedData', envelopedData('authEnveloped'), 'pkcs7'],
    ['an armoured OpenPGP message', Buffer.from('-----BEGIN PGP MESSAGE-----\n\nhQEMA0xyz\n=abcd\n-----END PGP MESSAGE-----\n'), 'pgp'],
    ['an armoured OpenPGP signature is text', Buffer.from('-----BEGIN PGP SIGNATURE-----\n\niQEzBAEB\n=abcd\n-----END PGP SIGNATURE-----\n'), 'text'],
    ['a CSV whose first cell starts like a BMP is still a CSV', Buffer.from('BM;Ville\nBMW;Toulon\nBMX;Hyères\n'), 'csv'],
    ['a CSV whose first cell is "true" is not a font', Buffer.from('true;false\ntrue;true\nfalse;true\n'), 'csv'],
  ];

  it.each(cases)('%s → %s', (_name, content, expected) => {
    expect(sniff(content)).toBe(expected);
  });

  it('tells an XLSX workbook from a plain ZIP', async () => {
    expect(sniff(await toXlsx(table, { sheetName: 'Abonnés' }))).toBe('xlsx');
  });

  it.each([
    ['DOCX', () => toDocx(table, ['Bonjour']), 'docx'],
    ['PPTX', () => toPptx(table, ['Bonjour']), 'pptx'],
    ['ODT', () => toOdt(table, ['Bonjour']), 'odt'],
    ['ODS', () => toOds(table, 'Abonnés'), 'ods'],
    ['ODS written by SheetJS (mimetype not the first entry)', () => sheetJsOds(), 'ods'],
    ['ODS template (not read as a spreadsheet)', () => odf('application/vnd.oasis.opendocument.spreadsheet-template'), 'zip'],
    ['ODF drawing', () => odf('application/vnd.oasis.opendocument.graphics'), 'zip'],
    ['a ZIP storing a DOCX (its bytes hold word/document.xml)', () => makeZip([{ name: 'lettre.docx', data: toDocx(table, ['x']), method: 'store' }]), 'zip'],
    ['the first half of a DOCX (no central directory: local names decide)', () => half(toDocx(table, ['Bonjour'])), 'docx'],
  ] as const)('tells %s from a plain ZIP', (_name, make, expected) => {
    expect(sniff(make())).toBe(expected);
  });

  it.each([
    ['text/plain', 'text'],
    ['text/html', 'html'],
  ] as const)('trusts the MIME layer for a decoded %s body', (declaredType, expected) => {
    expect(sniffType({ content: Buffer.from('x;y\n1;2\n'), declaredType, text: 'x;y\n1;2\n' })).toBe(expected);
  });

  it('sniffs a 3-line UTF-16 LE TSV with BOM as csv (Excel "Unicode text" export)', () => {
    const content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nom\tVille\r\nDUPONT\tToulon\r\nMARTIN\tCuers\r\n', 'utf16le')]);
    expect(sniffType({ content, declaredType: null })).toBe('csv');
  });
});
