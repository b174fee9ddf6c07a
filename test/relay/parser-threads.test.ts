import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { ScanPool } from '../../src/pool/scan-pool.js';
import type { RawMessage } from '../../src/scan-message.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { garbledWorkbook, nestedFormsPdf } from '../helpers/hostile-parts.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { plainIssues } from '../helpers/issues.js';

const raw = (content: Buffer): RawMessage => ({ source: 'smtp:t', kind: 'message', name: 'message', content, envelope: { from: 'a@example.org', recipients: ['b@example.net'] } });
const config = { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, partTimeoutMs: 3000 } };

describe('parser threads inside the relay\'s scan workers (nested worker threads)', () => {
  const pool = new ScanPool({ size: 1, timeoutMs: 120_000, scan: { config } });
  afterAll(() => pool.close());

  it('stops a PDF of 200 nested forms and a workbook exceljs never settles on (timeout each); the next message in the same worker is read whole', async () => {
    const hostile = mail(mixed(textBody('Bonjour'), attachment('formes.pdf', nestedFormsPdf(200), 'application/pdf'), attachment('abime.xlsx', garbledWorkbook())));
    const first = await pool.scan(raw(hostile));
    expect(first.verdict).toBe('unscannable');
    expect(plainIssues(first.issues)).toEqual([
      { code: 'timeout', where: 'formes.pdf', detail: 'PDF not read within 3 s: its parser was stopped' },
      { code: 'timeout', where: 'abime.xlsx', detail: 'workbook not read within 3 s: its parser was stopped' },
    ]);
    const clean = mail(mixed(textBody('Bonjour'), attachment('abonnes.csv', toCsv(customerTable(makePeople(31, 200))), 'text/csv')));
    expect(await pool.scan(raw(clean))).toMatchObject({ verdict: 'block', people: 200, issues: [] });
  }, 180_000);
});
