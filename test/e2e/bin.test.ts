import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePeople } from '../../fixtures/generator/people.js';
import { damagedPdf, toPdfTable } from '../../fixtures/generator/pdf.js';
import { customerTable } from '../../fixtures/generator/tables.js';

/** Runs the installed command as a user would, in its own process. */
function pii(args: string[], input?: Buffer, cwd?: string) {
  const r = spawnSync(process.execPath, [path.resolve('bin/pii-scan.js'), ...args], { input, cwd, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/pii-scan.js in a real process', () => {
  it('blocks the sample outbox with exit 1', () => {
    const r = pii(['fixtures/outbox/']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter((l) => /^(OK|BLOCKED)\s/.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'BLOCKED']);
    expect(r.stderr).toBe('');
  });

  it('passes a clean mail on standard input with exit 0', () => {
    const r = pii(['-'], Buffer.from('From: a@example.com\r\nSubject: x\r\n\r\nBonjour, rendez-vous lundi.\r\n'));
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('OK          -\n')).toBe(true);
  });

  it('answers a missing path with one line on stderr and exit 3, no stack trace', () => {
    const r = pii(['no/such/outbox']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('pii-scan: no/such/outbox: no such file or directory\n');
  });

  it('a reader that closes early (| head) gets one line and exit 3, not a stack trace nor a clean exit', () => {
    // The shell's pipe, as a user writes it; the status is pii-scan's, not head's.
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" bin/pii-scan.js fixtures/outbox/ --format json | head -c 20 > /dev/null; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
    expect([r.status, r.stderr]).toEqual([3, 'pii-scan: standard output was closed before the report was written whole: scan stopped\n']);
  });

  it('exits 2 on an unreadable attachment', () => {
    expect(pii(['fixtures/bad/truncated-xlsx.eml']).status).toBe(2);
  });

  // In its own process on purpose: pdf.js leaves rejected promises behind on this file, which
  // would kill the process (exit 1, stack trace) after the report, and fail vitest in-process.
  it('exits 2 on a damaged PDF with one line of detail, nothing on stderr', async () => {
    const pdf = damagedPdf(await toPdfTable(customerTable(makePeople(31, 100)), { rowsPerPage: 40 }));
    const r = pii(['-'], pdf);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^ {12}stdin: damaged file \(corrupt: \d+ of \d+ pages unreadable \(from page 1\): [^\n]*flate stream\)$/m);
    expect(r.stderr).toBe('');
  });

  it('init writes a configuration that the next run reads; a broken one is every problem at once, exit 3', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pii-scan-bin-'));
    try {
      expect(pii(['init'], undefined, dir)).toEqual({ status: 0, stdout: `wrote ${path.join(dir, '.pii-scan.yml')}: every setting at its default, each with what it does\n`, stderr: '' });
      const file = path.join(dir, '.pii-scan.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('minPeople: 10', 'minPeople: 0').replace('phone: true', 'phone: off'));
      expect(pii(['-'], Buffer.from('Subject: x\r\n\r\nBonjour\r\n'), dir)).toEqual({
        status: 3,
        stdout: '',
        stderr: 'pii-scan: invalid configuration .pii-scan.yml (2 problems):\n  thresholds.minPeople: expected a whole number of 1 or more, got 0\n  detectors.phone: expected true or false, got "off"\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an exception thrown outside run() (a stream callback) is one line and exit 3, never a stack trace nor exit 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pii-scan-bin-'));
    try {
      // Thrown from a timer once the process's handlers are in place, while the scan waits on its input.
      const preload = path.join(dir, 'throw.cjs');
      writeFileSync(preload, "const t = setInterval(() => { if (process.listenerCount('uncaughtException') > 0) { clearInterval(t); throw new Error('boom\\nsecond line'); } }, 5);\n");
      const r = spawnSync(process.execPath, ['--require', preload, path.resolve('bin/pii-scan.js'), '-'], { input: Buffer.alloc(0), encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
      expect([r.status, r.stderr]).toEqual([3, 'pii-scan: internal error: boom (set PII_SCAN_DEBUG=1 for details)\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
