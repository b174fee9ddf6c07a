import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../helpers/temp-dir.js';

/**
 * Every way a message comes in has the message size limit: a message over it is reported
 * `too-large` with its size (exit 2), read as a stream and drained, never held, never a crash.
 */
const dirs = tempDirs();
afterAll(() => dirs.remove());

const HEADERS = 'From: a@example.com\nTo: b@example.org\nSubject: export\n\n';
const bigMail = (bytes: number) => Buffer.from(HEADERS + 'une ligne de texte ordinaire.\n'.repeat(Math.ceil(bytes / 30)));
const SEP = 'From a@example.com Mon Aug  8 10:14:32 2022\n';

/** Runs the command in its own process, with a preload that writes the process's peak RSS (VmHWM, kB) to `hwm`. */
function pii(args: string[], opts: { input?: Buffer; cwd: string }) {
  const hwm = path.join(opts.cwd, 'hwm.txt');
  const preload = path.join(opts.cwd, 'hwm.cjs');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(hwm)}, /VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]));\n`);
  const r = spawnSync(process.execPath, ['--require', preload, path.resolve('bin/pii-scan.js'), ...args], { input: opts.input, cwd: opts.cwd, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakKb: Number(readFileSync(hwm, 'utf8')) };
}

const issuesOf = (stdout: string) =>
  (JSON.parse(stdout) as { messages: { source: string; index?: number; verdict: string; issues: { code: string; detail: string }[] }[] }).messages.map((m) => [m.source, m.index, m.verdict, m.issues.map((i) => `${i.code}: ${i.detail}`)]);

describe('the message size limit on every input', () => {
  const MiB = 1024 * 1024;
  const big = bigMail(3 * MiB);
  const small = bigMail(1000);
  const over = (bytes: number) => [`too-large: message of ${bytes} bytes, over the ${MiB}-byte limit: not scanned`];
  const cwd = dirs.make({ '.pii-scan.yml': 'limits:\n  maxMessageBytes: 1 MiB\n', 'big.eml': big, 'dossier/big.eml': big, 'dossier/small.eml': small, 'box.mbox': Buffer.concat([Buffer.from(SEP), small, Buffer.from(`\n${SEP}`), big, Buffer.from('\n')]) });

  it.each([
    ['a file', ['big.eml'], undefined, [['big.eml', undefined, 'unscannable', over(big.length)]]],
    ['standard input', ['-'], big, [['-', undefined, 'unscannable', over(big.length)]]],
    ['a folder', ['dossier'], undefined, [['dossier/big.eml', undefined, 'unscannable', over(big.length)], ['dossier/small.eml', undefined, 'pass', []]]],
    ['an mbox', ['box.mbox'], undefined, [['box.mbox', 0, 'pass', []], ['box.mbox', 1, 'unscannable', over(big.length + 1)]]],
  ])('%s: too-large with its size, exit 2, nothing on stderr', (_what, paths, input, expected) => {
    const r = pii([...paths, '--format', 'json'], { input, cwd });
    expect([r.status, r.stderr]).toEqual([2, '']);
    expect(issuesOf(r.stdout)).toEqual(expected);
  });

  it('a 1.1 GiB message streams past the default limit in bounded memory: too-large, exit 2', () => {
    const dir = dirs.make();
    mkdirSync(path.join(dir, 'out'));
    const file = path.join(dir, 'out', 'huge.eml');
    const size = Math.round(1.1 * 1024 * MiB);
    // Sparse: the headers and a line, then holes that read as zeros, so the test writes almost nothing.
    const fd = openSync(file, 'w');
    writeSync(fd, HEADERS + 'Bonjour,\n');
    ftruncateSync(fd, size);
    closeSync(fd);
    const r = pii(['out/huge.eml', '--format', 'json'], { cwd: dir });
    expect([r.status, r.stderr]).toEqual([2, '']);
    expect(issuesOf(r.stdout)).toEqual([['out/huge.eml', undefined, 'unscannable', [`too-large: message of ${size} bytes, over the ${128 * MiB}-byte limit: not scanned`]]]);
    // A memory bound, not a time bound: holding the message would need over 1,100 MB.
    expect(r.peakKb).toBeLessThan(512 * 1024);
  });
});
