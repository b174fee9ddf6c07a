import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the installed command as a user would, in its own process. */
function pii(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, ['bin/pii-scan.js', ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
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

  it('exits 2 on an unreadable attachment', () => {
    expect(pii(['fixtures/bad/truncated-xlsx.eml']).status).toBe(2);
  });
});
