import type { Part, PartType } from '../model/part.js';
import { startsWithMboxSeparator } from '../sources/mbox.js';
import { decodeText, utf16WithoutBom } from './text/decode-text.js';
import { sniffOle } from './ole/sniff-ole.js';
import { sniffMedia } from './sniff-media.js';
import { sniffPkcs7 } from './mail/pkcs7-der.js';

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);
/** Binary formats recognised by a fixed signature at byte 0 (media are in sniff-media.ts). */
const SIGNATURES: readonly (readonly [string, PartType])[] = [
  ['SQLite format 3\0', 'sqlite'],
  ['{\\rtf', 'rtf'],
];
/** An OpenPGP armoured message: encrypted content (a signed-only block, BEGIN PGP SIGNED MESSAGE, is clear text). */
const PGP_MESSAGE = '-----BEGIN PGP MESSAGE-----';
/** Header names that open an RFC 822 message; one of them must be among the first lines. */
const MAIL_HEADER = /^(?:from|to|subject|date|message-id|received|return-path|mime-version|delivered-to|x-[\w-]+|reply-to|cc|content-type|sender|dkim-signature|authentication-results|thread-topic|in-reply-to|references):/im;
const DELIMITERS = [';', ',', '\t', '|'];
/** OpenDocument's first entry: `mimetype`, stored, its content the media type (ODF 1.2 §3.3). */
const OPEN_DOCUMENT = /^mimetypeapplication\/vnd\.oasis\.opendocument\.(text|spreadsheet)(?!-template)/;
/** The part that makes an archive an Office Open XML package of each kind. */
const OOXML_MAIN_PARTS: readonly (readonly [string, PartType])[] = [
  ['xl/workbook.xml', 'xlsx'],
  ['word/document.xml', 'docx'],
  ['ppt/presentation.xml', 'pptx'],
  ['xl/workbook.bin', 'xlsb'],
  // Apple Numbers (iWork '13 and later): protobuf archives in Index/, not read.
  ['Index/Document.iwa', 'numbers'],
];
/** Archives and compressed files by their signature, checked after ZIP and OLE (at 0 unless said). */
const ARCHIVE_MAGIC: readonly (readonly [PartType, number[], number?])[] = [
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]], // 7z signature header
  ['rar', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // Rar!\x1a\x07: v4 (then 00), v5 (then 01 00)
  ['gzip', [0x1f, 0x8b, 0x08]], // RFC 1952, deflate
  ['bzip2', [0x42, 0x5a, 0x68]], // BZh (then the block size digit, checked below)
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]], // xz stream header
  ['tar', [0x75, 0x73, 0x74, 0x61, 0x72], 257], // "ustar" at 257: POSIX ustar, pax and GNU
];
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;

/** Recognises a part's type from its bytes; names and MIME types are the sender's word, not proof. */
export function sniffType(part: Pick<Part, 'content' | 'declaredType' | 'text'>): PartType {
  if (part.text !== undefined) {
    if (part.text.includes(PGP_MESSAGE)) return 'pgp';
    return part.declaredType === 'text/html' ? 'html' : 'text';
  }
  const buf = part.content;
  if (buf.length === 0) return 'empty';
  const signature = SIGNATURES.find(([magic]) => buf.subarray(0, magic.length).toString('latin1') === magic);
  if (signature) return signature[1];
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) return sniffOle(buf);
  if (startsWith(buf, [0x78, 0x9f, 0x3e, 0x22])) return 'tnef'; // winmail.dat: signature 0x223E9F78, little-endian
  const archive = ARCHIVE_MAGIC.find(([, m, at = 0]) => m.every((b, i) => buf[at + i] === b));
  if (archive && (archive[0] !== 'bzip2' || (buf[3] >= 0x31 && buf[3] <= 0x39))) return archive[0];
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (sniffPkcs7(buf)) return 'pkcs7';
  const media = sniffMedia(buf);
  if (media) return media.type;
  const head = buf.subarray(0, 64 * 1024);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || utf16WithoutBom(head) !== null;
  if (utf16) return sniffText(decodeText(head));
  if (looksBinary(head)) return 'binary';
  return sniffText(head.toString('latin1'));
}

