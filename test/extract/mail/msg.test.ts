import { describe, expect, it } from 'vitest';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import { msgExtractor } from '../../../src/extract/mail/msg.js';
import { officeEncryptedExtractor } from '../../../src/extract/ole/office-encrypted.js';
import type { Limits } from '../../../src/model/limits.js';
import type { Part } from '../../../src/model/part.js';
import { toCsv, toXlsx } from '../../../fixtures/generator/files.js';
import { compoundFile, encryptedOfficeFile } from '../../../fixtures/generator/legacy.js';
import { toMsg } from '../../../fixtures/generator/outlook.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { plainIssues } from '../../helpers/issues.js';

const table = customerTable(makePeople(7, 5));
const CSV = toCsv(table);
const extract = (content: Buffer, limits: Partial<Limits> = {}) => collect(msgExtractor.extract(filePart('mail.msg', content), ctxWith(limits)));
const partsOf = (outs: Awaited<ReturnType<typeof extract>>): Part[] => outs.flatMap((o) => (o.kind === 'part' ? [o.part] : []));

async function walk(part: Part, limits: Partial<Limits> = {}) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = await collect(extractPart(part, ctxWith(limits), log));
  return { units, parts: log.parts, issues: plainIssues(log.issues) };
}

describe('msgExtractor', () => {
  it('gives the body as a decoded text part and each attachment as a part of its own', async () => {
    const outs = await extract(toMsg({ subject: 'Fichier clients', body: 'Bonjour,\r\nci-joint le fichier.', attachments: [{ name: 'clients.csv', data: CSV }] }));
    expect(outs).toEqual([
      { kind: 'part', part: { where: 'mail.msg!body/text', filename: null, declaredType: 'text/plain', content: Buffer.from('Bonjour,\r\nci-joint le fichier.'), text: 'Bonjour,\r\nci-joint le fichier.', depth: 1 } },
      { kind: 'part', part: { where: 'mail.msg!clients.csv', filename: 'clients.csv', declaredType: null, content: CSV, depth: 1 } },
    ]);
  });

  it('hands an HTML-only body over as text/html', async () => {
    const html = '<html><body><p>Bonjour</p></body></html>';
    const [body] = partsOf(await extract(toMsg({ subject: 'x', html })));
    expect(body).toEqual({ where: 'mail.msg!body/html', filename: null, declaredType: 'text/html', content: Buffer.from(html), text: html, depth: 1 });
  });

  it('decompresses a body kept only as compressed RTF and hands it over as text', async () => {
    const rtf = String.raw`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\pard Bonjour Andr\'e9,\par\trowd\cellx1000\cellx2000\pard\intbl Nom\cell Ville\cell\row}`;
    expect(partsOf(await extract(toMsg({ subject: 'x', rtf })))).toEqual([
      { where: 'mail.msg!body/rtf', filename: null, declaredType: 'text/plain', content: Buffer.from('Bonjour André,\nNom\tVille\n'), text: 'Bonjour André,\nNom\tVille\n', depth: 1 },
    ]);
  });

  it('leaves the compressed RTF alone when the message has a plain body: the same body in another form', async () => {
    const outs = await extract(toMsg({ subject: 'x', body: 'Bonjour', rtf: String.raw`{\rtf1 Bonjour\par}` }));
    expect(partsOf(outs).map((p) => p.where)).toEqual(['mail.msg!body/text']);
  });

  it('gives an attached Outlook item as a .msg part named after its subject', async () => {
    const inner = { subject: 'TR Fichier', body: 'voir pièce jointe', attachments: [{ name: 'a.txt', data: Buffer.from('a') }] };
    const parts = partsOf(await extract(toMsg({ subject: 'x', body: 'y', embedded: [inner] })));
    expect(parts.map((p) => [p.where, p.depth])).toEqual([['mail.msg!body/text', 1], ['mail.msg!TR Fichier.msg', 1]]);
    // msgreader rebuilds the embedded item as a .msg file of its own, which reads back the same.
    expect(partsOf(await collect(msgExtractor.extract(parts[1], ctxWith()))).map((p) => [p.where, p.depth, p.text ?? p.content.toString()])).toEqual([
      ['mail.msg!TR Fichier.msg!body/text', 2, 'voir pièce jointe'],
      ['mail.msg!TR Fichier.msg!a.txt', 2, 'a'],
    ]);
  });

  it('stops at maxArchiveEntries attachments with a too-large issue', async () => {
    const attachments = ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, data: Buffer.from(name) }));
    const outs = await extract(toMsg({ subject: 'x', attachments }), { maxArchiveEntries: 2 });
    expect(outs.map((o) => (o.kind === 'part' ? o.part.where : o))).toEqual([
      'mail.msg!a.txt',
      'mail.msg!b.txt',
      { kind: 'issue', code: 'too-large', where: 'mail.msg', detail: expect.objectContaining({ text: 'more than 2 attachments; the rest were not read' }) },
    ]);
  });

  it.each([
    ['a message property stream too short to read', 'corrupt', compoundFile([{ path: '/__properties_version1.0', data: Buffer.alloc(3) }]), 'unreadable Outlook message: '],
    ['a message cut in half', 'truncated', toMsg({ subject: 'x', body: 'y', attachments: [{ name: 'c.csv', data: CSV }] }).subarray(0, 3000), 'the compound file is cut off'],
  ])('reports %s as %s, not as a crash', async (_name, code, content, detail) => {
    const { issues } = await walk(filePart('mail.msg', content));
    expect(issues).toEqual([{ code, where: 'mail.msg', detail: expect.stringContaining(detail) }]);
  });
});

