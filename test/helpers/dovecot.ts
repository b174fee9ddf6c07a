import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const DOVECOT = '/usr/sbin/dovecot';
const OPENSSL = '/usr/bin/openssl';

/**
 * A private Dovecot (Debian's dovecot-imapd, installed by `.ci/run`) runs as any user: as root
 * its logins drop to Debian's dovenull and mail to nobody; otherwise everything runs as the user.
 * Without the package, these tests are skipped and one line says why.
 */
const whyNot = !existsSync(DOVECOT) ? 'Dovecot is not installed: apt-get install dovecot-imapd' : !existsSync(OPENSSL) ? 'openssl is not installed' : undefined;
export const DOVECOT_RUNS = whyNot === undefined;
if (whyNot) console.warn(`pii-scan tests: the real-IMAP (Dovecot) tests did not run (${whyNot}; CI installs it)`);

export const IMAP_USER = 'audit';
export const IMAP_PASSWORD = 'dpo-audit-2026';
/** The OAuth2 bearer token the account's provider (a loopback stand-in) accepts, as Microsoft 365 or Gmail would issue one. */
export const IMAP_TOKEN = 'ya29.synthetic-token-for-audit';

export interface Dovecot {
  dir: string;
  /** Implicit TLS (imaps://) and STARTTLS (imap://) ports, on 127.0.0.1. */
  imaps: number;
  imap: number;
  /** The self-signed certificate the server presents (for 127.0.0.1 and localhost), to pass with --ca. */
  ca: string;
  /** The account's Maildir on disk, as Dovecot keeps it. */
  maildir: string;
  /** The lines Dovecot logged at each logout: `fetch_body_count=N` tells how many bodies a session fetched. */
  logouts(): string[];
  /**
   * The logout line of the session at this index, waited for: Dovecot's log process writes it
   * after the client has gone, later still on a loaded machine. The wait only bounds a hang; none
   * found after it gives ''.
   */
  logout(index: number): Promise<string>;
  /**
   * Waits until every session that logged in has ended in the log (Dovecot writes the end after
   * its client has gone): the lines read next are those of the sessions started after. The wait
   * only bounds a hang.
   */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * Starts Dovecot on two free loopback ports with one user (password IMAP_PASSWORD), a Maildir
 * store, TLS required, and a logout line that counts the message bodies each session fetched.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'pii-scan-dovecot-'));
  // As root the mail processes run as nobody: the folders must let it through.
  chmodSync(dir, 0o755);
  const root = userInfo().uid === 0;
  const mailUser = root ? { uid: uidOf('nobody'), gid: gidOf('nobody') } : { uid: userInfo().uid, gid: userInfo().gid };
  const [imaps, imap] = [await freePort(), await freePort()];
  const provider = await tokenInfoServer();
  const maildir = join(dir, 'Maildir');
  for (const sub of ['run', 'home', 'Maildir']) mkdirSync(join(dir, sub));
  execFileSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  writeFileSync(join(dir, 'users'), `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}\n`);
  writeFileSync(join(dir, 'oauth2.conf.ext'), `tokeninfo_url = http://127.0.0.1:${(provider.address() as { port: number }).port}/tokeninfo?access_token=\nusername_attribute = email\n`);
  const me = root ? undefined : userInfo().username;
  const group = root ? undefined : execFileSync('id', ['-gn']).toString().trim();
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/run`,
      `log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      `default_internal_user = ${me ?? 'dovecot'}`,
      `default_internal_group = ${group ?? 'dovecot'}`,
      `default_login_user = ${me ?? 'dovenull'}`,
      'ssl = required',
      `ssl_cert = <${dir}/cert.pem`,
      `ssl_key = <${dir}/key.pem`,
      'auth_mechanisms = plain xoauth2',
      'first_valid_uid = 0',
      'passdb {',
      '  driver = passwd-file',
      '  mechanisms = plain',
      `  args = scheme=PLAIN username_format=%u ${dir}/users`,
      '}',
      // XOAUTH2 as Microsoft 365 and Gmail take it: Dovecot asks the provider what the token is worth.
      'passdb {',
      '  driver = oauth2',
      '  mechanisms = xoauth2',
      `  args = ${dir}/oauth2.conf.ext`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/home mail=maildir:${maildir}`,
      '}',
      'service imap-login {',
      '  chroot =',
      '  inet_listener imap {',
      `    port = ${imap}`,
      '  }',
      '  inet_listener imaps {',
      `    port = ${imaps}`,
      '    ssl = yes',
      '  }',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      'protocol imap {',
      '  imap_logout_format = fetch_body_count=%{fetch_body_count} fetch_body_bytes=%{fetch_body_bytes}',
      '}',
      '',
    ].join('\n'),
  );
  if (root) for (const sub of ['home', 'Maildir']) chownSync(join(dir, sub), mailUser.uid, mailUser.gid);
  execFileSync(DOVECOT, ['-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await listening(imaps);
  const log = join(dir, 'dovecot.log');
  const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []);
  return {
    dir,
    imaps,
    imap,
    ca: join(dir, 'cert.pem'),
    maildir,
    logouts: () => lines().filter((l) => l.includes('Logged out')),
    async logout(index) {
      const logouts = () => lines().filter((l) => l.includes('Logged out'));
      for (let i = 0; i < 600 && logouts().length <= index; i++) await new Promise((r) => setTimeout(r, 50));
      return logouts()[index] ?? '';
    },
    async settled() {
      const open = () => lines().filter((l) => /imap-login: Info: Login:/.test(l)).length - lines().filter((l) => /imap\(.*Disconnected/.test(l)).length;
      for (let i = 0; i < 200 && open() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    },
    stop() {
      try {
        execFileSync(DOVECOT, ['-c', join(dir, 'dovecot.conf'), 'stop'], { stdio: 'ignore' });
      } catch {
        // Already stopped.
      }
      provider.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The OAuth2 provider's token endpoint, on loopback: IMAP_TOKEN is the account's, any other is refused. */
async function tokenInfoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('access_token');
    const ok = token === IMAP_TOKEN;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { email: IMAP_USER, active: true } : { error: 'invalid_token' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

async function listening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Dovecot did not listen on 127.0.0.1:${port}`);
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
