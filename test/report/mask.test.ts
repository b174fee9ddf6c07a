import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/model/entities.js';
import type { Finding, Sample } from '../../src/model/findings.js';
import type { MessageResult } from '../../src/model/result.js';
import { buildReport } from '../helpers/report.js';
import { maskValue } from '../../src/report/mask.js';

describe('maskValue', () => {
  it.each<[Entity, string, string]>([
    ['email', 'jeanne.morel@example.com', 'jea***@***.com'],
    ['email', 'Jeanne.Morel@Mail.Example.NET', 'Jea***@***.NET'],
    ['email', 'jo@example.fr', 'j***@***.fr'],
    ['phone', '04 65 71 12 34', '** ** ** ** 34'],
    ['phone', '+33 6 39 98 12 34', '+** * ** ** ** 34'],
    ['phone', '0639981234', '********34'],
    ['nir', '1 85 05 78 006 084 91', '* ** ** ** *** *** 91'],
    ['payment-card', '4970 1012 3456 7893', '**** **** **** **93'],
    ['iban', 'FR76 3000 6000 0112 3456 7890 189', 'FR** **** 189'],
    ['iban', 'DE89370400440532013000', 'DE** **** 000'],
    ['rib', '30006 00001 12345678901 89', '30** **** 189'],
    ['customer-id', '0835154188', '***88'],
    ['customer-id', 'ABO-12345678', '***78'],
    ['birth-date', '12/03/1975', '***75'],
    ['meter-id', '12345678901234', '***34'],
    ['last-name', 'MOREL', 'MO***'],
    ['first-name', 'Jeanne', 'Je***'],
    ['full-name', 'Jeanne Morel', 'Je***'],
    ['postal-address', '12 rue des Lilas', '12***'],
    ['postal-code', '83400', '83***'],
    ['city', 'Toulon', 'To***'],
  ])('%s %j → %j', (entity, value, expected) => {
    expect(maskValue(entity, value)).toBe(expected);
  });

  it.each([
    ['last-name', 'Li', 'L***'],
    ['last-name', 'O', '***'],
    ['email', 'a@example.org', '***@***.org'],
    ['email', 'jo@example.org', 'j***@***.org'],
  ] as const)('never shows a short %s whole: %j → %j', (entity, value, expected) => {
    expect(maskValue(entity, value)).toBe(expected);
  });
});

const SAMPLES: Sample[] = [
  { entity: 'last-name', value: 'MOREL' },
  { entity: 'first-name', value: 'Jeanne' },
  { entity: 'email', value: 'jeanne.morel@example.com' },
  { entity: 'phone', value: '06 39 98 12 34' },
  { entity: 'postal-address', value: '12 rue des Lilas' },
  { entity: 'customer-id', value: '0835154188' },
  { entity: 'nir', value: '1 85 05 78 006 084 91' },
  { entity: 'iban', value: 'FR76 3000 6000 0112 3456 7890 189' },
];

function result(): MessageResult {
  const file: Finding = {
    kind: 'customer-file',
    where: 'abonnes.zip!abonnes.csv',
    rows: 15930,
    people: 15930,
    columns: [
      { header: 'Nom', entity: 'last-name' },
      { header: 'Email', entity: 'email' },
    ],
    entities: { 'last-name': 15930, email: 14688 },
    fields: ['last-name', 'first-name', 'email'],
    severity: 'high',
    samples: SAMPLES.slice(0, 6),
    inAttachment: true,
    digest: 1,
  };
  const loose: Finding = {
    kind: 'personal-data',
    where: 'body',
    people: 0,
    columns: [],
    entities: { nir: 1, iban: 1 },
    fields: [],
    severity: 'medium',
    samples: SAMPLES.slice(6),
    inAttachment: false,
    digest: 2,
  };
  return { source: 'outbox/newsletter.eml', messageId: '<n1@example.org>', verdict: 'block', rule: 'people', people: 15930, findings: [file, loose], issues: [], parts: [], bytes: 1297444 };
}

describe('buildReport masks samples', () => {
  it('no raw sample value anywhere in the report without showData', () => {
    const json = JSON.stringify(buildReport([result()], 0.41, { lang: 'fr', showData: false }));
    expect(SAMPLES.filter((s) => json.includes(s.value)).map((s) => s.value)).toEqual([]);
  });

  it('samples are masked by entity', () => {
    const report = buildReport([result()], 0.41, { lang: 'en', showData: false });
    expect(report.messages[0].findings.map((f) => f.samples)).toEqual([
      ['MO***', 'Je***', 'jea***@***.com', '** ** ** ** 34', '12***', '***88'],
      ['* ** ** ** *** *** 91', 'FR** **** 189'],
    ]);
  });

  it('every raw sample value is there with showData', () => {
    const report = buildReport([result()], 0.41, { lang: 'fr', showData: true });
    expect(report.messages[0].findings.flatMap((f) => f.samples)).toEqual(SAMPLES.map((s) => s.value));
  });

  it.each([
    ['fr', ['15 930 lignes, 15 930 personnes avec noms, prénoms et e-mails', 'données isolées : 1 n° de sécurité sociale, 1 IBAN']],
    ['en', ['15,930 rows, 15,930 people with surnames, first names and e-mails', 'loose personal data: 1 social security number, 1 IBAN']],
  ] as const)('reasons in %s carry counts, never values', (lang, reasons) => {
    const report = buildReport([result()], 0.41, { lang, showData: false });
    expect(report.messages[0].findings.map((f) => f.reasons)).toEqual(reasons.map((r) => [r]));
  });

  it('summary and overall verdict', () => {
    const pass: MessageResult = { source: 'a.eml', verdict: 'pass', rule: null, people: 0, findings: [], issues: [], parts: [], bytes: 100 };
    const report = buildReport([pass, result(), { ...pass, source: 'b.eml', verdict: 'unscannable' }], 1.234, { lang: 'en', showData: false });
    expect([report.verdict, report.summary]).toEqual(['block', { messages: 3, blocked: 1, warned: 0, unscannable: 1, passed: 1, bytes: 1297644, seconds: 1.23 }]);
  });
});
