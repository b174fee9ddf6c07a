import { describe, expect, it } from 'vitest';
import { HEAD_BYTES, parseMessage } from '../../src/message/parse-message.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { Limits } from '../../src/model/limits.js';
import type { MimeNode } from '../../fixtures/generator/mime.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { plainIssues } from '../helpers/issues.js';

const parse = (msg: Buffer, opts: { prefix?: string; depth?: number; limits?: Partial<Limits> } = {}) =>
  parseMessage(msg, { prefix: opts.prefix ?? '', depth: opts.depth ?? 0, limits: { ...DEFAULT_LIMITS, ...opts.limits } });
const CSV = Buffer.from('Nom;Ville\r\nDUPONT;Toulon\r\n');
const body = (where: string, text: string, declaredType: string, depth = 0) => ({ where, filename: null, declaredType, content: Buffer.from(text, 'utf8'), text, depth });
const file = (where: string, filename: string | null, declaredType: string, content: Buffer) => ({ where, filename, declaredType, content, depth: 0 });

/** A message with display names and mixed case in From, To and Cc; `extra` overrides fields. */
const addressed = (extra: Parameters<typeof mail>[1]) =>
  mail(textBody('x'), {
    from: { name: 'Service Facturation', address: 'Facturation@Example.ORG' },
    to: [{ name: 'Jean', address: 'JEAN@example.com' }, 'b@example.net'],
    cc: { address: 'Cc@Example.com' },
    ...extra,
  });

