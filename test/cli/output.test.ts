import { spawnSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { run } from '../../src/cli/run.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

const ENV = { LANG: 'en_GB.UTF-8' };
const cli = (argv: string[], stdin?: Readable) => run(argv, { env: ENV, stdin });
const tmp = () => mkdtempSync(join(tmpdir(), 'pii-scan-out-'));

// One input per verdict. Five customers in an attachment warn (3 to 9 people).
const dir = tmp();
const WARN = join(dir, 'cinq-abonnes.eml');
writeFileSync(WARN, mail(mixed(textBody('Bonjour,\nla liste des relances.\n'), attachment('relances.csv', toCsv(customerTable(makePeople(5, 5))), 'text/csv'))));
const INPUTS = { block: 'fixtures/outbox/secheresse-abonnes.eml', unscannable: 'fixtures/bad/truncated.xlsx', warn: WARN, pass: 'fixtures/outbox/grille-tarifaire.eml' };
const FORMATS = ['text', 'json', 'ndjson', 'sarif', 'junit'];

describe('--fail-on moves the threshold of a failing exit', () => {
  it('the warning input is a warning', async () => {
    const { stdout } = await cli(['--format', 'json', WARN]);
    expect(JSON.parse(stdout).messages[0]).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 5 });
  });

  it.each([
    ['block', 'block', 1], ['block', 'warn', 1], ['block', 'never', 0],
    ['unscannable', 'block', 2], ['unscannable', 'warn', 2], ['unscannable', 'never', 0],
    ['warn', 'block', 0], ['warn', 'warn', 1], ['warn', 'never', 0],
    ['pass', 'block', 0], ['pass', 'warn', 0], ['pass', 'never', 0],
  ] as const)('%s with --fail-on %s exits %i', async (verdict, failOn, code) => {
    expect((await cli(['--fail-on', failOn, INPUTS[verdict]])).exitCode).toBe(code);
  });

  it('the worst verdict decides: a warning and an unreadable file exit 2 even under --fail-on warn', async () => {
    expect((await cli(['--fail-on', 'warn', WARN, INPUTS.unscannable])).exitCode).toBe(2);
  });

  it('--fail-on never still exits 3 on a usage error and on a missing input', async () => {
    expect(await cli(['--fail-on', 'never', '--format', 'xml', WARN])).toMatchObject({ exitCode: 3, stdout: '' });
    expect(await cli(['--fail-on', 'never', 'fixtures/nope.eml'])).toEqual({ exitCode: 3, stdout: '', stderr: 'pii-scan: fixtures/nope.eml: no such file or directory\n' });
  });

  it('an unknown threshold is a usage error', async () => {
    expect(await cli(['--fail-on', 'always', WARN])).toEqual({
      exitCode: 3,
      stdout: '',
      stderr: "pii-scan: option '--fail-on <verdict>' argument 'always' is invalid. Allowed choices are warn, block, never. (see pii-scan --help)\n",
    });
  });
});

describe('the exit code never depends on --format or --output', () => {
  it.each(Object.entries(INPUTS))('%s: the same code in every format, to stdout and to a file', async (_verdict, input) => {
    const out = tmp();
    const codes = [];
    for (const format of FORMATS) {
      codes.push((await cli(['--format', format, input])).exitCode);
      codes.push((await cli(['--format', format, '--output', join(out, `r.${format}`), input])).exitCode);
    }
    expect(new Set(codes).size).toBe(1);
  });
});

