import type { HostileCase } from '../hostile-case.js';
import { repeat, streamToFile } from '../hostile-case.js';
import { customersCsv, put } from './common.js';

const HEAD = 'From: Service facturation <facturation@example.org>\r\nTo: relances@example.net\r\nSubject: Fichier\r\nDate: Fri, 05 Aug 2022 09:30:00 +0200\r\nMessage-ID: <hostile@example.org>\r\nMIME-Version: 1.0\r\n';

/** A message of `count` small text parts in one multipart/mixed. */
function manyParts(count: number): string {
  const parts = Array.from({ length: count }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\nnote ${i}\r\n`).join('');
  return `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`;
}

/** `depth` messages each attached (message/rfc822) inside the one around it. */
function nestedMessages(depth: number): string {
  let inner = `${HEAD}Content-Type: text/plain\r\n\r\nfond\r\n`;
  for (let i = 0; i < depth; i++) inner = `${HEAD}Content-Type: message/rfc822\r\n\r\n${inner}`;
  return inner;
}

/** A Subject header of 50 MB on one line, streamed. */
function longHeader(dir: string): Promise<string> {
  return streamToFile(`${dir}/header.eml`, [`${HEAD.replace('Subject: Fichier\r\n', '')}Subject: `, ...repeat('A'.repeat(1024 * 1024), 50), '\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n']);
}

/** An attachment whose base64 is broken: characters outside the alphabet, padding in the middle. */
const badBase64 = () => `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/csv; name="clients.csv"\r\nContent-Disposition: attachment; filename="clients.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\n${customersCsv().toString('base64').replace(/(.{60})/g, '$1!*==\r\n')}\r\n--b--\r\n`;

/** A customer list in quoted-printable with invalid escapes (=ZZ, a lone = at line ends). */
const badQp = () => `${HEAD}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${customersCsv().toString('utf8').replace(/\n/g, '=ZZ\r\n').replace(/;/g, ';=')}\r\n`;

/** A customer list with NUL bytes after every field. */
const nulBytes = () => Buffer.from(`${HEAD}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${customersCsv().toString('utf8').replace(/;/g, ';\0').replace(/\n/g, '\0\r\n')}`, 'utf8');

/** The customer CSV attached (base64) with a NUL byte after every field. */
const nulCsv = () => `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/csv; name="clients.csv"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(customersCsv().toString('utf8').replace(/;/g, ';\0'), 'utf8').toString('base64')}\r\n--b--\r\n`;

/** A customer list in UTF-7 (RFC 2152), as declared. */
function utf7(): string {
  const body = customersCsv().toString('utf8').replace(/[^\x20-\x7e\n]/g, (c) => `+${Buffer.from(c, 'utf16le').swap16().toString('base64').replace(/=+$/, '')}-`);
  return `${HEAD}Content-Type: text/plain; charset=utf-7\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${body.replace(/\n/g, '\r\n')}`;
}

const unknownCharset = () => `${HEAD}Content-Type: text/plain; charset=x-unknown-42\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${customersCsv().toString('utf8').replace(/\n/g, '\r\n')}`;

/** Headers in raw Latin-1 bytes, not RFC 2047 encoded. */
const raw8bit = () => Buffer.from(`From: Service Fran\xe7ais <facturation@example.org>\r\nTo: D\xe9partement <relances@example.net>\r\nSubject: Relev\xe9 d'\xe9t\xe9 \xff\xfe\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n`, 'latin1');

/** A fragment of a message split by message/partial (RFC 2046 §5.2.2): the whole is not here. */
const partial = () => `${HEAD}Content-Type: message/partial; id="abc@example.org"; number=1; total=3\r\n\r\n${HEAD}Content-Type: text/plain\r\n\r\nNom;Pr\r\n`;

/** A customer file attached under a name full of control characters (escape sequences, CR LF). */
const controlName = () => `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/csv; name="=?utf-8?Q?cli=1B[2J=0D=0Aents=07.csv?="\r\nContent-Transfer-Encoding: base64\r\n\r\n${customersCsv().toString('base64')}\r\n--b--\r\n`;

export const MIME_CASES: HostileCase[] = [
  { name: 'mime: 10,000 parts', build: (d) => put(d, 'parts.eml', manyParts(10_000)), expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@(message)'] } },
  { name: 'mime: 1,000 nested message/rfc822', build: (d) => put(d, 'nested.eml', nestedMessages(1000)), expected: { exit: 2, verdict: 'unscannable', issues: [`too-deep@${Array.from({ length: 10 }, () => 'attachment-1').join('!')}`] } },
  { name: 'mime: a 50 MB header line', build: longHeader, expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@(message)'] } },
  { name: 'mime: broken base64 around a customer file', build: (d) => put(d, 'b64.eml', badBase64()), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'mime: broken quoted-printable around a customer list', build: (d) => put(d, 'qp.eml', badQp()), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'mime: NUL bytes in an 8-bit body (not mail: refused whole, never passed)', build: (d) => put(d, 'nul.eml', nulBytes()), expected: { exit: 2, verdict: 'unscannable', issues: ['unsupported@nul.eml'] } },
  { name: 'mime: NUL bytes in an attached customer CSV', build: (d) => put(d, 'nulcsv.eml', nulCsv()), expected: { exit: 2, verdict: 'unscannable', issues: ['unsupported@clients.csv'] } },
  { name: 'mime: a customer list in UTF-7', build: (d) => put(d, 'utf7.eml', utf7()), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'mime: a customer list in an unknown charset', build: (d) => put(d, 'charset.eml', unknownCharset()), expected: { exit: 1, verdict: 'block', issues: [] } },
  { name: 'mime: raw 8-bit headers', build: (d) => put(d, 'raw.eml', raw8bit()), expected: { exit: 0, verdict: 'pass', issues: [] } },
  { name: 'mime: message/partial fragment', build: (d) => put(d, 'partial.eml', partial()), expected: { exit: 2, verdict: 'unscannable', issues: ['partial@(message)'] } },
  { name: 'mime: control characters in an attachment name', build: (d) => put(d, 'control.eml', controlName()), expected: { exit: 1, verdict: 'block', issues: [] } },
];
