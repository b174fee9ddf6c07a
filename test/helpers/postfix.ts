import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const POSTFIX = '/usr/sbin/postfix';

/**
 * A private Postfix instance runs only as root (its master drops to the postfix user) and with
 * Debian's package installed, which no test installs: `.ci/run` does, and runs them as root. Run
 * otherwise, these tests are skipped and one line says why.
 */
const whyNot = userInfo().uid !== 0 ? 'they need root' : !existsSync(POSTFIX) ? 'Postfix is not installed: apt-get install postfix, "No configuration"' : undefined;
export const POSTFIX_RUNS = whyNot === undefined;
if (whyNot) console.warn(`pii-scan tests: the real-Postfix tests did not run (${whyNot}; CI runs them as root)`);

/** Kept for the tests' beforeAll: POSTFIX_RUNS already said whether Postfix is there. */
export function ensurePostfix(): void {
  if (!existsSync(POSTFIX)) throw new Error('Postfix is not installed (apt-get install postfix, "No configuration"): .ci/run installs it');
}

export { freePort } from './free-port.js';

export interface PostfixPorts {
  /** The smtpd that takes mail in (in place of port 25). */
  smtp: number;
  /** The local sink standing for the Internet: every delivery goes there (relayhost). */
  sink: number;
}

/** The lines under test, added to the instance's own: main.cf settings and master.cf services. */
export interface PostfixSetup {
  main: string;
  master: string;
  /** Whether `master` defines the smtpd on `ports.smtp` itself (the pipe variant does). */
  ownSmtpd: boolean;
}

/** The private instance's own settings: its folders, loopback only, the sink as relayhost, fast retries. */
function instanceMainCf(dir: string, ports: PostfixPorts): string {
  return [
    'compatibility_level = 3.6',
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'myhostname = relay.pii-scan.test',
    'mydestination =',
    'mynetworks = 127.0.0.0/8',
    `relayhost = [127.0.0.1]:${ports.sink}`,
    'alias_maps =',
    'alias_database =',
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    // Retries within seconds, so that "deferred, then delivered" fits in a test.
    'queue_run_delay = 1s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    'smtp_connect_timeout = 5s',
  ].join('\n');
}

/** The daemons a relay needs, none chrooted (the instance lives in a temporary folder). */
const BASE_MASTER_CF = `
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`.trim();

/** A throw-away Postfix instance on loopback high ports, with pii-scan as its content filter. */
export class PostfixInstance {
  readonly dir: string;

  constructor(
    readonly ports: PostfixPorts,
    private readonly setup: PostfixSetup,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'pii-postfix-'));
  }

  /** Writes main.cf and master.cf (the lines under test plus the instance's own) and starts Postfix. */
  start(): void {
    const { dir, ports, setup } = this;
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'main.cf'), `${instanceMainCf(dir, ports)}\n${setup.main}\n`);
    const smtpd = setup.ownSmtpd ? '' : `127.0.0.1:${ports.smtp} inet n - n - - smtpd\n`;
    writeFileSync(join(dir, 'master.cf'), `${smtpd}${BASE_MASTER_CF}\n${setup.master}\n`);
    mkdirSync(join(dir, 'queue'), { mode: 0o755 });
    mkdirSync(join(dir, 'data'), { mode: 0o700 });
    const postfixUid = Number(execFileSync('id', ['-u', 'postfix'], { encoding: 'utf8' }).trim());
    chownSync(join(dir, 'data'), postfixUid, 0);
    this.postfix('start');
  }

  /** Stops Postfix and removes the instance's folder. */
  destroy(): void {
    try {
      this.postfix('stop');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Asks the queue manager to try every queued message now (`postqueue -f`). */
  flush(): void {
    execFileSync('/usr/sbin/postqueue', ['-c', this.dir, '-f'], { stdio: 'pipe' });
  }

  /** The queue as `postqueue -j` lists it: one object per queued message. */
  queue(): { queue_name: string; recipients: { address: string; delay_reason?: string }[] }[] {
    const out = execFileSync('/usr/sbin/postqueue', ['-c', this.dir, '-j'], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  /** Postfix's log so far. */
  log(): string {
    const file = join(this.dir, 'maillog');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  private postfix(command: string): void {
    execFileSync(POSTFIX, ['-c', this.dir, command], { stdio: 'pipe' });
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `seconds` with `what` in the message. */
export async function waitFor<T>(what: string, check: () => T | undefined, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
