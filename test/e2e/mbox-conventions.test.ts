import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { run } from '../../src/cli/run.js';

/**
 * A mailbox of three mails, each with the same 12-person customer CSV, written in every mbox
 * convention: each must give three messages, each blocked for its attachment. A mailbox split
 * inside a message never passes: the part without headers, or the body holding an undecoded
 * attachment, is reported.
 */
const dir = mkdtempSync(join(tmpdir(), 'pii-mbox-'));
const CSV = toCsv(customerTable(makePeople(11, 12))).toString('base64').replace(/.{76}/g, '$&\n');

/** A raw mail with a text body (given lines, written as they are) and the CSV attached. */
const rawMail = (n: number, bodyLines: string[] = ['Bonjour,', 'ci-joint le fichier.']) =>
  [
    `From: service${n}@example.org`, 'To: prestataire@example.net', `Subject: envoi ${n}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="sep"', '',
    '--sep', 'Content-Type: text/plain; charset=utf-8', '', ...bodyLines, '--sep', 'Content-Type: text/csv; name="clients.csv"', 'Content-Disposition: attachment; filename="clients.csv"', 'Content-Transfer-Encoding: base64', '',
    CSV, '--sep--', '',
  ].join('\n');

const DATED = (n: number) => `From service${n}@example.org Mon Aug  ${n} 10:14:32 2022`;
const CONVENTIONS: [string, (n: number) => string, (text: string) => string][] = [
  ['mboxo / mboxrd (asctime date)', DATED, (t) => t],
  ['mboxcl2 (Content-Length, body From lines not quoted)', DATED, (t) => t.replace('MIME-Version: 1.0', `Content-Length: ${Buffer.byteLength(t.slice(t.indexOf('\n\n') + 2))}\nMIME-Version: 1.0`)],
  ['Thunderbird (From - and a date)', (n) => `From - Mon Aug  ${n} 10:14:32 2022\nX-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000`, (t) => t],
  ['From and an address alone', (n) => `From service${n}@example.org`, (t) => t],
  ['From MAILER-DAEMON', (n) => `From MAILER-DAEMON Mon Aug  ${n} 10:14:32 2022`, (t) => t],
  ['CRLF line ends', DATED, (t) => t.replace(/\n/g, '\r\n')],
  ['a leading byte-order mark', DATED, (t) => t],
];

async function scan(name: string, mbox: string | Buffer, ...flags: string[]) {
  const path = join(dir, name);
  writeFileSync(path, mbox);
  const r = await run(['--format', 'json', ...flags, path], { env: { LANG: 'en_GB.UTF-8' } });
  const messages = JSON.parse(r.stdout).messages as { index: number; verdict: string; findings: { where: string; people: number }[]; issues: { code: string; where: string; detail: string }[] }[];
  return { exitCode: r.exitCode, stderr: r.stderr, messages: messages.map((m) => ({ index: m.index, verdict: m.verdict, found: m.findings.filter((f) => f.people > 0).map((f) => `${f.where}:${f.people}`), issues: m.issues.map((i) => `${i.code} ${i.where}: ${i.detail}`) })) };
}

describe('every mbox convention splits into its messages, each attachment found', () => {
  it.each(CONVENTIONS)('%s', async (name, separator, shape) => {
    const text = [1, 2, 3].map((n) => `${separator(n)}\n${rawMail(n)}\n`).join('');
    const r = await scan('box.mbox', (name.includes('byte-order') ? '\ufeff' : '') + shape(text));
    expect([r.exitCode, r.stderr]).toEqual([1, '']);
    expect(r.messages).toEqual([0, 1, 2].map((index) => ({ index, verdict: 'block', found: ['clients.csv:12'], issues: [] })));
  });
});

describe('a mailbox split inside a message never passes', () => {
  const HEADERLESS = 'corrupt box.mbox: message without headers: the mailbox may have been split inside a message';

  it('an unquoted separator-shaped body line with prose after it splits nothing: the attachment is found', async () => {
    const body = ['Bonjour,', '', `${DATED(9)} est la ligne du journal.`, 'Le reste suit.'];
    const r = await scan('unquoted.mbox', `${DATED(1)}\n${rawMail(1, body)}\n${DATED(2)}\n${rawMail(2)}\n`);
    expect(r.messages).toEqual([0, 1].map((index) => ({ index, verdict: 'block', found: ['clients.csv:12'], issues: [] })));
  });

  it('--mbox-lenient splits on that line: the part without headers gets the issue', async () => {
    const body = ['Bonjour,', '', 'From here on, the file:'];
    const r = await scan('lenient.mbox', `${DATED(1)}\n${rawMail(1, body)}\n${DATED(2)}\n${rawMail(2)}\n`, '--mbox-lenient');
    expect(r.exitCode).toBe(1);
    // The first half holds the text only; the rest, attachment included, is flagged where it landed.
    expect(r.messages.map((m) => [m.index, m.verdict, m.found, m.issues])).toEqual([
      [0, 'pass', [], []],
      [1, 'block', ['clients.csv:12'], [HEADERLESS.replace('box.mbox', 'lenient.mbox')]],
      [2, 'block', ['clients.csv:12'], []],
    ]);
  });

  it('a split whose second half starts with a header field: the body holding the attachment is corrupt', async () => {
    // An mboxo writer did not quote a forwarded message's separator inside the body.
    const body = ['Message transféré :', '', `${DATED(8)}`, 'Date: Mon, 8 Aug 2022 10:00:00 +0200', '', 'Voir la pièce jointe.'];
    const r = await scan('forwarded.mbox', `${DATED(1)}\n${rawMail(1, body)}\n`);
    expect(r.exitCode).toBe(2);
    expect(r.messages.map((m) => [m.index, m.verdict, m.issues])).toEqual([
      [0, 'pass', []],
      [1, 'unscannable', ['corrupt body/text: undecoded attachment in the body (a MIME part the message does not declare): the mailbox may have been split inside a message']],
    ]);
  });

  it('a long run of base64 lines in a body with no boundary is corrupt too', async () => {
    const r = await scan('base64.mbox', `${DATED(1)}\nFrom: a@example.org\nSubject: x\n\nVoici :\n${CSV}\n`);
    expect(r.messages.map((m) => [m.index, m.verdict, m.issues])).toEqual([[0, 'unscannable', ['corrupt body/text: undecoded attachment in the body (a long run of base64 lines): the mailbox may have been split inside a message']]]);
  });
});
