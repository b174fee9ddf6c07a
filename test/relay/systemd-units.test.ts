import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFilterProcess } from '../helpers/filter-process.js';

/** The systemd units an admin installs (docs/systemd): they must start the service as written, confine it, and let SIGTERM drain it. */
const UNITS = [
  ['pii-scan-filter.service', 'filter'],
  ['pii-scan-milter.service', 'milter'],
] as const;

const ANALYZE = '/usr/bin/systemd-analyze';
if (!existsSync(ANALYZE)) console.warn('pii-scan tests: the systemd units were not checked by systemd-analyze (not installed; CI installs it)');

/** `Key=value` lines of a unit, the last one of each key. */
const directives = (unit: string) => Object.fromEntries(unit.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

describe.each(UNITS)('docs/systemd/%s', (file, command) => {
  const unit = readFileSync(join('docs/systemd', file), 'utf8');
  const d = directives(unit);

  it('runs as its own user with no privileges, on a read-only system, restarted on failure, stopped by SIGTERM with time to drain', () => {
    expect({ user: d.User, newPrivileges: d.NoNewPrivileges, system: d.ProtectSystem, home: d.ProtectHome, capabilities: d.CapabilityBoundingSet, restart: d.Restart, kill: d.KillSignal }).toEqual({
      user: 'piiscan', newPrivileges: 'yes', system: 'strict', home: 'yes', capabilities: '', restart: 'on-failure', kill: 'SIGTERM',
    });
    // The scan timeout (120 s) and the drain after it fit before systemd sends SIGKILL.
    expect(Number(d.TimeoutStopSec)).toBeGreaterThan(120);
  });

  it(`its ExecStart starts pii-scan ${command} as written, and SIGTERM stops it with exit 0`, async () => {
    const [binary, sub, ...args] = (d.ExecStart as string).split(' ');
    expect([binary, sub]).toEqual(['/usr/local/bin/pii-scan', command]);
    // The documented port, made free for the test: any other option is run as written.
    const free = args.map((a) => a.replace(/^127\.0\.0\.1:10025$/, '127.0.0.1:0').replace(/^inet:10030@/, 'inet:0@'));
    const service = await startFilterProcess(free, 30, command);
    expect(await service.stop()).toBe(0);
    expect(service.stderr()).toMatch(new RegExp(`pii-scan: ${command} stopped\\n$`));
  });

  it.skipIf(!existsSync(ANALYZE))('passes systemd-analyze verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-unit-'));
    try {
      // verify checks that the command exists: the checkout's, in place of the installed one.
      writeFileSync(join(dir, file), unit.replace('/usr/local/bin/pii-scan', `${process.execPath} ${resolve('bin/pii-scan.js')}`));
      const r = spawnSync(ANALYZE, ['verify', join(dir, file)], { encoding: 'utf8' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

