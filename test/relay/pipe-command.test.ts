import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { sendmailEnvelope } from '../../src/relay/pipe-command.js';
import { mapCommandExit } from '../../src/relay/reinject.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const CLEAN = readFileSync('fixtures/outbox/reponse-signature.eml');
const TRUNCATED = readFileSync('fixtures/bad/truncated-xlsx.eml');
const BLOCKED = '5.7.1 pii-scan: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share\n';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A stand-in for sendmail: writes its standard input to a file, then exits with the code given. */
function fakeSendmail(exit: number): { out: string; argv: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pii-pipe-'));
  dirs.push(dir);
  const out = join(dir, 'reinjected.eml');
  return { out, argv: ['/bin/sh', '-c', 'cat > "$0"; exit "$1"', out, String(exit)] };
}

const pipe = (args: string[], message: Buffer) => run(['pipe', ...args], { env: { LANG: 'en_GB.UTF-8' }, stdin: Readable.from([message]) });

describe('pii-scan pipe -- CMD (transcripts)', () => {
  it('re-injects a passing message through CMD, with its header, and exits 0', async () => {
    const cmd = fakeSendmail(0);
    expect(await pipe(['--', ...cmd.argv], CLEAN)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(cmd.out).equals(Buffer.concat([Buffer.from('X-PII-Scan: verdict=pass; rule=none; version=0.1.0\r\n'), CLEAN]))).toBe(true);
  });

  it('waits for CMD past --timeout: a re-injection that queued the message, then took its time, is not deferred (Postfix would send it again)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-pipe-'));
    dirs.push(dir);
    const out = join(dir, 'reinjected.eml');
    // Queues (writes the file) at once, then stays 2 s, past the 1 s --timeout, and succeeds.
    const slow = ['/bin/sh', '-c', 'cat > "$0"; sleep 2; exit 0', out];
    expect(await pipe(['--timeout', '1', '--', ...slow], CLEAN)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(out).subarray(-CLEAN.length).equals(CLEAN)).toBe(true);
  });

  it.each([
    ['a blocked message', FOUNDING, BLOCKED],
    ['an unscannable one', TRUNCATED, '5.7.1 pii-scan: unreadable: clients.xlsx could not be read (truncated file); nothing unread is let through: send it readable or through a protected share\n'],
  ])('bounces %s: exit 69 (EX_UNAVAILABLE), the reason on stdout for pipe(8), CMD never run', async (_name, message, stdout) => {
    const cmd = fakeSendmail(0);
    expect(await pipe(['--', ...cmd.argv], message)).toEqual({ exitCode: 69, stdout, stderr: '' });
    expect(existsSync(cmd.out)).toBe(false);
  });

  it('speaks French when asked', async () => {
    const result = await pipe(['--lang', 'fr', '--', ...fakeSendmail(0).argv], FOUNDING);
    expect(result.stdout).toBe('5.7.1 pii-scan: bloque : clients_secheresse.xlsx#Abonnes contient un fichier client (15 930 personnes) ; transmettez-le par un partage protege\n');
  });

  it.each([
    ['CMD defers (75): exit 75', fakeSendmail(75).argv, 75, 'pii-scan: /bin/sh exited with 75\n'],
    ['CMD bounces (67, EX_NOUSER): exit 67', fakeSendmail(67).argv, 67, 'pii-scan: /bin/sh exited with 67\n'],
    ['CMD fails outside sysexits (1): exit 75', fakeSendmail(1).argv, 75, '4.3.0 pii-scan: /bin/sh exited with 1\n'],
    ['CMD cannot start: exit 75', ['/nonexistent/sendmail', '-i'], 75, '4.3.0 pii-scan: cannot run /nonexistent/sendmail: ENOENT\n'],
  ])('%s', async (_name, argv, exitCode, stdout) => {
    expect(await pipe(['--', ...argv], CLEAN)).toEqual({ exitCode, stdout, stderr: '' });
  });

  it('defers (75) a message over --max-size, and a usage error: a bad master.cf line must not bounce mail', async () => {
    expect(await pipe(['--max-size', '1K', '--', ...fakeSendmail(0).argv], FOUNDING)).toEqual({ exitCode: 75, stdout: `4.3.4 pii-scan: not scanned: message of ${FOUNDING.length} bytes, over the 1024-byte limit\n`, stderr: '' });
    expect(await pipe(['--timeout', 'soon', '--', '/bin/cat'], CLEAN)).toEqual({ exitCode: 75, stdout: '', stderr: "pii-scan: option '--timeout <seconds>' argument 'soon' is invalid. expected a whole number from 1 to 3,600 (see pii-scan --help)\n" });
    expect(await pipe([], CLEAN)).toEqual({ exitCode: 75, stdout: '', stderr: "pii-scan: missing required argument 'command' (see pii-scan --help)\n" });
  });

  it('bounces the founding case in a real process (bin/pii-scan.js), as pipe(8) runs it', () => {
    const r = spawnSync(process.execPath, ['bin/pii-scan.js', 'pipe', '--', '/bin/sh', '-c', 'cat > /dev/null'], { input: FOUNDING, encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 69, stdout: BLOCKED, stderr: '' });
  });

  it('scans with the configuration named by --config: a higher minPeople lets the founding case through as a warning', async () => {
    const cmd = fakeSendmail(0);
    const config = join(dirs[dirs.length - 1], 'lenient.yml');
    writeFileSync(config, 'thresholds:\n  minPeople: 20000\n');
    expect(await pipe(['--config', config, '--', ...cmd.argv], FOUNDING)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(cmd.out, 'latin1').split('\r\n')[0]).toBe('X-PII-Scan: verdict=warn; rule=few-people; version=0.1.0');
  });

  it('defers (75) on an invalid configuration, saying so in its status line, CMD never run', async () => {
    const cmd = fakeSendmail(0);
    const config = join(dirs[dirs.length - 1], 'broken.yml');
    writeFileSync(config, 'thresholds:\n  minPeople: none\n');
    const result = await pipe(['--config', config, '--', ...cmd.argv], FOUNDING);
    expect(result).toEqual({ exitCode: 75, stdout: `4.3.0 pii-scan: invalid configuration ${config} (1 problem):\n`, stderr: '' });
    expect(existsSync(cmd.out)).toBe(false);
  });
});

