import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/model/limits.js';
import { DEFAULT_POLICY } from '../src/policy/policy.js';
import { scanMessage } from '../src/scan-message.js';
import type { RawMessage } from '../src/scan-message.js';
import { toCsv, toXlsx } from '../fixtures/generator/files.js';
import { makePeople } from '../fixtures/generator/people.js';
import { customerTable } from '../fixtures/generator/tables.js';
import type { TableData } from '../fixtures/generator/tables.js';
import { CUSTOMER_COLUMNS } from './helpers/expected.js';
import { attachment, mail, mixed, textBody } from './helpers/mail.js';
import { plainIssues } from './helpers/issues.js';

const options = { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY };
const scan = (raw: Partial<RawMessage> & { content: Buffer }) => scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', ...raw }, options);
const BODY = 'Bonjour,\nci-joint le fichier.\n';
const withFiles = (...files: ReturnType<typeof attachment>[]) => mail(mixed(textBody(BODY), ...files));


/** The finding a customerTable must give: every row a person, e-mails counted where the cell is filled. */
function customerFinding(where: string, table: TableData) {
  const n = table.rows.length;
  const emails = table.rows.filter((r) => r[5] !== '').length;
  return {
    kind: 'customer-file', where, rows: n, people: n, columns: CUSTOMER_COLUMNS,
    entities: { 'last-name': n, 'first-name': n, 'postal-address': n, 'postal-code': n, city: n, email: emails, 'customer-id': n },
    fields: ['last-name', 'first-name', 'address', 'email', 'customer-id'], severity: 'high', inAttachment: true,
  };
}

describe('scanMessage', () => {
  const people = makePeople(7, 40);
  const all = customerTable(people);

  it('blocks a mail carrying a 40-person customer CSV, with one customer-file finding', async () => {
    const content = withFiles(attachment('clients.csv', toCsv(all), 'text/csv'));
    const result = await scan({ content });
    expect(all.rows.filter((r) => r[5] === '').length).toBe(5);
    expect(result).toMatchObject({ source: 'out.eml', messageId: '<test.1@example.org>', verdict: 'block', rule: 'people', people: 40, issues: [], bytes: content.length });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject(customerFinding('clients.csv', all));
    expect(result.parts).toEqual([
      { where: 'clients.csv', type: 'csv', bytes: toCsv(all).length, status: 'scanned' },
      { where: 'body/text', type: 'text', bytes: Buffer.byteLength(BODY), status: 'scanned' },
    ]);
  });

  it('counts 40 people across a CSV of 20 and an XLSX of 20 others', async () => {
    const first = customerTable(people.slice(0, 20));
    const second = customerTable(people.slice(20));
    const result = await scan({ content: withFiles(attachment('a.csv', toCsv(first), 'text/csv'), attachment('b.xlsx', await toXlsx(second, { sheetName: 'Feuil1' }))) });
    expect([result.verdict, result.people]).toEqual(['block', 40]);
    expect(result.findings).toMatchObject([customerFinding('a.csv', first), customerFinding('b.xlsx#Feuil1', second)]);
  });

  it('counts the same 15 people once when they are sent as CSV and as XLSX', async () => {
    const same = customerTable(makePeople(8, 15));
    const result = await scan({ content: withFiles(attachment('c.csv', toCsv(same), 'text/csv'), attachment('c.xlsx', await toXlsx(same, { sheetName: 'Feuil1' }))) });
    expect([result.verdict, result.people]).toEqual(['block', 15]);
    expect(result.findings.map((f) => [f.where, f.people])).toEqual([['c.csv', 15], ['c.xlsx#Feuil1', 15]]);
  });

  it('scans a bare CSV file under its own name, with no message id', async () => {
    const csv = toCsv(all);
    const result = await scan({ source: 'export/clients.csv', kind: 'file', name: 'clients.csv', content: csv });
    expect(result).toMatchObject({ source: 'export/clients.csv', verdict: 'block', people: 40, parts: [{ where: 'clients.csv', type: 'csv', bytes: csv.length, status: 'scanned' }] });
    expect(result.findings).toMatchObject([customerFinding('clients.csv', all)]);
    expect(result).not.toHaveProperty('messageId');
  });

  it.each([
    ['an empty message', 'message', undefined],
    ['an empty bare file', 'file', undefined],
    ['an empty message in an mbox', 'message', 3],
  ] as const)('passes %s with no parts', async (_name, kind, index) => {
    const result = await scan({ source: 'x', kind, name: 'x', content: Buffer.alloc(0), ...(index !== undefined ? { index } : {}) });
    expect(result).toEqual({ source: 'x', ...(index !== undefined ? { index } : {}), verdict: 'pass', rule: null, people: 0, findings: [], issues: [], parts: [], bytes: 0 });
  });

  it('reports an mbox message over the size limit as too large, unscannable, without reading it', async () => {
    const result = await scan({ source: 'box.mbox', index: 7, kind: 'message', name: 'box.mbox', content: Buffer.from('Subject: x\n\n'), oversize: 200_000_000 });
    expect({ ...result, issues: plainIssues(result.issues) }).toEqual({
      source: 'box.mbox', index: 7, verdict: 'unscannable', rule: 'unreadable', people: 0, findings: [], parts: [], bytes: 200_000_000,
      issues: [{ code: 'too-large', where: 'box.mbox', detail: 'message of 200000000 bytes, over the 134217728-byte limit: not scanned' }],
    });
  });

  it('makes a mail with an unreadable attachment unscannable', async () => {
    const xlsx = await toXlsx(customerTable(makePeople(8, 5)), { sheetName: 'Feuil1' });
    const result = await scan({ content: withFiles(attachment('c.xlsx', xlsx.subarray(0, Math.floor(xlsx.length * 0.6)))) });
    expect([result.verdict, result.rule]).toEqual(['unscannable', 'unreadable']);
    expect(plainIssues(result.issues)).toEqual([{ code: 'truncated', where: 'c.xlsx', detail: 'the archive is cut off (no central directory)' }]);
  });
});
