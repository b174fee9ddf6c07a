import type { FindingReport, MessageReport, Report } from '../../src/report/report.js';

/** A loose phone in a body: low severity. */
export const loosePhone: FindingReport = { kind: 'personal-data', where: 'body/text', people: 0, columns: [], entities: { phone: 1 }, fields: [], severity: 'low', reasons: ['loose personal data: 1 phone number'], samples: ['** ** ** ** 34'] };

/** The founding case's customer file, masked, as build-report gives it (English reasons). */
export const customerFile: FindingReport = {
  kind: 'customer-file',
  where: 'clients.zip!clients.csv',
  rows: 15930,
  people: 15930,
  columns: [
    { header: 'Nom', entity: 'last-name' },
    { header: 'Email', entity: 'email' },
  ],
  entities: { 'last-name': 15930, email: 14688 },
  fields: ['last-name', 'email'],
  severity: 'high',
  reasons: ['15,930 rows, 15,930 people with surnames and e-mails'],
  samples: ['DU***', 'jea***@***.fr'],
};

const messages: MessageReport[] = [
  { source: 'outbox/secheresse.eml', verdict: 'block', rule: 'people', people: 15930, issues: [], parts: [], findings: [customerFile, loosePhone] },
  { source: 'outbox/reponses.mbox', index: 2, verdict: 'pass', rule: null, people: 0, issues: [], parts: [], findings: [loosePhone] },
  { source: 'outbox/fiche.eml', verdict: 'warn', rule: 'identifiers', people: 0, issues: [], parts: [], findings: [{ ...loosePhone, where: 'rib.pdf', entities: { iban: 2 }, severity: 'medium', reasons: ['loose personal data: 2 IBANs'], samples: ['FR** **** 189'] }] },
  { source: 'outbox/paie.eml', verdict: 'unscannable', rule: 'unreadable', people: 0, findings: [], parts: [], issues: [{ code: 'encrypted', where: 'docs.zip!salaires.xlsx', detail: 'password-protected entry' }] },
  { source: 'outbox/vide.eml', verdict: 'pass', rule: null, people: 0, findings: [], parts: [], issues: [] },
];

/** Five messages, one of each outcome: block, pass with a loose phone (mbox index 2), warn, unscannable, clean pass. */
export function sampleReport(): Report {
  return { tool: { name: 'pii-scan', version: '0.1.0' }, verdict: 'block', messages: structuredClone(messages), summary: { messages: 5, blocked: 1, warned: 1, unscannable: 1, passed: 2, bytes: 1297444, seconds: 0.41 } };
}