/** NUL bytes or many control characters: not text in any encoding pii-scan reads as text. */
function looksBinary(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > head.length / 100;
}

function sniffText(head: string): PartType {
  const text = head.replace(/^\ufeff|^\xef\xbb\xbf/, '');
  if (text.includes(PGP_MESSAGE)) return 'pgp';
  if (startsWithMboxSeparator(text)) return 'mbox';
  if (/^\s*BEGIN:VCARD[ \t]*(?:\r?\n|$)/i.test(text)) return 'vcard';
  if (/^\s*(?:version:[ \t]*1[ \t]*\r?\n\s*)?dn::?[ \t]/i.test(text)) return 'ldif';
  // An array of objects, or an object: JSON; one object a line: NDJSON. The reader reads as text what does not parse.
  if (/^\s*(?:\[\s*\{|\{\s*")/.test(text)) return 'json';
  const firstLines = text.split(/\r?\n/, 8);
  if (/^[\x21-\x39\x3b-\x7e]+:/.test(firstLines[0] ?? '') && firstLines.slice(0, 8).some((l) => MAIL_HEADER.test(l))) return 'rfc822';
  if (/^\s*(?:<!doctype html|<html|<head|<body|<table|<meta)/i.test(text) || /<table[\s>]/i.test(text.slice(0, 4096))) return 'html';
  // Markup that is not HTML: an XML export. The reader reads as text what is not well-formed.
  if (/^\s*(?:<\?xml[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*)?<(?!html[\s>])[A-Za-z_][\w.:-]*[\s>]/i.test(text)) return 'xml';
  return looksDelimited(firstLines) ? 'csv' : 'text';
}

/** Two lines or more with the same, non-zero count of one delimiter: a CSV (or TSV). */
function looksDelimited(lines: string[]): boolean {
  const filled = lines.filter((l) => l.trim()).slice(0, 6);
  if (filled.length < 2) return false;
  return DELIMITERS.some((d) => {
    const counts = filled.map((l) => l.split(d).length - 1);
    return counts[0] >= 1 && counts.filter((c) => c === counts[0]).length >= Math.ceil(filled.length * 0.8);
  });
}

/** Tells Office documents (OOXML, OpenDocument) from other ZIP archives. */
function sniffZip(buf: Buffer): PartType {
  const entries = centralDirectory(buf);
  const mimetype = entries?.get('mimetype');
  // ODF wants `mimetype` first; some writers (SheetJS) put it elsewhere, still stored.
  const head = buf.subarray(30, 110).toString('latin1');
  const odf = OPEN_DOCUMENT.exec(head) ?? (mimetype ? OPEN_DOCUMENT.exec(`mimetype${storedData(buf, mimetype)}`) : null);
  if (odf) return odf[1] === 'text' ? 'odt' : 'ods';
  // A cut-off file has no central directory: then its local headers have to do, so that a
  // truncated workbook is still reported as one.
  const has = entries ? (name: string) => entries.has(name) : (name: string) => buf.includes(name);
  return OOXML_MAIN_PARTS.find(([name]) => has(name))?.[1] ?? 'zip';
}

interface CentralEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

/**
 * Entries of the central directory by name, or null when there is none to read. Only the
 * archive's own names count: a ZIP that stores a .docx holds `word/document.xml` in its bytes
 * too, and must stay a ZIP so that the document inside it is opened in turn.
 */
function centralDirectory(buf: Buffer): Map<string, CentralEntry> | null {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const tail = Math.max(0, buf.length - 22 - 0xffff);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < tail || end + 22 > buf.length) return null;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = new Map<string, CentralEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('latin1');
    entries.set(name, { method: buf.readUInt16LE(at + 10), compressedSize: buf.readUInt32LE(at + 20), localOffset: buf.readUInt32LE(at + 42) });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/** The first bytes of a stored (uncompressed) entry, as Latin-1; '' for a deflated one. */
function storedData(buf: Buffer, entry: CentralEntry): string {
  const at = entry.localOffset;
  if (entry.method !== 0 || at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER) return '';
  const data = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  return buf.subarray(data, data + Math.min(entry.compressedSize, 80)).toString('latin1');
}
