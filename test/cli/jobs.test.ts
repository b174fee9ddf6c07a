import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { run } from '../../src/cli/run.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { toMbox } from '../helpers/mbox.js';

const dir = mkdtempSync(join(tmpdir(), 'pii-scan-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Eight messages: a customer CSV in the 3rd and the 6th (40 and 25 people), notes in the others. */
const MBOX = join(dir, 'sent.mbox');
writeFileSync(
  MBOX,
  toMbox(
    Array.from({ length: 8 }, (_, i) => {
      const people = i === 2 ? 40 : i === 5 ? 25 : 0;
      const body = textBody(`Bonjour,\nnote ${i} de la semaine.\n`);
      return mail(people ? mixed(body, attachment(`clients-${i}.csv`, toCsv(customerTable(makePeople(70 + i, people))))) : body, { subject: `Note ${i}` });
    }),
  ),
);

/** The NDJSON report's lines, the run's duration taken out. */
async function ndjson(argv: string[]): Promise<{ exitCode: number; lines: unknown[] }> {
  const r = await run(['--format', 'ndjson', ...argv], { env: { LANG: 'en_GB.UTF-8' } });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { summary?: { seconds?: number } });
  for (const line of lines) if (line.summary) delete line.summary.seconds;
  return { exitCode: r.exitCode, lines };
}

describe('--jobs: messages scanned in worker threads', () => {
  it('gives the report of a scan in one thread, line for line and in the mailbox order', async () => {
    const one = await ndjson(['--jobs', '1', MBOX]);
    const three = await ndjson(['--jobs', '3', MBOX]);
    expect(three).toEqual(one);
    expect(one.exitCode).toBe(1);
    expect(one.lines.map((l) => (l as { index?: number; verdict: string; people?: number }).verdict)).toEqual(['pass', 'pass', 'block', 'pass', 'pass', 'block', 'pass', 'pass', 'block']);
    expect(one.lines.slice(0, 8).map((l) => (l as { index: number }).index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('accepts what a baseline holds in the workers too', async () => {
    const baseline = join(dir, 'accepted.json');
    const written = await run(['--jobs', '2', '--write-baseline', baseline, '--reason', 'envoi validé par la DPO', MBOX], { env: {} });
    expect(written.exitCode).toBe(1);
    const accepted = await ndjson(['--jobs', '2', '--baseline', baseline, MBOX]);
    expect(accepted.exitCode).toBe(0);
    expect(accepted.lines.map((l) => (l as { verdict: string }).verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('refuses a count that is not a positive whole number, in one line', async () => {
    const r = await run(['--jobs', '0', MBOX], { env: {} });
    expect(r.exitCode).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^pii-scan: .*--jobs/);
  });
});
