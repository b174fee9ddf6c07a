import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/findings.js';
import type { MessageResult, Verdict } from '../../src/model/result.js';
import { parseHostPort } from '../../src/model/host-port.js';
import { asciiLine, reasonText } from '../../src/relay/reason-text.js';
import { decideAction } from '../../src/relay/relay-action.js';
import type { ScanOutcome } from '../../src/relay/relay-action.js';
import type { OnBlock, OnError } from '../../src/model/relay-choices.js';
import { queueIdOf } from '../../src/relay/relay-log.js';

const finding = (where: string, people: number, entities: Finding['entities']): Finding => ({ kind: people > 0 ? 'customer-file' : 'personal-data', where, people, columns: [], entities, fields: [], severity: 'high', samples: [], inAttachment: true, digest: 0 });
const result = (verdict: Verdict, rule: MessageResult['rule'], extra: Partial<MessageResult> = {}): MessageResult => ({ source: 'smtp:x', verdict, rule, people: 0, findings: [], issues: [], parts: [], bytes: 1, ...extra });
const scanned = (r: MessageResult): ScanOutcome => ({ kind: 'scanned', result: r });

const CUSTOMERS = result('block', 'people', { people: 15930, findings: [finding('body/text', 1, { phone: 1 }), finding('clients.zip!clients.csv', 15930, { email: 14688 })] });
const IBANS = result('block', 'identifiers', { findings: [finding('body/text', 0, { iban: 2, phone: 1 }), finding('rib.pdf', 0, { iban: 1, nir: 1 })] });
const ENCRYPTED = result('unscannable', 'unreadable', { issues: [{ code: 'encrypted', where: 'docs.zip!salaires.xlsx', detail: 'password-protected entry' }] });

describe('decideAction: what the relay does with each outcome', () => {
  const pass = scanned(result('pass', null));
  const warn = scanned(result('warn', 'few-people'));
  const timeout: ScanOutcome = { kind: 'error', cause: 'timeout', detail: 'scan timed out after 120 s' };
  const tooLarge: ScanOutcome = { kind: 'error', cause: 'too-large', detail: 'message of 9 bytes, over the 8-byte limit' };
  const failed: ScanOutcome = { kind: 'error', cause: 'failed', detail: 'scan worker failed: out of memory' };
  const BLOCK_TEXT = '5.7.1 pii-scan: blocked: clients.zip!clients.csv holds a customer file (15,930 people); send it through a protected share';
  it.each<[string, ScanOutcome, OnBlock, OnError, object]>([
    ['pass', pass, 'reject', 'defer', { kind: 'relay', header: 'X-PII-Scan: verdict=pass; rule=none; version=0.1.0\r\n' }],
    ['warn', warn, 'reject', 'defer', { kind: 'relay', header: 'X-PII-Scan: verdict=warn; rule=few-people; version=0.1.0\r\n' }],
    ['block, reject', scanned(CUSTOMERS), 'reject', 'pass', { kind: 'refuse', code: 550, text: BLOCK_TEXT }],
    ['block, quarantine', scanned(CUSTOMERS), 'quarantine', 'defer', { kind: 'quarantine', reason: BLOCK_TEXT.replace('5.7.1 pii-scan: ', '') }],
    ['block, tag', scanned(CUSTOMERS), 'tag', 'defer', { kind: 'relay', header: 'X-PII-Scan: verdict=block; rule=people; version=0.1.0\r\n' }],
    ['unscannable, reject (fails closed like block)', scanned(ENCRYPTED), 'reject', 'pass', { kind: 'refuse', code: 550, text: expect.stringMatching(/^5\.7\.1 pii-scan: unreadable: /) }],
    ['unscannable, tag', scanned(ENCRYPTED), 'tag', 'defer', { kind: 'relay', header: 'X-PII-Scan: verdict=unscannable; rule=unreadable; version=0.1.0\r\n' }],
    ['timeout, defer', timeout, 'reject', 'defer', { kind: 'refuse', code: 451, text: '4.3.0 pii-scan: not scanned: scan timed out after 120 s' }],
    ['timeout, reject', timeout, 'reject', 'reject', { kind: 'refuse', code: 554, text: '5.3.0 pii-scan: not scanned: scan timed out after 120 s' }],
    ['timeout, pass', timeout, 'reject', 'pass', { kind: 'relay', header: 'X-PII-Scan: verdict=error; rule=timeout; version=0.1.0\r\n' }],
    ['failure, defer', failed, 'quarantine', 'defer', { kind: 'refuse', code: 451, text: '4.3.0 pii-scan: not scanned: scan worker failed: out of memory' }],
    ['too large, defer', tooLarge, 'reject', 'defer', { kind: 'refuse', code: 452, text: '4.3.4 pii-scan: not scanned: message of 9 bytes, over the 8-byte limit' }],
    ['too large, reject', tooLarge, 'reject', 'reject', { kind: 'refuse', code: 552, text: '5.3.4 pii-scan: not scanned: message of 9 bytes, over the 8-byte limit' }],
    ['too large, pass (its bytes were not kept: deferred)', tooLarge, 'reject', 'pass', { kind: 'refuse', code: 452, text: '4.3.4 pii-scan: not scanned: message of 9 bytes, over the 8-byte limit' }],
  ])('%s', (_name, outcome, onBlock, onError, expected) => {
    expect(decideAction(outcome, { onBlock, onError, lang: 'en' })).toEqual(expected);
  });
});