describe('extractPart on Outlook messages', () => {
  it('opens a .msg, its CSV, an embedded .msg and the XLSX inside it, with their depths', async () => {
    const xlsx = await toXlsx(table, { sheetName: 'Clients' });
    const msg = toMsg({
      subject: 'Fichier clients',
      body: 'Bonjour',
      attachments: [{ name: 'clients.csv', data: CSV }],
      embedded: [{ subject: 'fwd', body: 'transfert', attachments: [{ name: 'clients.xlsx', data: xlsx }] }],
    });
    const { parts, issues, units } = await walk(filePart('mail.msg', msg));
    expect(issues).toEqual([]);
    expect(parts.map((p) => [p.where, p.type, p.status])).toEqual([
      ['mail.msg', 'msg', 'scanned'],
      ['mail.msg!body/text', 'text', 'scanned'],
      ['mail.msg!clients.csv', 'csv', 'scanned'],
      ['mail.msg!fwd.msg', 'msg', 'scanned'],
      ['mail.msg!fwd.msg!body/text', 'text', 'scanned'],
      ['mail.msg!fwd.msg!clients.xlsx', 'xlsx', 'scanned'],
    ]);
    const tables = units.flatMap(({ unit }) => (unit.kind === 'table' ? [[unit.where, unit.rows.length]] : []));
    expect(tables).toEqual([['mail.msg!clients.csv', 6], ['mail.msg!fwd.msg!clients.xlsx#Clients', 6]]);
  });

  it('gives the attachments of a .msg depth + 1, and stops nested .msg past maxDepth with too-deep', async () => {
    const msg = toMsg({ subject: 'a', embedded: [{ subject: 'b', embedded: [{ subject: 'c', attachments: [{ name: 'x.csv', data: CSV }] }] }] });
    const { parts, issues } = await walk(filePart('mail.msg', msg), { maxDepth: 1 });
    expect(parts.map((p) => [p.where, p.status])).toEqual([['mail.msg', 'scanned'], ['mail.msg!b.msg', 'scanned'], ['mail.msg!b.msg!c.msg', 'issue']]);
    expect(issues).toEqual([{ code: 'too-deep', where: 'mail.msg!b.msg!c.msg', detail: 'nested more than 1 levels deep' }]);
  });

  it('reports a password-protected Office file as encrypted', async () => {
    const content = encryptedOfficeFile();
    expect(await walk(filePart('salaires.xlsx', content))).toEqual({
      units: [],
      parts: [{ where: 'salaires.xlsx', type: 'office-encrypted', bytes: content.length, status: 'issue' }],
      issues: [{ code: 'encrypted', where: 'salaires.xlsx', detail: 'password-protected Office document' }],
    });
    await expect(collect(officeEncryptedExtractor.extract(filePart('x.docx', content), ctxWith()))).rejects.toMatchObject({ code: 'encrypted' });
  });

  it('does not crash on noise behind the OLE signature: corrupt', async () => {
    const noise = Buffer.alloc(2048);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) & 0xff;
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(noise);
    const { parts, issues } = await walk(filePart('x.msg', noise));
    expect(parts).toEqual([{ where: 'x.msg', type: 'ole', bytes: 2048, status: 'issue' }]);
    expect(issues).toEqual([{ code: 'corrupt', where: 'x.msg', detail: 'damaged compound file: unknown header layout' }]);
  });
});
