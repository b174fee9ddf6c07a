import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvExtractor } from '../../src/extract/text/csv.js';
import { extractPart } from '../../src/extract/extract-part.js';
import type { ExtractLog } from '../../src/extract/extract-part.js';
import type { Limits } from '../../src/model/limits.js';
import type { Part } from '../../src/model/part.js';
import { makePng } from '../../fixtures/generator/bad.js';
import { compoundFile } from '../../fixtures/generator/legacy.js';
import { collect } from '../helpers/collect.js';
import { ctxWith, filePart } from '../helpers/parts.js';
import { messageContext } from '../../src/extract/extractor.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { makeZip } from '../helpers/zip-writer.js';
import { plainIssues } from '../helpers/issues.js';

const CSV = Buffer.from('Nom;Ville\nDUPONT;Toulon\n');
const CSV_TABLE = (where: string) => ({ kind: 'table', where, header: null, rows: [['Nom', 'Ville'], ['DUPONT', 'Toulon']], totalRows: 2 });
/** A Word 97-2003 document as far as sniffing can tell: a compound file with a WordDocument stream. */
const OLE = compoundFile([{ path: '/WordDocument', data: Buffer.alloc(8) }]);
const PNG = makePng();
const ZIP_X = makeZip([{ name: 'x.csv', data: CSV }]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1');
const WAV = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(24)]);
const SQLITE = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)]);
const NUMBERS = makeZip([{ name: 'Index/Document.iwa', data: Buffer.from([0, 1, 2, 3]) }, { name: 'Metadata/Properties.plist', data: Buffer.from('<plist/>') }]);

