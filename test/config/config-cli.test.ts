import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
afterAll(() => dirs.remove());

/** Five customers: a warning by default (exit 0), a block with minPeople: 5 (exit 1). */
const CSV = toCsv(customerTable(makePeople(11, 5)));
const BLOCK_AT_5 = 'thresholds:\n  minPeople: 5\n';
const BLOCK_AT_6 = 'thresholds:\n  minPeople: 6\n';

/** Runs the CLI in process in `cwd`, and hides the run time of the summary line. */
async function cli(cwd: string, argv: string[]) {
  const result = await run(argv, { env: { LANG: 'en_GB.UTF-8' }, cwd });
  return { ...result, stdout: result.stdout.replace(/\((\d+[.,])?\d+ s\)/, '(T s)') };
}

describe('discovery and --config (transcripts)', () => {
  it('the working folder\'s .pii-scan.yml applies, silently', async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_5, 'clients.csv': CSV });
    expect(await cli(dir, [path.join(dir, 'clients.csv')])).toMatchObject({ exitCode: 1, stderr: '' });
  });

  it("a nested folder finds its parent's file, and says which on stderr", async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_5, 'clients.csv': CSV, 'a/b/.keep': '' });
    const result = await cli(path.join(dir, 'a/b'), [path.join(dir, 'clients.csv')]);
    expect([result.exitCode, result.stderr]).toEqual([1, 'pii-scan: note: configuration from ../../.pii-scan.yml\n']);
  });

  it('the nearest file wins over one further up', async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_5, 'sub/.pii-scan.json': '{"thresholds": {"minPeople": 6}}', 'clients.csv': CSV });
    const result = await cli(path.join(dir, 'sub'), ['--format', 'json', path.join(dir, 'clients.csv')]);
    expect([result.exitCode, JSON.parse(result.stdout).verdict, result.stderr]).toEqual([0, 'warn', '']);
  });

  it('--config wins over discovery, and is read from the working folder', async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_6, 'strict.yml': BLOCK_AT_5, 'clients.csv': CSV });
    expect(await cli(dir, [path.join(dir, 'clients.csv')])).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await cli(dir, ['--config', 'strict.yml', path.join(dir, 'clients.csv')])).toMatchObject({ exitCode: 1, stderr: '' });
  });

  it.each([
    [{}, ['--config', 'missing.yml', 'x.eml'], 'pii-scan: configuration missing.yml: no such file or directory'],
    [{ 'conf/.keep': '' }, ['--config', 'conf', 'x.eml'], 'pii-scan: configuration conf: is a directory'],
  ])('a --config that cannot be read: exit 3, one line (%j %j)', async (files, argv, line) => {
    const result = await cli(dirs.make(files), argv);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: `${line}\n` });
  });

  it('two configuration files in one folder: exit 3, one line', async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_5, '.pii-scan.json': '{}' });
    const result = await cli(dir, ['x.eml']);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: ${path.join(dir, '.pii-scan.yml')} and .pii-scan.json in the same folder: keep only one\n` });
  });

  it('an invalid configuration with 4 mistakes: all four with their keys, exit 3, no report', async () => {
    const dir = dirs.make({ '.pii-scan.yml': 'thresholds:\n  minPeople: 5\n  warnPeople: 8\ndetectors:\n  phon: false\nissues:\n  unsupported: pass\nlimits:\n  maxDepth: deep\n', 'clients.csv': CSV });
    const result = await cli(dir, [path.join(dir, 'clients.csv')]);
    expect(result).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: [
        'pii-scan: invalid configuration .pii-scan.yml (4 problems):',
        '  thresholds.warnPeople: must not be above minPeople (5): a message is blocked before it could warn',
        '  detectors.phon: unknown detector (did you mean "phone"?)',
        '  limits.maxDepth: expected a whole number from 1 to 100, got "deep"',
        '  issues.unsupported: an issue can never pass: unread content is not clean (use warn to let the message go with the issue reported)',
        '',
      ].join('\n'),
    });
  });

  it('a YAML syntax error: its file, line and column, exit 3', async () => {
    const dir = dirs.make({ 'conf/pii.yml': 'thresholds:\n  minPeople: [5\n' });
    const result = await cli(dir, ['--config', 'conf/pii.yml', 'x.eml']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('pii-scan: invalid configuration conf/pii.yml (1 problem):\n  conf/pii.yml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n');
  });
});

describe('pii-scan init', () => {
  it('writes .pii-scan.yml that loads back as exactly the built-in defaults', async () => {
    const dir = dirs.make();
    const file = path.join(dir, '.pii-scan.yml');
    expect(await cli(dir, ['init'])).toEqual({ exitCode: 0, stdout: `wrote ${file}: every setting at its default, each with what it does\n`, stderr: '' });
    expect(await loadConfig({ cwd: dir })).toEqual({ config: DEFAULT_CONFIG, file, shownName: '.pii-scan.yml' });
  });

  it('names every key of every section, each under a comment', async () => {
    const dir = dirs.make();
    await cli(dir, ['init']);
    const lines = readFileSync(path.join(dir, '.pii-scan.yml'), 'utf8').split('\n');
    const keyLines = lines.filter((l) => /^ {0,2}[A-Za-z-]+:/.test(l));
    const written = keyLines.map((l) => l.trim().split(':')[0]);
    const expected = Object.entries(DEFAULT_CONFIG).flatMap(([key, value]) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && key !== 'headerWords' ? [key, ...Object.keys(value)] : [key],
    );
    expect(written).toEqual(expected);
    // Sections and settings have their comment just above; the detector and issue-code lists share their section's.
    const listed = new Set([...Object.keys(DEFAULT_CONFIG.detectors), ...Object.keys(DEFAULT_CONFIG.issues)]);
    for (const line of keyLines.filter((l) => !listed.has(l.trim().split(':')[0]))) expect(lines[lines.indexOf(line) - 1]).toMatch(/^\s*#/);
  });

  it('refuses to overwrite: the second run fails with one line, exit 3, and the file is unchanged', async () => {
    const dir = dirs.make();
    const file = path.join(dir, '.pii-scan.yml');
    await cli(dir, ['init']);
    const first = readFileSync(file, 'utf8');
    expect(await cli(dir, ['init'])).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: ${file} already exists: edit it, or run pii-scan init --force to replace it with the defaults\n` });
    expect(readFileSync(file, 'utf8')).toBe(first);
  });

  it('--force replaces an edited file with the defaults', async () => {
    const dir = dirs.make({ '.pii-scan.yml': BLOCK_AT_5 });
    expect((await cli(dir, ['init', '--force'])).exitCode).toBe(0);
    expect((await loadConfig({ cwd: dir })).config).toEqual(DEFAULT_CONFIG);
  });

  it('never writes beside a .pii-scan.json, even with --force', async () => {
    const dir = dirs.make({ '.pii-scan.json': '{}' });
    expect(await cli(dir, ['init', '--force'])).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: `pii-scan: ${path.join(dir, '.pii-scan.json')} already configures this folder: edit it, or remove it before pii-scan init\n`,
    });
  });
});
