import { describe, expect, it } from 'vitest';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import { readMapiProps } from '../../../src/extract/mail/mapi-props.js';
import { tnefExtractor } from '../../../src/extract/mail/tnef.js';
import type { Limits } from '../../../src/model/limits.js';
import { toCsv } from '../../../fixtures/generator/files.js';
import { TNEF_ATT, tnefAttribute, toCompressedRtf, toTnef } from '../../../fixtures/generator/outlook.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { plainIssues } from '../../helpers/issues.js';

const CSV = toCsv(customerTable(makePeople(9, 5)));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1');
const extract = (content: Buffer, limits: Partial<Limits> = {}) => collect(tnefExtractor.extract(filePart('winmail.dat', content), ctxWith(limits)));
const brief = (outs: Awaited<ReturnType<typeof extract>>) => outs.map((o) => (o.kind === 'part' ? [o.part.where, o.part.text ?? o.part.content] : o.kind === 'issue' ? { ...o, detail: o.detail.text } : o));

describe('tnefExtractor', () => {
  it('gives the body and two attachments under their long names, with their exact bytes, at depth + 1', async () => {
    const outs = await extract(toTnef({ body: 'Bonjour, voici les fichiers. Réf. 2022', attachments: [{ name: 'clients-2022.csv', data: CSV }, { name: 'tarifs.pdf', data: PDF }] }));
    expect(outs).toEqual([
      { kind: 'part', part: { where: 'winmail.dat!body/text', filename: null, declaredType: 'text/plain', content: Buffer.from('Bonjour, voici les fichiers. Réf. 2022'), text: 'Bonjour, voici les fichiers. Réf. 2022', depth: 1 } },
      { kind: 'part', part: { where: 'winmail.dat!clients-2022.csv', filename: 'clients-2022.csv', declaredType: null, content: CSV, depth: 1 } },
      { kind: 'part', part: { where: 'winmail.dat!tarifs.pdf', filename: 'tarifs.pdf', declaredType: null, content: PDF, depth: 1 } },
    ]);
  });

  it('falls back on attAttachTitle when there is no long file name', async () => {
    const head = toTnef({ attachments: [] });
    const attachment = Buffer.concat([
      tnefAttribute(2, TNEF_ATT.attachRendData, Buffer.alloc(14)),
      tnefAttribute(2, TNEF_ATT.attachTitle, Buffer.from('CLIENTS.CSV\0', 'latin1')),
      tnefAttribute(2, TNEF_ATT.attachData, CSV),
    ]);
    expect(brief(await extract(Buffer.concat([head, attachment])))).toEqual([['winmail.dat!CLIENTS.CSV', CSV]]);
  });

  it('reads an attribute length past the end as truncated, keeping the attachments read whole before it', async () => {
    const full = toTnef({ attachments: [{ name: 'a.csv', data: CSV }, { name: 'b.csv', data: CSV }] });
    const cut = full.subarray(0, full.length - CSV.length / 2);
    expect(brief(await extract(cut))).toEqual([
      ['winmail.dat!a.csv', CSV],
      { kind: 'issue', code: 'truncated', where: 'winmail.dat', detail: 'TNEF attribute 0x6800f runs past the end of the stream' },
    ]);
  });

  it('reports a stream cut inside an attribute header as truncated', async () => {
    const full = toTnef({ attachments: [] });
    expect(brief(await extract(full.subarray(0, full.length - 15)))).toEqual([
      { kind: 'issue', code: 'truncated', where: 'winmail.dat', detail: 'TNEF attribute 0x78008 runs past the end of the stream' },
    ]);
    expect(brief(await extract(Buffer.concat([full, Buffer.from([2, 0, 0])])))).toEqual([
      { kind: 'issue', code: 'truncated', where: 'winmail.dat', detail: 'the TNEF stream is cut off inside an attribute header' },
    ]);
  });

  it('reports a checksum mismatch as corrupt', async () => {
    const tnef = Buffer.from(toTnef({ attachments: [{ name: 'a.csv', data: CSV }] }));
    tnef[tnef.indexOf(CSV) + 3] ^= 0x01;
    expect(brief(await extract(tnef))).toEqual([{ kind: 'issue', code: 'corrupt', where: 'winmail.dat', detail: 'TNEF attribute 0x6800f fails its checksum' }]);
  });

  it.each([
    ['PR_BODY', 0x1000, 0x001f, Buffer.from('Bonjour\0', 'utf16le'), [['winmail.dat!body/text', 'Bonjour']]],
    ['PR_HTML', 0x1013, 0x0102, Buffer.from('<p>Bonjour</p>'), [['winmail.dat!body/html', '<p>Bonjour</p>']]],
    ['only PR_RTF_COMPRESSED', 0x1009, 0x0102, toCompressedRtf("{\\rtf1\\ansi\\ansicpg1252 Bonjour Andr\\'e9\\par}"), [['winmail.dat!body/rtf', 'Bonjour André\n']]],
    ['a cut-off PR_RTF_COMPRESSED', 0x1009, 0x0102, Buffer.from('LZFu....'), [{ kind: 'issue', code: 'corrupt', where: 'winmail.dat!body/rtf', detail: 'compressed RTF shorter than its header' }]],
  ])('reads the body from attMAPIProps: %s', async (_name, id, type, value, expected) => {
    const props = Buffer.concat([u32(1), u16(type), u16(id), u32(1), u32(value.length), value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
    const tnef = Buffer.concat([toTnef({ attachments: [] }), tnefAttribute(1, 0x00069003, props)]);
    expect(brief(await extract(tnef))).toEqual(expected);
  });

  it('stops at maxArchiveEntries attachments with a too-large issue', async () => {
    const attachments = ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, data: Buffer.from(name) }));
    expect(brief(await extract(toTnef({ attachments }), { maxArchiveEntries: 2 }))).toEqual([
      ['winmail.dat!a.txt', Buffer.from('a.txt')],
      ['winmail.dat!b.txt', Buffer.from('b.txt')],
      { kind: 'issue', code: 'too-large', where: 'winmail.dat', detail: 'more than 2 attachments; the rest were not read' },
    ]);
  });

  it('gives an attached Outlook item (a TNEF stream in PR_ATTACH_DATA_OBJ) as a part that is read in turn', async () => {
    const inner = toTnef({ attachments: [{ name: 'clients.csv', data: CSV }] });
    const props = Buffer.alloc(16 + 16);
    props.writeUInt32LE(1, 0); // one property
    props.writeUInt16LE(0x000d, 4); // PT_OBJECT
    props.writeUInt16LE(0x3701, 6); // PR_ATTACH_DATA_OBJ
    props.writeUInt32LE(1, 8); // one value
    props.writeUInt32LE(16 + inner.length, 12); // its length: IID, then the stream
    const value = Buffer.concat([props, inner, Buffer.alloc((4 - (inner.length % 4)) % 4)]);
    const outer = Buffer.concat([
      toTnef({ attachments: [] }),
      tnefAttribute(2, TNEF_ATT.attachRendData, Buffer.alloc(14)),
      tnefAttribute(2, TNEF_ATT.attachTitle, Buffer.from('TR Fichier\0', 'latin1')),
      tnefAttribute(2, TNEF_ATT.attachment, value),
    ]);
    const log: ExtractLog = { parts: [], issues: [] };
    const units = await collect(extractPart(filePart('winmail.dat', outer), ctxWith(), log));
    expect(log.parts.map((p) => [p.where, p.type])).toEqual([['winmail.dat', 'tnef'], ['winmail.dat!TR Fichier', 'tnef'], ['winmail.dat!TR Fichier!clients.csv', 'csv']]);
    expect(units.map((u) => u.unit.where)).toEqual(['winmail.dat!TR Fichier!clients.csv']);
  });

  it('opens TNEF inside TNEF: an attached item carrying a winmail.dat, itself carrying the file, each a level deeper, one budget', async () => {
    const innermost = toTnef({ attachments: [{ name: 'clients.csv', data: CSV }] });
    const item = toTnef({ body: 'Voir pièce jointe', attachments: [{ name: 'winmail.dat', data: innermost }] });
    const outer = Buffer.concat([toTnef({ attachments: [] }), ...embeddedItem('TR Fichier', item)]);
    const log: ExtractLog = { parts: [], issues: [] };
    const ctx = ctxWith();
    const units = await collect(extractPart(filePart('winmail.dat', outer), ctx, log));
    expect(log.parts.map((p) => [p.where, p.type, p.status])).toEqual([
      ['winmail.dat', 'tnef', 'scanned'],
      ['winmail.dat!TR Fichier', 'tnef', 'scanned'],
      ['winmail.dat!TR Fichier!body/text', 'text', 'scanned'],
      ['winmail.dat!TR Fichier!winmail.dat', 'tnef', 'scanned'],
      ['winmail.dat!TR Fichier!winmail.dat!clients.csv', 'csv', 'scanned'],
    ]);
    expect(units.map((u) => u.unit.where)).toEqual(['winmail.dat!TR Fichier!body/text', 'winmail.dat!TR Fichier!winmail.dat!clients.csv']);
    expect(log.issues).toEqual([]);
  });

  it('stops TNEF nested past maxDepth with too-deep', async () => {
    let tnef = toTnef({ attachments: [{ name: 'clients.csv', data: CSV }] });
    for (let i = 0; i < 3; i++) tnef = toTnef({ attachments: [{ name: 'winmail.dat', data: tnef }] });
    const log: ExtractLog = { parts: [], issues: [] };
    await collect(extractPart(filePart('winmail.dat', tnef), ctxWith({ maxDepth: 2 }), log));
    expect(plainIssues(log.issues)).toEqual([{ code: 'too-deep', where: 'winmail.dat!winmail.dat!winmail.dat!winmail.dat', detail: 'nested more than 2 levels deep' }]);
  });
});