async function walk(part: Part, bareFile = false, limits: Partial<Limits> = {}) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = await collect(extractPart(part, ctxWith(limits), log, bareFile));
  return { units, parts: log.parts, issues: plainIssues(log.issues) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('extractPart', () => {
  it('opens a ZIP, then the CSV inside it, and records both parts', async () => {
    const zip = ZIP_X;
    expect(await walk(filePart('a.zip', zip))).toEqual({
      units: [{ unit: CSV_TABLE('a.zip!x.csv'), inAttachment: true, inBody: false }],
      parts: [
        { where: 'a.zip', type: 'zip', bytes: zip.length, status: 'scanned' },
        { where: 'a.zip!x.csv', type: 'csv', bytes: CSV.length, status: 'scanned' },
      ],
      issues: [],
    });
  });

  it.each([
    ['an image in a mail is skipped', 'photo.png', PNG, false, 'image', 'skipped', []],
    ['a GIF logo in a mail is skipped', 'logo.gif', GIF, false, 'image', 'skipped', []],
    ['a WOFF2 font in a mail is skipped', 'font.woff2', Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(40)]), false, 'font', 'skipped', []],
    ['an empty attachment in a mail is skipped', 'vide.txt', Buffer.alloc(0), false, 'empty', 'skipped', []],
    ['random binary in a mail is unsupported', 'blob.bin', Buffer.from([1, 0, 2, 0, 3]), false, 'binary', 'issue', [{ code: 'unsupported', where: 'blob.bin', detail: 'not a mail nor a file type pii-scan reads (binary)' }]],
    ['a SQLite database in a mail is unsupported', 'base.db', SQLITE, false, 'sqlite', 'issue', [{ code: 'unsupported', where: 'base.db', detail: 'SQLite database: not read' }]],
    ['an Apple Numbers document in a mail is unsupported', 'clients.numbers', NUMBERS, false, 'numbers', 'issue', [{ code: 'unsupported', where: 'clients.numbers', detail: 'Apple Numbers document: not read (export it as .xlsx or .csv)' }]],
    ['a bare PNG file is unsupported', 'photo.png', PNG, true, 'image', 'issue', [{ code: 'unsupported', where: 'photo.png', detail: 'PNG image: no text to read' }]],
    ['a bare binary file is unsupported', 'blob.bin', Buffer.from([1, 0, 2, 0, 3]), true, 'binary', 'issue', [{ code: 'unsupported', where: 'blob.bin', detail: 'not a mail nor a file type pii-scan reads (binary)' }]],
    ['an OLE file in a mail is unsupported', 'old.doc', OLE, false, 'ole', 'issue', [{ code: 'unsupported', where: 'old.doc', detail: 'Office 97-2003 or Outlook file: this format is not read yet' }]],
    ['a cut-off OLE file is truncated', 'old.xls', OLE.subarray(0, 100), false, 'ole', 'issue', [{ code: 'truncated', where: 'old.xls', detail: 'the compound file is cut off' }]],
  ] as const)('%s', async (_name, where, content, bare, type, status, issues) => {
    expect(await walk(filePart(where, content), bare)).toEqual({ units: [], parts: [{ where, type, bytes: content.length, status }], issues });
  });

  it('lists media as unsupported when skipTypes leaves its type out, and as skipped when it lists it', async () => {
    const log: ExtractLog = { parts: [], issues: [] };
    const ctx = messageContext(DEFAULT_LIMITS, ['audio']);
    await collect(extractPart(filePart('logo.png', PNG), ctx, log));
    await collect(extractPart(filePart('son.wav', WAV), ctx, log));
    expect({ ...log, issues: plainIssues(log.issues) }).toEqual({
      parts: [
        { where: 'logo.png', type: 'image', bytes: PNG.length, status: 'issue' },
        { where: 'son.wav', type: 'audio', bytes: WAV.length, status: 'skipped' },
      ],
      issues: [{ code: 'unsupported', where: 'logo.png', detail: 'PNG image: no text to read (skipTypes does not list image)' }],
    });
  });

  it('reads an attached mbox as text', async () => {
    const mbox = 'From x@y Mon Jan  3 10:00:00 2022\nSubject: x\n\nhi\n';
    const { units, parts } = await walk(filePart('boite.mbox', mbox));
    expect(units).toEqual([{ unit: { kind: 'text', where: 'boite.mbox', text: mbox }, inAttachment: true, inBody: false }]);
    expect(parts).toEqual([{ where: 'boite.mbox', type: 'text', bytes: mbox.length, status: 'scanned' }]);
  });

  it.each([
    ['a decoded body at depth 0 is a body, not in an attachment', 'body/text', 0, false],
    ['the body of a forwarded message is in an attachment, and still a body', 'fwd.eml!body/text', 1, true],
  ])('%s', async (_name, where, depth, inAttachment) => {
    const body: Part = { where, filename: null, declaredType: 'text/plain', content: Buffer.from('Bonjour'), text: 'Bonjour', depth };
    expect((await walk(body)).units).toEqual([{ unit: { kind: 'text', where, text: 'Bonjour' }, inAttachment, inBody: true }]);
  });

  it.each([
    ['a part deeper than maxDepth', filePart('x.csv', CSV, 9), {}, [{ where: 'x.csv', type: 'csv', bytes: CSV.length, status: 'issue' }], [{ code: 'too-deep', where: 'x.csv', detail: 'nested more than 8 levels deep' }]],
    ['a ZIP entry past maxDepth 0', filePart('a.zip', ZIP_X), { maxDepth: 0 }, [
      { where: 'a.zip', type: 'zip', bytes: ZIP_X.length, status: 'scanned' },
      { where: 'a.zip!x.csv', type: 'csv', bytes: CSV.length, status: 'issue' },
    ], [{ code: 'too-deep', where: 'a.zip!x.csv', detail: 'nested more than 0 levels deep' }]],
  ])('reports too-deep for %s', async (_name, part, limits, parts, issues) => {
    expect(await walk(part, false, limits)).toEqual({ units: [], parts, issues });
  });

  it('keeps the archive scanned when only one of its entries has an issue', async () => {
    const zip = makeZip([{ name: 'paie.csv', data: CSV, flags: 0x1 }, { name: 'x.csv', data: CSV }]);
    const { units, parts, issues } = await walk(filePart('a.zip', zip));
    expect(units).toEqual([{ unit: CSV_TABLE('a.zip!x.csv'), inAttachment: true, inBody: false }]);
    expect(parts.map((p) => [p.where, p.status])).toEqual([['a.zip', 'scanned'], ['a.zip!x.csv', 'scanned']]);
    expect(issues).toEqual([{ code: 'encrypted', where: 'a.zip!paie.csv', detail: 'password-protected entry' }]);
  });

  it('turns a PartIssueError of the extractor into an issue on the part', async () => {
    const cut = ZIP_X.subarray(0, 60);
    expect(await walk(filePart('a.zip', cut))).toEqual({
      units: [],
      parts: [{ where: 'a.zip', type: 'zip', bytes: 60, status: 'issue' }],
      issues: [{ code: 'truncated', where: 'a.zip', detail: 'the archive is cut off (no central directory)' }],
    });
  });

  it('turns a plain Error of the extractor into a corrupt issue with a one-line detail', async () => {
    vi.spyOn(csvExtractor, 'extract').mockImplementation(async function* () {
      yield* [];
      throw new Error('parser exploded\n    at somewhere (file.js:1:1)');
    });
    expect(await walk(filePart('x.csv', CSV))).toEqual({
      units: [],
      parts: [{ where: 'x.csv', type: 'csv', bytes: CSV.length, status: 'issue' }],
      issues: [{ code: 'corrupt', where: 'x.csv', detail: 'could not be read: parser exploded' }],
    });
  });
});
