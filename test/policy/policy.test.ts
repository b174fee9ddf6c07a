import { describe, expect, it } from 'vitest';
import type { EntityCounts, PersonField } from '../../src/model/entities.js';
import type { Finding, FindingKind } from '../../src/model/findings.js';
import type { ScanIssue } from '../../src/model/issues.js';
import type { Verdict } from '../../src/model/result.js';
import { decide, DEFAULT_POLICY, worstVerdict } from '../../src/policy/policy.js';
import type { PolicyConfig } from '../../src/policy/policy.js';

function finding(people: number, entities: EntityCounts, fields: PersonField[], inAttachment = true): Finding {
  const kind: FindingKind = people >= 3 ? 'customer-file' : people > 0 ? 'person-record' : 'personal-data';
  return { kind, where: 'x.csv', people, columns: [], entities, fields, severity: 'low', samples: [], inAttachment, digest: 0 };
}

const crowd = (n: number) => finding(n, { 'last-name': n, email: n }, ['last-name', 'email']);
const ibans = (n: number) => finding(0, { iban: n }, []);
const nirs = (n: number) => finding(0, { nir: n }, []);
const signature = () => finding(0, { phone: 2, email: 1 }, [], false);
const fullRecord = (inAttachment: boolean) => finding(1, { 'last-name': 1, 'first-name': 1, 'postal-address': 1, email: 1 }, ['last-name', 'first-name', 'address', 'email'], inAttachment);
const issue: ScanIssue = { code: 'encrypted', where: 'docs.zip!salaires.xlsx', detail: 'password-protected entry' };