describe('--output FILE', () => {
  it('writes the report to FILE and nothing to stdout; the report is the one stdout would get', async () => {
    const out = tmp();
    const file = join(out, 'report.json');
    const toFile = await cli(['--format', 'json', '--output', file, 'fixtures/outbox/']);
    const toStdout = await cli(['--format', 'json', 'fixtures/outbox/']);
    // Standard error still says what the run found and what to do, and where the report is.
    expect([toFile.exitCode, toFile.stdout, toFile.stderr.replace(/\([\d.]+ s\)/, '(T s)')]).toEqual([
      1,
      '',
      `pii-scan: 6 message(s): 1 blocked, 0 warned, 0 unreadable, 5 OK (T s) Do not send: 1 message. (report: ${file})\n`,
    ]);
    const withoutTime = (text: string) => ({ ...JSON.parse(text), summary: { ...JSON.parse(text).summary, seconds: 0 } });
    expect(withoutTime(readFileSync(file, 'utf8'))).toEqual(withoutTime(toStdout.stdout));
    expect(readdirSync(out)).toEqual(['report.json']);
  });

  it('writes the report 0600, and never scans its own report when it is written into the folder scanned', async () => {
    const out = tmp();
    writeFileSync(join(out, 'lettre.eml'), readFileSync(INPUTS.block));
    const file = join(out, 'report.txt');
    const first = await run(['--output', file, out], { env: {} });
    expect(first.exitCode).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The second run finds the first one's report in the folder: passed over with a note, not scanned.
    const second = await run(['--output', file, out], { env: {} });
    expect(second.stderr.split('\n')[0]).toBe(`pii-scan: note: ${file} is this run's report (--output): not scanned`);
    expect(readFileSync(file, 'utf8')).toMatch(/^1 message\(s\): 1 blocked/m);
  });

  it('never colours a text report written to a file, even from a terminal', async () => {
    const file = join(tmp(), 'report.txt');
    await run(['--output', file, INPUTS.block], { env: {}, stdoutIsTTY: true });
    expect(readFileSync(file, 'utf8')).not.toContain(String.fromCharCode(27));
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('BLOCKED     fixtures/outbox/secheresse-abonnes.eml');
  });

  it('replaces a previous report only when the new one is whole', async () => {
    const out = tmp();
    const file = join(out, 'report.json');
    writeFileSync(file, 'previous report\n');
    // Standard input fails after the first input was reported: exit 3, and the half report is dropped.
    const failing = new Readable({ read() { this.destroy(new Error('connection reset')); } });
    const result = await cli(['--format', 'json', '--output', file, INPUTS.pass, '-'], failing);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: 'pii-scan: -: connection reset\n' });
    expect(readFileSync(file, 'utf8')).toBe('previous report\n');
    expect(readdirSync(out)).toEqual(['report.json']);
    expect((await cli(['--format', 'json', '--output', file, INPUTS.pass])).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).verdict).toBe('pass');
  });

  // Renamed over, a device or a pipe would be replaced by a file: run as root, `--output /dev/null`
  // once made /dev/null a 0600 file, and every program of another user then failed to open it.
  it('to /dev/null: the report is discarded and /dev/null stays the device it was', async () => {
    const before = statSync('/dev/null');
    expect(before.isCharacterDevice()).toBe(true);
    expect(await cli(['--output', '/dev/null', INPUTS.block])).toMatchObject({ exitCode: 1, stdout: '' });
    const after = statSync('/dev/null');
    expect([after.isCharacterDevice(), after.rdev, after.mode]).toEqual([true, before.rdev, before.mode]);
  });

  it('to a named pipe: the report goes down the pipe, which stays a pipe, and no file is left beside it', async () => {
    const out = tmp();
    const fifo = join(out, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const chunks: Buffer[] = [];
    const reader = new Promise<string>((resolve, reject) => {
      createReadStream(fifo).on('data', (c) => chunks.push(c as Buffer)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
    });
    const result = await cli(['--format', 'json', '--output', fifo, INPUTS.block]);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(await reader).verdict).toBe('block');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(out)).toEqual(['report.fifo']);
  });

  it('through a symbolic link: the file it names gets the report, the link stays a link', async () => {
    const out = tmp();
    mkdirSync(join(out, 'reports'));
    writeFileSync(join(out, 'reports', 'latest.json'), 'previous report\n');
    symlinkSync(join('reports', 'latest.json'), join(out, 'report.json'));
    expect((await cli(['--format', 'json', '--output', join(out, 'report.json'), INPUTS.block])).exitCode).toBe(1);
    expect(lstatSync(join(out, 'report.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'reports', 'latest.json'), 'utf8')).verdict).toBe('block');
    expect([readdirSync(out).sort(), readdirSync(join(out, 'reports'))]).toEqual([['report.json', 'reports'], ['latest.json']]);
  });

  it.each([
    ['a folder that does not exist', (d: string) => join(d, 'missing', 'r.json'), 'no such file or directory'],
    ['a directory', (d: string) => (mkdirSync(join(d, 'r.json')), join(d, 'r.json')), 'is a directory'],
  ])('to %s: exit 3 with one line, and no report', async (_name, target, reason) => {
    const path = target(tmp());
    expect(await cli(['--output', path, INPUTS.block])).toEqual({ exitCode: 3, stdout: '', stderr: `pii-scan: ${path}: cannot write the report: ${reason}\n` });
  });
});