/** The attributes of an attached Outlook item: its title, then attAttachment with PR_ATTACH_DATA_OBJ (IID, then the item as TNEF). */
function embeddedItem(title: string, tnef: Buffer): Buffer[] {
  const head = Buffer.concat([u32(1), u16(0x000d), u16(0x3701), u32(1), u32(16 + tnef.length), Buffer.alloc(16)]);
  const value = Buffer.concat([head, tnef, Buffer.alloc((4 - (tnef.length % 4)) % 4)]);
  return [
    tnefAttribute(2, TNEF_ATT.attachRendData, Buffer.alloc(14)),
    tnefAttribute(2, TNEF_ATT.attachTitle, Buffer.from(`${title}\0`, 'latin1')),
    tnefAttribute(2, TNEF_ATT.attachment, value),
  ];
}

describe('readMapiProps', () => {
  it('steps over fixed, named and multi-valued properties to the one it wants', () => {
    const name = Buffer.from('nom.csv\0', 'utf16le');
    const parts = [
      u32(5),
      u16(0x0003), u16(0x0e21), u32(7), // PT_LONG
      u16(0x0040), u16(0x3007), Buffer.alloc(8), // PT_SYSTIME
      u16(0x1003), u16(0x0e22), u32(2), u32(1), u32(2), // PT_MV_LONG, two values
      // Named by a string: GUID, kind 1, name length and name (padded to 4), then the value.
      u16(0x001f), u16(0x8005), Buffer.alloc(16), u32(1), u32(6), Buffer.from('x\0y\0\0\0'), Buffer.alloc(2), u32(1), u32(3), Buffer.from('abc'), Buffer.alloc(1),
      u16(0x001f), u16(0x3707), u32(1), u32(name.length), name,
    ];
    const found = readMapiProps(Buffer.concat(parts), new Set([0x3707]));
    expect(found.get(0x3707)?.bytes.toString('utf16le')).toBe('nom.csv\0');
  });

  it('stops at a length past the end instead of reading past it', () => {
    const found = readMapiProps(Buffer.concat([u32(1), u16(0x001f), u16(0x3707), u32(1), u32(1000), Buffer.from('ab')]), new Set([0x3707]));
    expect(found.size).toBe(0);
  });
});

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}