describe('decide', () => {
  it.each([
    { name: '10 people', findings: [crowd(10)], issues: [], people: 10, verdict: 'block', rule: 'people', severities: ['high'] },
    { name: '15 930 people', findings: [crowd(15930)], issues: [], people: 15930, verdict: 'block', rule: 'people', severities: ['high'] },
    { name: '9 people', findings: [crowd(9)], issues: [], people: 9, verdict: 'warn', rule: 'few-people', severities: ['medium'] },
    { name: '3 people', findings: [crowd(3)], issues: [], people: 3, verdict: 'warn', rule: 'few-people', severities: ['medium'] },
    { name: '2 people', findings: [crowd(2)], issues: [], people: 2, verdict: 'pass', rule: null, severities: ['low'] },
    { name: '3 IBANs', findings: [ibans(3)], issues: [], people: 0, verdict: 'block', rule: 'identifiers', severities: ['high'] },
    { name: '2 IBANs + 1 NIR in two findings', findings: [ibans(2), nirs(1)], issues: [], people: 0, verdict: 'block', rule: 'identifiers', severities: ['high', 'high'] },
    { name: '1 NIR', findings: [nirs(1)], issues: [], people: 0, verdict: 'warn', rule: 'identifiers', severities: ['medium'] },
    { name: '2 cards', findings: [finding(0, { 'payment-card': 2 }, [])], issues: [], people: 0, verdict: 'warn', rule: 'identifiers', severities: ['medium'] },
    { name: '1 person, 3 fields, attachment', findings: [fullRecord(true)], issues: [], people: 1, verdict: 'warn', rule: 'person-record', severities: ['medium'] },
    { name: '1 person, 3 fields, body', findings: [fullRecord(false)], issues: [], people: 1, verdict: 'pass', rule: null, severities: ['low'] },
    {
      name: '1 person, 2 fields, attachment',
      findings: [finding(1, { 'last-name': 1, email: 1 }, ['last-name', 'email'])],
      issues: [],
      people: 1,
      verdict: 'pass',
      rule: null,
      severities: ['low'],
    },
    { name: 'signature only', findings: [signature()], issues: [], people: 0, verdict: 'pass', rule: null, severities: ['low'] },
    { name: 'nothing at all', findings: [], issues: [], people: 0, verdict: 'pass', rule: null, severities: [] },
    { name: 'an issue, nothing found', findings: [], issues: [issue], people: 0, verdict: 'unscannable', rule: 'unreadable', severities: [] },
    { name: 'an issue and a warning', findings: [nirs(1)], issues: [issue], people: 0, verdict: 'unscannable', rule: 'unreadable', severities: ['medium'] },
    { name: 'an issue and a signature', findings: [signature()], issues: [issue], people: 0, verdict: 'unscannable', rule: 'unreadable', severities: ['low'] },
    { name: 'block wins over an issue', findings: [crowd(12)], issues: [issue], people: 12, verdict: 'block', rule: 'people', severities: ['high'] },
    { name: 'people and loose data', findings: [crowd(10), signature()], issues: [], people: 10, verdict: 'block', rule: 'people', severities: ['high', 'low'] },
    { name: 'people rule before identifiers (both findings listed: each blocks on its own)', findings: [crowd(10), ibans(3)], issues: [], people: 10, verdict: 'block', rule: 'people', severities: ['high', 'high'] },
    { name: 'identifiers block over few people (the 5 people still warn)', findings: [crowd(5), ibans(3)], issues: [], people: 5, verdict: 'block', rule: 'identifiers', severities: ['medium', 'high'] },
  ] as { name: string; findings: Finding[]; issues: ScanIssue[]; people: number; verdict: Verdict; rule: string | null; severities: string[] }[])(
    '$name → $verdict ($rule)',
    ({ findings, issues, people, verdict, rule, severities }) => {
      expect(decide(findings, issues, people, DEFAULT_POLICY)).toEqual({ verdict, rule });
      expect(findings.map((f) => f.severity)).toEqual(severities);
    },
  );

  it('uses the people count given, not the sum of findings (a person in two attachments counts once)', () => {
    expect(decide([crowd(6), crowd(6)], [], 8, DEFAULT_POLICY)).toEqual({ verdict: 'warn', rule: 'few-people' });
  });

  it.each([
    { policy: { minPeople: 5, warnPeople: 2, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }, people: 5, verdict: 'block' },
    { policy: { minPeople: 5, warnPeople: 2, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }, people: 2, verdict: 'warn' },
    { policy: { minPeople: 50, warnPeople: 20, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }, people: 19, verdict: 'pass' },
  ])('thresholds come from the policy: $people people with $policy.minPeople/$policy.warnPeople → $verdict', ({ policy, people, verdict }) => {
    expect(decide([crowd(people)], [], people, policy).verdict).toBe(verdict);
  });

  it('the identifier threshold comes from the policy', () => {
    expect(decide([ibans(1)], [], 0, { ...DEFAULT_POLICY, blockIdentifiers: 1 })).toEqual({ verdict: 'block', rule: 'identifiers' });
  });
});

describe('decide: the mass-mailing rule', () => {
  const list = (n: number, where = 'abonnes.csv') => ({ ...crowd(n), where });
  const listed = (n: number, where = ['abonnes.csv']) => ({ recipients: 40, listed: n, where });

  it.each([
    { name: '2 recipients in a 5-person list', findings: [list(5), signature()], people: 5, massMailing: listed(2), verdict: 'block', rule: 'mass-mailing', severities: ['high', 'low'] },
    { name: '2 recipients in a list of bare e-mails (no people)', findings: [finding(0, { email: 6 }, [])], people: 0, massMailing: listed(2, ['x.csv']), verdict: 'block', rule: 'mass-mailing', severities: ['high'] },
    { name: 'only the list that holds them is high', findings: [list(5), list(4, 'autre.csv')], people: 9, massMailing: listed(3), verdict: 'block', rule: 'mass-mailing', severities: ['high', 'medium'] },
    { name: 'mass mailing is named before people', findings: [list(15930)], people: 15930, massMailing: listed(15930), verdict: 'block', rule: 'mass-mailing', severities: ['high'] },
    { name: 'mass mailing is named before identifiers', findings: [list(5), ibans(3)], people: 5, massMailing: listed(2), verdict: 'block', rule: 'mass-mailing', severities: ['high', 'high'] },
    { name: '1 recipient listed: the 5 people warn as before', findings: [list(5)], people: 5, massMailing: listed(1), verdict: 'warn', rule: 'few-people', severities: ['medium'] },
    { name: '1 recipient listed in a 2-person file: passes as before', findings: [list(2)], people: 2, massMailing: listed(1), verdict: 'pass', rule: null, severities: ['low'] },
    { name: 'no check result: the 5 people warn', findings: [list(5)], people: 5, massMailing: undefined, verdict: 'warn', rule: 'few-people', severities: ['medium'] },
  ])('$name → $verdict ($rule)', ({ findings, people, massMailing, verdict, rule, severities }) => {
    expect(decide(findings, [], people, DEFAULT_POLICY, massMailing)).toEqual({ verdict, rule });
    expect(findings.map((f) => f.severity)).toEqual(severities);
  });

  it('blocks over an unreadable part, like any block', () => {
    expect(decide([list(5)], [issue], 5, DEFAULT_POLICY, listed(2))).toEqual({ verdict: 'block', rule: 'mass-mailing' });
  });

  it.each([
    [1, 1, 'block'],
    [3, 2, 'warn'],
    [3, 3, 'block'],
  ])('the threshold comes from the policy: massMailingRecipients %i, %i listed → %s', (threshold, n, verdict) => {
    expect(decide([list(5)], [], 5, { ...DEFAULT_POLICY, massMailingRecipients: threshold }, listed(n)).verdict).toBe(verdict);
  });
});

