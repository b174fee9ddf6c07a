import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { run } from '../../src/cli/run.js';
import { FORMATS } from '../../src/report/reporters.js';
import { visibleStrings, visibleText } from '../../src/report/visible-text.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/** Any character a report must not carry raw, but the line breaks and tabs of the format itself. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('visibleText', () => {
  it.each([
    ['a\x1b[2J\rOK   clean.eml\n.csv', 'a\\x1b[2J\\x0dOK   clean.eml\\x0a.csv'],
    ['facture\u202Evsc.exe', 'facture\\u202evsc.exe'],
    ['\u2066x\u2069\u2028\u2029\u200e', '\\u2066x\\u2069\\u2028\\u2029\\u200e'],
    ['tab\there\x00\x7f\x85', 'tab\\x09here\\x00\\x7f\\x85'],
    ['Prénom Nom – clients.xlsx', 'Prénom Nom – clients.xlsx'],
  ])('%j -> %j', (raw, shown) => {
    expect(visibleText(raw)).toBe(shown);
  });

  it('cleans every string of a report object, keys included, and leaves numbers alone', () => {
    expect(visibleStrings({ where: 'a\x1b', list: ['\u202e', 3], nested: { 'k\n': true } })).toEqual({ where: 'a\\x1b', list: ['\\u202e', 3], nested: { 'k\\x0a': true } });
  });
});

describe('reports print no control character from names or content, in any format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-visible-'));
  const csv = toCsv(customerTable(makePeople(7, 30)));
  const forged = 'a\x1b[2J\rOK   clean.eml\n.csv';
  const bidi = 'clients\u202Evsc.exe';
  const file = join(dir, 'out\x1b[31m.eml');
  writeFileSync(file, mail(mixed(textBody('Bonjour'), attachment(forged, csv, 'text/csv'), attachment(bidi, csv, 'text/csv'))));

  it.each(FORMATS)('%s', async (format) => {
    const r = await run([file, '--format', format], { env: { LANG: 'en_GB.UTF-8' }, cwd: dir });
    expect(r.exitCode).toBe(1);
    // CSV's own line ends (RFC 4180) are the only carriage returns a report may hold.
    expect(format === 'csv' ? r.stdout.replace(/\r\n/g, '\n') : r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toBe('');
    if (format === 'text') {
      expect(r.stdout).toContain('a\\x1b[2J\\x0dOK   clean.eml\\x0a.csv: 30 rows');
      expect(r.stdout).toContain('clients\\u202evsc.exe: 30 rows');
      expect(r.stdout).toContain('out\\x1b[31m.eml');
      // The forged line never starts a line of its own.
      expect(r.stdout.split('\n').filter((l) => /^OK\s/.test(l))).toEqual([]);
    }
  });
});