describe('reasonText: one ASCII line, no value, says why and what to do', () => {
  it.each<[string, MessageResult, 'en' | 'fr', string]>([
    ['customer file', CUSTOMERS, 'en', 'blocked: clients.zip!clients.csv holds a customer file (15,930 people); send it through a protected share'],
    ['customer file', CUSTOMERS, 'fr', 'bloque : clients.zip!clients.csv contient un fichier client (15 930 personnes) ; transmettez-le par un partage protege'],
    ['identifiers', IBANS, 'en', 'blocked: body/text holds 3 IBANs, 1 social security number; remove them or send them through a protected share'],
    ['encrypted attachment', ENCRYPTED, 'en', 'unreadable: docs.zip!salaires.xlsx could not be read (password-protected); nothing unread is let through: send it readable or through a protected share'],
    ['encrypted attachment', ENCRYPTED, 'fr', "illisible : docs.zip!salaires.xlsx n'a pas pu etre lu (protege par mot de passe) ; rien de non lu ne part : envoyez-le lisible ou par un partage protege"],
    ['mass mailing', result('block', 'mass-mailing', { people: 5, findings: [finding('abonnes.csv', 5, {})], massMailing: { recipients: 3, listed: 2, where: ['abonnes.csv'] } }), 'en', "blocked: 2 of this message's 3 recipients are listed in abonnes.csv: a mass mailing carrying its own address list"],
    ['mass mailing', result('block', 'mass-mailing', { people: 5, findings: [finding('abonnes.csv', 5, {})], massMailing: { recipients: 3, listed: 2, where: ['abonnes.csv'] } }), 'fr', "bloque : 2 des 3 destinataires de ce message figurent dans abonnes.csv : un envoi groupe qui joint sa propre liste d'adresses"],
    ['another rule', result('block', 'few-people', { findings: [finding('liste.csv', 12, {})] }), 'en', 'blocked: personal data in liste.csv (few-people); send it through a protected share'],
  ])('%s (%s)', (_name, r, lang, expected) => {
    expect(reasonText(r, lang)).toBe(expected);
  });

  it('cuts a long where and keeps the line ASCII', () => {
    const long = result('block', 'people', { people: 12, findings: [finding(`${'dossier/'.repeat(20)}clients ÉTÉ ✓.csv`, 12, {})] });
    const text = reasonText(long, 'en');
    expect(text).toBe(`blocked: ${'dossier/'.repeat(12)}d... holds a customer file (12 people); send it through a protected share`);
    expect(asciiLine('Abonnés ✓\r\n')).toBe('Abonnes ???');
  });
});

describe('HOST:PORT and the queue id in the log', () => {
  it.each([
    ['127.0.0.1:10025', { host: '127.0.0.1', port: 10025 }],
    ['[::1]:10026', { host: '::1', port: 10026 }],
    ['localhost:25', { host: 'localhost', port: 25 }],
  ])('parses %s', (value, expected) => {
    expect(parseHostPort(value)).toEqual(expected);
  });

  it.each([
    ['127.0.0.1', 'expected HOST:PORT (e.g. 127.0.0.1:10025), got "127.0.0.1"'],
    ['127.0.0.1:70000', 'port out of range in "127.0.0.1:70000"'],
    ['127.0.0.1:0', 'port out of range in "127.0.0.1:0"'],
    ['[192.0.2.1]:25', 'not an IPv6 address in brackets: "[192.0.2.1]:25"'],
    ['[localhost]:25', 'expected HOST:PORT (e.g. 127.0.0.1:10025), got "[localhost]:25"'],
  ])('refuses %s', (value, message) => {
    expect(() => parseHostPort(value)).toThrow(message);
  });

  it.each([
    ['Received: from a (a [192.0.2.1])\r\n\tby mx (Postfix) with ESMTP id 4Xy2Lz0abc\r\n\tfor <b@example.net>; Mon, 8 Aug 2022\r\nReceived: by x with id OTHER\r\nSubject: s\r\n\r\nbody id NOPE\r\n', '4Xy2Lz0abc'],
    ['Subject: s\r\nReceived: by mx (Postfix, from userid 0) id 7F3A2B\r\n\r\n', '7F3A2B'],
    ['Subject: s\r\n\r\nReceived: by mx id BODY\r\n', undefined],
  ])('finds the queue id of the topmost Received header (%#)', (message, id) => {
    expect(queueIdOf(Buffer.from(message))).toBe(id);
  });
});