describe('decide with issue codes mapped (configuration `issues`)', () => {
  const unsupported: ScanIssue = { code: 'unsupported', where: 'image.png', detail: 'not a known format' };
  it.each([
    { name: 'issue → warn, nothing found', map: { encrypted: 'warn' }, findings: [], issues: [issue], people: 0, verdict: 'warn', rule: 'unreadable' },
    { name: 'issue → warn, a warning found: the finding explains it', map: { encrypted: 'warn' }, findings: [nirs(1)], issues: [issue], people: 0, verdict: 'warn', rule: 'identifiers' },
    { name: 'issue → block', map: { encrypted: 'block' }, findings: [signature()], issues: [issue], people: 0, verdict: 'block', rule: 'unreadable' },
    { name: 'issue → block, people block too: the people rule explains it', map: { encrypted: 'block' }, findings: [crowd(10)], issues: [issue], people: 10, verdict: 'block', rule: 'people' },
    { name: 'issue → unscannable, stated', map: { encrypted: 'unscannable' }, findings: [], issues: [issue], people: 0, verdict: 'unscannable', rule: 'unreadable' },
    { name: 'a code not mapped stays unscannable', map: { encrypted: 'warn' }, findings: [], issues: [unsupported], people: 0, verdict: 'unscannable', rule: 'unreadable' },
    { name: 'the worst issue wins: warn and unscannable', map: { encrypted: 'warn' }, findings: [], issues: [issue, unsupported], people: 0, verdict: 'unscannable', rule: 'unreadable' },
    { name: 'the worst issue wins: warn and block', map: { encrypted: 'warn', unsupported: 'block' }, findings: [], issues: [issue, unsupported], people: 0, verdict: 'block', rule: 'unreadable' },
  ] as { name: string; map: PolicyConfig['issues']; findings: Finding[]; issues: ScanIssue[]; people: number; verdict: Verdict; rule: string }[])(
    '$name → $verdict ($rule)',
    ({ map, findings, issues, people, verdict, rule }) => {
      expect(decide(findings, issues, people, { ...DEFAULT_POLICY, issues: map })).toEqual({ verdict, rule });
    },
  );
});

describe('worstVerdict', () => {
  it.each<[Verdict[], Verdict]>([
    [[], 'pass'],
    [['pass'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'pass'], 'warn'],
    [['warn', 'unscannable'], 'unscannable'],
    [['unscannable', 'warn', 'pass'], 'unscannable'],
    [['unscannable', 'block'], 'block'],
    [['block', 'unscannable'], 'block'],
    [['pass', 'block', 'warn', 'unscannable'], 'block'],
  ])('%j → %s', (verdicts, expected) => {
    expect(worstVerdict(verdicts)).toBe(expected);
  });
});
