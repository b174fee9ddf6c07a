import { toDocx } from '../../../fixtures/generator/office.js';
import { OFFICE_DOCUMENT_REL, contentTypes, relationships, xmlEntry } from '../../../fixtures/generator/office-parts.js';
import { toMsg, toTnef, TNEF_ATT } from '../../../fixtures/generator/outlook.js';
import { toXls } from '../../../fixtures/generator/legacy.js';
import { makeZip } from '../../../fixtures/generator/zip-writer.js';
import type { HostileCase } from '../hostile-case.js';
import { customersCsv, put } from './common.js';

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

/** An XLSX package around one worksheet's XML (`prolog` goes before the root element). */
function xlsxOf(sheetXml: string, prolog = ''): Buffer {
  const sheet = xmlEntry('xl/worksheets/sheet1.xml', `${prolog}<worksheet xmlns="${SHEET_NS}">${sheetXml}</worksheet>`);
  return makeZip([
    contentTypes([['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'], ['xl/worksheets/sheet1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml']]),
    relationships('_rels/.rels', [['rId1', OFFICE_DOCUMENT_REL, 'xl/workbook.xml']]),
    xmlEntry('xl/workbook.xml', `<workbook xmlns="${SHEET_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    relationships('xl/_rels/workbook.xml.rels', [['rId1', SHEET_REL, 'worksheets/sheet1.xml']]),
    { ...sheet, method: 'deflate' },
  ]);
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A sheet that claims the whole grid (A1:XFD1048576) and puts one cell in its last corner. */
const claimsMillionRows = () => xlsxOf(`<dimension ref="A1:XFD1048576"/><sheetData><row r="1">${inline('A1', 'Article')}</row><row r="1048576">${inline('XFD1048576', 'fin')}</row></sheetData>`);

/** 1,048,576 rows of one short cell each: a whole sheet of nothing personal. */
function millionRows(): Buffer {
  const rows: string[] = [];
  for (let r = 1; r <= 1_048_576; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r % 10}</v></c></row>`);
  return xlsxOf(`<sheetData>${rows.join('')}</sheetData>`);
}

/** The billion laughs: ten levels of ten references, 10^9 copies of "lol" if expanded. */
const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;

const laughsXlsx = () => xlsxOf(`<sheetData><row r="1">${inline('A1', '&lol9;')}</row></sheetData>`, LAUGHS);

function laughsDocx(): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  return makeZip([
    contentTypes([['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]),
    relationships('_rels/.rels', [['rId1', OFFICE_DOCUMENT_REL, 'word/document.xml']]),
    xmlEntry('word/document.xml', `${LAUGHS}<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`),
  ]);
}

const ODF = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';

/** An .ods whose content.xml is `body` (mimetype stored first, as ODF requires). */
function odsOf(body: string, prolog = ''): Buffer {
  return makeZip([
    { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), method: 'store' },
    xmlEntry('META-INF/manifest.xml', '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'),
    { ...xmlEntry('content.xml', `${prolog}<office:document-content ${ODF}><office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></office:document-content>`), method: 'deflate' },
  ]);
}

const laughsOds = () => odsOf('<table:table table:name="Feuil1"><table:table-row><table:table-cell><text:p>&lol9;</text:p></table:table-cell></table:table-row></table:table>', LAUGHS);

/** One row of 16,384 repeated non-empty cells, repeated 1,048,576 times: 17 billion cells claimed. */
const repeatedOds = () => odsOf('<table:table table:name="Feuil1"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>Dupont</text:p></table:table-cell></table:table-row></table:table>');

/**
 * A compound file whose directory chain loops on itself: the FAT entry of the directory's first
 * sector points back at that sector. A reader that follows chains without a guard never ends.
 */
function loopedCfb(cfb: Buffer): Buffer {
  const out = Buffer.from(cfb);
  const shift = out.readUInt16LE(30);
  const size = 1 << shift;
  const firstFat = out.readUInt32LE(0x4c);
  const dirStart = out.readUInt32LE(0x30);
  out.writeUInt32LE(dirStart, size + firstFat * size + dirStart * 4);
  return out;
}

const people = () => {
  const lines = customersCsv(20).toString('utf8').trim().split('\n').map((l) => l.split(';'));
  return { header: lines[0], rows: lines.slice(1) };
};

/** A winmail.dat whose attachment data attribute claims 2 GB, with 100 bytes behind it. */
function lyingTnef(): Buffer {
  const tnef = toTnef({ body: 'Bonjour', attachments: [{ name: 'clients.csv', data: Buffer.alloc(100, 0x41) }] });
  const id = Buffer.alloc(4);
  id.writeUInt32LE(TNEF_ATT.attachData, 0);
  const at = tnef.indexOf(id);
  tnef.writeUInt32LE(0x7fffffff, at + 4);
  return tnef;
}

/** `depth` tables each nested in the first cell of the one around it. */
function nestedTablesDocx(depth: number): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const xml = `${'<w:tbl><w:tr><w:tc>'.repeat(depth)}<w:p><w:r><w:t>fond</w:t></w:r></w:p>${'</w:tc></w:tr></w:tbl><w:p/>'.repeat(depth)}`;
  return makeZip([
    contentTypes([['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]),
    relationships('_rels/.rels', [['rId1', OFFICE_DOCUMENT_REL, 'word/document.xml']]),
    { ...xmlEntry('word/document.xml', `<w:document xmlns:w="${W}"><w:body>${xml}</w:body></w:document>`), method: 'deflate' },
  ]);
}

export const OFFICE_CASES: HostileCase[] = [
  { name: 'xlsx: dimension A1:XFD1048576, a cell in the last corner', build: (d) => put(d, 'grid.xlsx', claimsMillionRows()), expected: { exit: 0, verdict: 'pass', issues: [] } },
  { name: 'xlsx: 1,048,576 rows of one digit', build: (d) => put(d, 'rows.xlsx', millionRows()), expected: { exit: 0, verdict: 'pass', issues: [] } },
  { name: 'xlsx: billion laughs in the sheet', build: (d) => put(d, 'laughs.xlsx', laughsXlsx()), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@laughs.xlsx'] } },
  { name: 'docx: billion laughs in document.xml', build: (d) => put(d, 'laughs.docx', laughsDocx()), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@laughs.docx'] } },
  { name: 'ods: billion laughs in content.xml', build: (d) => put(d, 'laughs.ods', laughsOds()), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@laughs.ods'] } },
  { name: 'ods: a row of 16,384 repeated cells repeated 1,048,576 times', build: (d) => put(d, 'repeated.ods', repeatedOds()), expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@repeated.ods'] } },
  { name: 'xls: directory sector chain looping on itself', build: (d) => put(d, 'loop.xls', loopedCfb(toXls(people(), 'Clients'))), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@loop.xls'] } },
  { name: 'msg: directory sector chain looping on itself', build: (d) => put(d, 'loop.msg', loopedCfb(toMsg({ subject: 'Fichier', body: 'Bonjour', attachments: [{ name: 'clients.csv', data: customersCsv(20) }] }))), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@loop.msg'] } },
  { name: 'tnef: attachment data claiming 2 GB', build: (d) => put(d, 'winmail.dat', lyingTnef()), expected: { exit: 2, verdict: 'unscannable', issues: ['truncated@winmail.dat'] } },
  { name: 'docx: 1,000,000 empty paragraphs', build: (d) => put(d, 'empty.docx', toDocx(null, Array.from({ length: 1_000_000 }, () => ''))), expected: { exit: 0, verdict: 'pass', issues: [] } },
  { name: 'docx: tables nested 5,000 deep', build: (d) => put(d, 'nested.docx', nestedTablesDocx(5000)), expected: { exit: 0, verdict: 'pass', issues: [] } },
];
