import { describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage } from '../../src/scan-message.js';

/**
 * Malformed MIME through the whole pipeline: each gives a verdict, within the limits, with the
 * issue where content could not be read; never a crash, never a pass for what was not read.
 */
const scan = (content: Buffer) => scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
const CSV = toCsv(customerTable(makePeople(3, 20)));
const HEAD = 'From: a@example.org\r\nTo: b@example.net\r\nSubject: x\r\nMIME-Version: 1.0\r\n';
/** A mail with a short text body and one attachment with the given part headers and raw body. */
const withPart = (headers: string, body: Buffer) =>
  Buffer.concat([Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--b\r\n${headers}\r\n\r\n`, 'latin1'), body, Buffer.from('\r\n--b--\r\n')]);
/** The CSV inside `depth` attached messages, each a message/rfc822 part of the one around it. */
function nested(depth: number, inner = Buffer.from(`${HEAD}Content-Type: text/csv\r\nContent-Disposition: attachment; filename=c.csv\r\n\r\n${CSV.toString('latin1')}`, 'latin1')): Buffer {
  let m = inner;
  for (let i = 0; i < depth; i++) m = Buffer.concat([Buffer.from(`${HEAD}Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=f${i}.eml\r\n\r\n`), m]);
  return m;
}
const summary = async (content: Buffer) => {
  const r = await scan(content);
  return { verdict: r.verdict, found: r.findings.filter((f) => f.people > 0).map((f) => `${f.where}:${f.people}`), issues: r.issues.map((i) => `${i.code} ${i.where}: ${i.detail}`) };
};

describe('malformed MIME: a verdict within bounds, the issue where content was not read', () => {
  it.each([
    ['raw 8-bit bytes in the headers (no MIME at all)', () => Buffer.concat([Buffer.from('From: a@example.org\r\nSubject: Re\xe7u \xe9t\xe9\r\nTo: b@example.net\r\n\r\n', 'latin1'), CSV]), { verdict: 'block', found: ['body/text#table1:20'], issues: [] }],
    ['a UTF-7 attachment', () => withPart('Content-Type: text/csv; charset=utf-7\r\nContent-Disposition: attachment; filename=c.csv', CSV), { verdict: 'block', found: ['c.csv:20'], issues: [] }],
    ['an unknown charset', () => withPart('Content-Type: text/csv; charset=x-unknown-42\r\nContent-Disposition: attachment; filename=c.csv', CSV), { verdict: 'block', found: ['c.csv:20'], issues: [] }],
    ['NUL bytes in the text body', () => Buffer.from(`${HEAD}Content-Type: text/plain\r\n\r\n${CSV.toString('latin1').replace(/;/g, ';\0')}`, 'latin1'), { verdict: 'block', found: ['body/text#table1:20'], issues: [] }],
    ['a 50 MB header line', () => Buffer.concat([Buffer.from(`${HEAD}X-Long: ${'a'.repeat(50 * 1024 * 1024)}\r\n\r\n`), CSV]),
      { verdict: 'unscannable', found: [], issues: ['too-large (message): MIME structure not readable: Max header size for a MIME node exceeded'] }],
    ['10,000 MIME parts', () => Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${Array.from({ length: 10_000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('')}--b--\r\n`),
      { verdict: 'unscannable', found: [], issues: ['too-large (message): MIME structure not readable: Max allowed child nodes exceeded'] }],
    ['1,000 nested message/rfc822', () => nested(1000),
      { verdict: 'unscannable', found: [], issues: [`too-deep ${Array.from({ length: 10 }, (_, i) => `f${999 - i}.eml`).join('!')}: nested more than 8 levels deep`] }],
    ['5 nested message/rfc822, under the depth limit', () => nested(5), { verdict: 'block', found: ['f4.eml!f3.eml!f2.eml!f1.eml!f0.eml!c.csv:20'], issues: [] }],
    ['a message/partial fragment inside a forwarded message', () => nested(1, Buffer.from(`${HEAD}Content-Type: message/partial; id="x@example.org"; number=2; total=2\r\n\r\nTm9tO1By\r\n`)),
      { verdict: 'unscannable', found: [], issues: ['partial f0.eml: message/partial fragment 2 of 2: the rest of the message is not here to read'] }],
  ])('%s', async (_name, build, expected) => {
    expect(await summary(build())).toEqual(expected);
  });
});
