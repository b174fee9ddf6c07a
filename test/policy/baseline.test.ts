import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/findings.js';
import { Baseline, BaselineError } from '../../src/policy/baseline.js';
import { decide, DEFAULT_POLICY } from '../../src/policy/policy.js';

/** bytes 0..31, base64: a fixed salt for test vectors. */
const SALT = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const FP = 'a'.repeat(64);
const file = (entries: unknown[] = [], extra: object = {}) => JSON.stringify({ version: 1, salt: SALT, entries, ...extra });
const entry = { fingerprint: FP, kind: 'customer-file', reason: 'Liste validée par le DPO', added: '2022-08-08T08:14:32.000Z' };

function finding(digest: number, people = 40): Finding {
  return { kind: 'customer-file', where: 'clients.csv', people, columns: [], entities: { 'last-name': people, email: people }, fields: ['last-name', 'email'], severity: 'low', samples: [], inAttachment: true, digest };
}

describe('Baseline fingerprints', () => {
  it('are HMAC-SHA256 of the digest under the file salt (vector from openssl)', () => {
    // printf 'pii-scan/v1:%x' 123456789 | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
    expect(Baseline.parse(file()).fingerprint(finding(123456789))).toBe('5fba6a702b49c993244362f9988dedb281e832876d6170807c2100b0693b3604');
  });

  it('differ from one file to another: each new file has its own random salt', () => {
    const [a, b] = [Baseline.create(), Baseline.create()];
    expect(a.fingerprint(finding(1))).not.toBe(b.fingerprint(finding(1)));
    expect(JSON.parse(a.serialize()).salt).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('accept what was recorded, and only that', () => {
    const baseline = Baseline.parse(file());
    const added = new Date(Date.UTC(2022, 7, 8, 8, 14, 32));
    expect(baseline.record(finding(42), 'Avis de sécheresse validé', added)).toBe(true);
    expect(baseline.record(finding(42), 'another reason', added)).toBe(false);
    expect(baseline.accept(finding(42))).toEqual({ reason: 'Avis de sécheresse validé', added: '2022-08-08T08:14:32.000Z' });
    expect(baseline.accept(finding(43))).toBeUndefined();
    const again = Baseline.parse(baseline.serialize());
    expect(again.size).toBe(1);
    expect(again.accept(finding(42))?.reason).toBe('Avis de sécheresse validé');
    expect(JSON.parse(baseline.serialize())).toEqual({
      version: 1,
      salt: SALT,
      entries: [{ fingerprint: baseline.fingerprint(finding(42)), kind: 'customer-file', reason: 'Avis de sécheresse validé', added: '2022-08-08T08:14:32.000Z' }],
    });
  });
});

describe('Baseline.parse refuses a file it cannot trust, naming the problem', () => {
  it.each([
    ['not JSON', '{"version": 1,', /^not valid JSON \(/],
    ['a string', '"baseline"', /^the file: Invalid type: Expected Object but received "baseline"$/],
    ['another version', file([], { version: 2 }), /^version: expected 1$/],
    ['no salt', JSON.stringify({ version: 1, entries: [] }), /^salt: /],
    ['a short salt', file([], { salt: 'c2VsCg==' }), /^salt: expected 32 random bytes in base64$/],
    ['entries not a list', file([], { entries: {} }), /^entries: expected an array$/],
    ['a fingerprint that is not a hash', file([{ ...entry, fingerprint: 'DURAND Jeanne' }]), /^entries\.0\.fingerprint: expected 64 lower-case hex digits \(HMAC-SHA256\)$/],
    ['an unknown kind', file([{ ...entry, kind: 'password' }]), /^entries\.0\.kind: expected one of customer-file, person-record, personal-data, known-customers$/],
    ['an empty reason', file([{ ...entry, reason: '  ' }]), /^entries\.0\.reason: expected a reason: an accepted finding says why$/],
    ['a date that is not one', file([entry, { ...entry, added: 'hier' }]), /^entries\.1\.added: expected an ISO date and time$/],
  ])('%s', (_name, text, message) => {
    expect(() => Baseline.parse(text)).toThrow(BaselineError);
    expect(() => Baseline.parse(text)).toThrow(message);
  });
});

describe('decide with accepted findings', () => {
  const accepted = { reason: 'validé', added: '2022-08-08T08:14:32.000Z' };

  it('an accepted customer file no longer blocks, and keeps the severity it has on its own', () => {
    const file = { ...finding(1, 40), accepted };
    expect(decide([file], [], 0, DEFAULT_POLICY)).toEqual({ verdict: 'pass', rule: null });
    expect(file.severity).toBe('high');
  });

  it('a finding that is not accepted still blocks beside an accepted one', () => {
    const [a, b] = [{ ...finding(1, 40), accepted }, finding(2, 12)];
    expect(decide([a, b], [], 12, DEFAULT_POLICY)).toEqual({ verdict: 'block', rule: 'people' });
    expect([a.severity, b.severity]).toEqual(['high', 'high']);
  });

  it('accepted IBANs do not count toward the three that block', () => {
    const ibans = (n: number, digest: number): Finding => ({ ...finding(digest, 0), kind: 'personal-data', entities: { iban: n }, fields: [] });
    expect(decide([{ ...ibans(2, 1), accepted }, ibans(1, 2)], [], 0, DEFAULT_POLICY)).toEqual({ verdict: 'warn', rule: 'identifiers' });
    expect(decide([ibans(2, 1), ibans(1, 2)], [], 0, DEFAULT_POLICY)).toEqual({ verdict: 'block', rule: 'identifiers' });
  });

  it('an issue still makes the message unscannable', () => {
    const issue = { code: 'encrypted' as const, where: 'docs.zip!paie.xlsx', detail: 'password-protected entry' };
    expect(decide([{ ...finding(1, 40), accepted }], [issue], 0, DEFAULT_POLICY)).toEqual({ verdict: 'unscannable', rule: 'unreadable' });
  });
});
