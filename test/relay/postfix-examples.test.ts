import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_MILTER_PORT, DOC_PIPE, DOC_PORTS, filterMainCf, filterMasterCf, milterMainCf, pipeMasterCf } from '../helpers/postfix-config.js';

/**
 * docs/examples/postfix: a whole main.cf for a fresh Debian Postfix, and the master.cf lines, for
 * each of the three modes. They hold the lines the real-Postfix tests run, and Postfix's own
 * postconf reads them without a warning.
 */
const EXAMPLES = 'docs/examples/postfix';
const POSTCONF = '/usr/sbin/postconf';
/** The master.cf Debian's package installs (kept by "No configuration"). */
const DEBIAN_MASTER = '/etc/postfix/master.cf';
const canCheck = existsSync(POSTCONF) && existsSync(DEBIAN_MASTER);
if (!canCheck) console.warn('pii-scan tests: the example Postfix configurations were not read by postconf (Postfix is not installed; CI installs it)');

const MODES = [
  { mode: 'milter', main: milterMainCf(DOC_MILTER_PORT), master: undefined },
  { mode: 'filter', main: filterMainCf(DOC_PORTS), master: filterMasterCf(DOC_PORTS) },
  { mode: 'pipe', main: undefined, master: pipeMasterCf(DOC_PIPE) },
] as const;

describe.each(MODES)('docs/examples/postfix/$mode', ({ mode, main, master }) => {
  const mainCf = readFileSync(join(EXAMPLES, mode, 'main.cf'), 'utf8');
  const append = master ? readFileSync(join(EXAMPLES, mode, 'master.cf.append'), 'utf8') : undefined;

  it('holds the lines the real-Postfix tests run', () => {
    if (main) expect(mainCf).toContain(`# pii-scan ${mode}\n${main}\n`);
    if (master) expect(append).toContain(`${master}\n`);
  });

  it.skipIf(!canCheck)('is read by postconf without a warning, with Debian\'s master.cf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-pfx-'));
    try {
      writeFileSync(join(dir, 'main.cf'), mainCf);
      let debian = readFileSync(DEBIAN_MASTER, 'utf8');
      // pipe: the smtp service's own line is replaced (its content_filter), the rest appended.
      if (mode === 'pipe') debian = debian.replace(/^smtp\s+inet\s.*$/m, '');
      writeFileSync(join(dir, 'master.cf'), `${debian}\n${append ?? ''}`);
      for (const flag of ['-n', '-M']) {
        const r = spawnSync(POSTCONF, ['-c', dir, flag], { encoding: 'utf8' });
        expect({ flag, status: r.status, stderr: r.stderr }).toEqual({ flag, status: 0, stderr: '' });
      }
      const services = spawnSync(POSTCONF, ['-c', dir, '-M'], { encoding: 'utf8' }).stdout;
      if (mode !== 'milter') expect(services).toMatch(/^scan\s+unix\s/m);
      const settings = spawnSync(POSTCONF, ['-c', dir, '-n'], { encoding: 'utf8' }).stdout;
      if (mode === 'milter') expect(settings).toContain('smtpd_milters = inet:127.0.0.1:10030\n');
      if (mode === 'filter') expect(settings).toContain('content_filter = scan:[127.0.0.1]:10025\n');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