describe('parseMessage', () => {
  it('holds only the first HEAD_BYTES of an image, a sound, a video or a font, with its whole size; any other attachment whole', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300_000 - 8, 0x41)]);
    const wav = Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), Buffer.alloc(200_000 - 12, 7)]);
    const data = Buffer.alloc(300_000, 0x41);
    const small = png.subarray(0, 1000);
    const parsed = await parse(mail(mixed(textBody('x'), attachment('photo.png', png, 'image/png'), attachment('son.wav', wav, 'audio/wav'), attachment('export.dat', data), attachment('icone.png', small, 'image/png'))));
    const [photo, sound, other, icon] = parsed.parts;
    expect([photo.where, photo.size, photo.content.length >= HEAD_BYTES, photo.content.length < 200_000, photo.content.equals(png.subarray(0, photo.content.length))]).toEqual(['photo.png', 300_000, true, true, true]);
    expect([sound.where, sound.size, sound.content.length < 200_000]).toEqual(['son.wav', 200_000, true]);
    expect([other.where, other.size, other.content.equals(data)]).toEqual(['export.dat', undefined, true]);
    expect([icon.where, icon.size, icon.content.equals(small)]).toEqual(['icone.png', undefined, true]);
  });

  it('gives a text and an html alternative as body/text and body/html with their text', async () => {
    const alt: MimeNode = { type: 'multipart/alternative', parts: [textBody('Bonjour Jean,\nà bientôt.'), { type: 'text/html', charset: 'utf-8', encoding: 'quoted-printable', body: '<p>Bonjour Jean,</p><p>à bientôt.</p>' }] };
    const parsed = await parse(mail(alt));
    expect(parsed.parts).toEqual([body('body/text', 'Bonjour Jean,\nà bientôt.', 'text/plain'), body('body/html', '<p>Bonjour Jean,</p><p>à bientôt.</p>', 'text/html')]);
    expect(plainIssues(parsed.issues)).toEqual([]);
    expect(parsed.messageId).toBe('<test.1@example.org>');
  });

  it('gives attachments with their file names and exact bytes, then the body', async () => {
    const bin = Buffer.from([0, 1, 2, 0xff]);
    const parsed = await parse(mail(mixed(textBody('Ci-joint.'), attachment('clients.csv', CSV, 'text/csv'), attachment('abonnés 2022.bin', bin))));
    expect(parsed.parts).toEqual([
      file('clients.csv', 'clients.csv', 'text/csv', CSV),
      file('abonnés 2022.bin', 'abonnés 2022.bin', 'application/octet-stream', bin),
      body('body/text', 'Ci-joint.', 'text/plain'),
    ]);
  });

  it.each([
    ['From, To (two) and Cc', {}, ['facturation@example.org', 'jean@example.com', 'b@example.net', 'cc@example.com']],
    ['a group, Reply-To and Bcc with a group', { to: 'undisclosed-recipients:;', headers: [['Reply-To', 'Retour@Example.net'], ['Bcc', 'Equipe: x@example.com, Y@example.com;']] as [string, string][] },
      ['facturation@example.org', 'cc@example.com', 'x@example.com', 'y@example.com', 'retour@example.net']],
  ])('lists header addresses lower-cased: %s', async (_name, extra, expected) => {
    expect((await parse(addressed(extra))).headerAddresses).toEqual(expected);
  });

  it.each([
    ['To and Cc are recipients, From a sender', {}, ['jean@example.com', 'b@example.net', 'cc@example.com'], ['facturation@example.org']],
    ['a saved draft keeps its Bcc: a recipient; Reply-To and Sender are senders', { to: 'undisclosed-recipients:;', headers: [['Reply-To', 'Retour@Example.net'], ['Sender', 'Envoi <envoi@example.org>'], ['Bcc', 'Equipe: x@example.com, "Y" <Y@example.com>;']] as [string, string][] },
      ['cc@example.com', 'x@example.com', 'y@example.com'], ['facturation@example.org', 'retour@example.net', 'envoi@example.org']],
  ])('splits recipients from senders: %s', async (_name, extra, recipients, senders) => {
    const parsed = await parse(addressed(extra));
    expect([parsed.recipients, parsed.senders]).toEqual([recipients, senders]);
  });

  it('drops an attachment over maxPartBytes with a too-large issue, and keeps one exactly at the limit', async () => {
    const exact = Buffer.alloc(1000, 0x41);
    const parsed = await parse(mail(mixed(textBody('a'), attachment('exact.csv', exact, 'text/csv'), attachment('over.csv', Buffer.alloc(1001, 0x41), 'text/csv'))), { limits: { maxPartBytes: 1000 } });
    expect(parsed.parts).toEqual([file('exact.csv', 'exact.csv', 'text/csv', exact), body('body/text', 'a', 'text/plain')]);
    expect(plainIssues(parsed.issues)).toEqual([{ code: 'too-large', where: 'over.csv', detail: 'attachment of 1001 bytes is over the 1000-byte limit' }]);
  });

  it('applies the prefix and depth of the part that carried the message', async () => {
    const parsed = await parse(mail(mixed(textBody('Transféré.'), attachment('clients.csv', CSV, 'text/csv'))), { prefix: 'fwd.eml!', depth: 2 });
    expect(parsed.parts).toEqual([
      { ...file('fwd.eml!clients.csv', 'clients.csv', 'text/csv', CSV), depth: 2 },
      body('fwd.eml!body/text', 'Transféré.', 'text/plain', 2),
    ]);
  });

  it('names an attachment without a file name by its position', async () => {
    const msg = Buffer.from([
      'From: a@example.org', 'To: b@example.net', 'Subject: x', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'corps', '--b', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment', 'Content-Transfer-Encoding: base64', '',
      CSV.toString('base64'), '--b--', '',
    ].join('\r\n'));
    const parsed = await parse(msg);
    expect(parsed.parts.map((p) => [p.where, p.filename])).toEqual([['attachment-1', null], ['body/text', null]]);
    expect(parsed.parts[0].content.equals(CSV)).toBe(true);
  });

  // mailparser (via @zone-eu/mailsplit maxChildNodes) fails once the node count passes the limit; this
  // message has 11 nodes (the multipart and 10 text leaves). Observed: code 'too-large', where '(message)',
  // no parts at all.
  it.each([
    [10, { parts: 0, issues: [{ code: 'too-large', where: '(message)', detail: 'MIME structure not readable: Max allowed child nodes exceeded' }] }],
    [11, { parts: 1, issues: [] }],
  ])('maxMimeParts %i on an 11-node message', async (maxMimeParts, expected) => {
    const many = mixed(...Array.from({ length: 10 }, (_, i) => textBody(`part ${i}`)));
    const parsed = await parse(mail(many), { limits: { maxMimeParts } });
    expect({ parts: parsed.parts.length, issues: plainIssues(parsed.issues) }).toEqual(expected);
  });

  const PARTIAL = (n: number) => `Content-Type: message/partial; id="lot-42@example.org"; number=${n}; total=3`;
  const FRAGMENT = 'From: a@example.org\r\nSubject: fichier\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: text/csv\r\n\r\nNom;Ville\r\n';

  it('gives a message/partial message the partial issue, and still hands its fragment over to be scanned', async () => {
    const parsed = await parse(Buffer.from(`From: a@example.org\r\nTo: b@example.net\r\nSubject: x\r\nMIME-Version: 1.0\r\n${PARTIAL(1)}\r\n\r\n${FRAGMENT}`));
    expect(plainIssues(parsed.issues)).toEqual([{ code: 'partial', where: '(message)', detail: 'message/partial fragment 1 of 3: the rest of the message is not here to read' }]);
    expect(parsed.parts.map((p) => [p.where, p.declaredType, p.content.toString()])).toEqual([['attachment-1', 'message/partial', FRAGMENT]]);
  });

  it('gives a message/partial part inside a multipart, or inside a forwarded message, the partial issue where it is', async () => {
    const inner = ['--b', 'Content-Type: text/plain', '', 'corps', '--b', PARTIAL(2), '', 'suite du message', '--b--', ''].join('\r\n');
    const msg = Buffer.from(`From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${inner}`);
    expect(plainIssues((await parse(msg)).issues)).toEqual([{ code: 'partial', where: 'attachment-1', detail: 'message/partial fragment 2 of 3: the rest of the message is not here to read' }]);
    expect((await parse(msg, { prefix: 'fwd.eml!' })).issues.map((i) => [i.code, i.where])).toEqual([['partial', 'fwd.eml!attachment-1']]);
    const top = Buffer.from(`Subject: x\r\nContent-Type: message/partial; number=x; total=<script>\r\n\r\nabc`);
    expect(plainIssues((await parse(top, { prefix: 'fwd.eml!' })).issues)).toEqual([{ code: 'partial', where: 'fwd.eml', detail: 'message/partial fragment ? of ?: the rest of the message is not here to read' }]);
  });
});