describe('the envelope and exit codes of the re-injection command', () => {
  it.each([
    [['-G', '-i', '-f', 'a@example.org', '--', 'b@example.net', 'c@example.net'], { from: 'a@example.org', recipients: ['b@example.net', 'c@example.net'] }],
    [['-i', '-fa@example.org', '--', 'b@example.net'], { from: 'a@example.org', recipients: ['b@example.net'] }],
    [['-G', '-i', '-f', '', '--', 'b@example.net'], { from: '', recipients: ['b@example.net'] }],
    [['-t'], { recipients: [] }],
  ])('sendmail %j', (args, envelope) => {
    expect(sendmailEnvelope(args)).toEqual(envelope);
  });

  it.each([
    [0, null, '', { exit: 0, text: '' }],
    [75, null, 'postdrop: warning: unable to look up public/pickup\n', { exit: 75, text: 'pii-scan: sendmail exited with 75: postdrop: warning: unable to look up public/pickup' }],
    [78, null, '', { exit: 78, text: 'pii-scan: sendmail exited with 78' }],
    [2, null, 'oops', { exit: 75, text: '4.3.0 pii-scan: sendmail exited with 2: oops' }],
    [null, 'SIGKILL', '', { exit: 75, text: '4.3.0 pii-scan: sendmail was killed by SIGKILL' }],
  ])('exit %s, signal %s', (code, signal, output, expected) => {
    expect(mapCommandExit('sendmail', code, signal, output)).toEqual(expected);
  });
});
