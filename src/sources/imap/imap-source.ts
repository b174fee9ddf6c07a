import { issueDetail } from '../../model/issue-details.js';
import { scanIssue } from '../../model/issues.js';
import { rootCertificates } from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { FetchMessageObject, ImapFlowOptions, ListResponse } from 'imapflow';
import { IMAP_FLAGS, MAILDIR_FLAGS } from '../../model/mailbox.js';
import type { MaildirFlag } from '../../model/mailbox.js';
import type { RawMessage } from '../../scan-message.js';
import { InputError } from '../input-error.js';
import type { AskSecret } from './imap-credentials.js';
import { imapAuth } from './imap-credentials.js';
import { folderMatches } from './imap-url.js';
import type { ImapTarget } from './imap-url.js';

/** Bytes kept of a message over the size limit: enough to tell what it is; the rest is never fetched. */
const OVERSIZE_HEAD = 64 * 1024;
/** One FETCH asks for at most this many messages, or this many bytes: the server streams them, one held at a time. */
const BATCH_MESSAGES = 64;
const BATCH_BYTES = 16 * 1024 * 1024;

/** What an IMAP run remembers of a folder (--since-state): the messages up to `lastUid` were scanned. */
export interface ImapFolderBook {
  /** The highest UID scanned with every one before it, for this UIDVALIDITY; 0 for none. */
  lastUid(key: string, uidValidity: string): number;
  /** A message about to be scanned: recorded when its scan completes (see ScanState.scanned); with `retry`, one not read, to ask for again. */
  expect(source: string, key: string, uidValidity: string, uid: number, retry?: boolean): void;
}

export interface ImapReadOptions {
  maxMessageBytes: number;
  env: Record<string, string | undefined>;
  /** `--ca FILE`: certificates trusted besides the system's, for a server with its own authority. */
  ca?: Buffer;
  ask?: AskSecret;
  warn: (line: string) => void;
  book?: ImapFolderBook;
}

/**
 * The messages of the target's folders, one at a time, in UID order: the server searches (dates,
 * size), then sends the messages a few at a time, read-only (EXAMINE; BODY.PEEK sets no flag).
 * A message is `imaps://user@host:port/Folder;UID=n` (RFC 5092), with its folder, UID and flags.
 * A message the server does not return is reported as truncated; the others are scanned.
 * Connection, TLS and login failures are one line, exit 3.
 */
export async function* readImap(target: ImapTarget, options: ImapReadOptions): AsyncGenerator<RawMessage> {
  const session = new ImapSession(target, await imapAuth(target, options.env, options.ask), options.ca);
  await session.connect();
  try {
    for (const folder of await session.run(() => foldersOf(session.client, target))) yield* readFolder(session, target, folder, options);
  } finally {
    await session.close();
  }
}

/**
 * The connection to the account, made again when the server drops it over one message (Dovecot
 * ends the session when a message file cannot be read): the folder is opened again, under the same
 * UIDVALIDITY, and the scan goes on. A connection that cannot be made again ends the run (exit 3).
 */
class ImapSession {
  client!: ImapFlow;
  private failure: unknown;

  constructor(
    private readonly target: ImapTarget,
    private readonly auth: ImapFlowOptions['auth'],
    private readonly ca?: Buffer,
  ) {}

  async connect(): Promise<void> {
    this.failure = undefined;
    this.client = new ImapFlow(clientOptions(this.target, this.auth, this.ca));
    // A socket error is also emitted as an event: without a listener it would end the process.
    this.client.on('error', (err: unknown) => (this.failure ??= err));
    try {
      await this.client.connect();
    } catch (err) {
      throw new InputError(`${this.target.account}: ${describeImapError(this.failure ?? err)}`);
    }
  }

  /** A command whose failure ends the run, in one line. */
  async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${this.target.account}: ${describeImapError(this.failure ?? err)}`);
    }
  }

  /** The folder, read-only (EXAMINE): its UIDVALIDITY. */
  async open(folder: string): Promise<string> {
    try {
      return String((await this.client.mailboxOpen(folder, { readOnly: true })).uidValidity);
    } catch (err) {
      const text = (err as { responseText?: string }).responseText ?? '';
      if ((err as { serverResponseCode?: string }).serverResponseCode === 'NONEXISTENT' || /doesn't exist|not exist|unknown mailbox/i.test(text)) {
        const names = (await this.client.list().catch(() => [])).map((f) => f.path).sort();
        throw new InputError(`${this.target.account}: no folder "${folder}"${names.length ? ` (folders: ${names.join(', ')})` : ''}`);
      }
      throw new InputError(`${this.target.account}: ${folder}: ${describeImapError(this.failure ?? err)}`);
    }
  }

  /** The connection made again and the folder reopened, after the server dropped it; the folder must be the same one. */
  async reopen(folder: string, uidValidity: string): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
    await this.connect();
    if ((await this.open(folder)) !== uidValidity) throw new InputError(`${this.target.account}: ${folder} was rebuilt on the server during the scan (its UIDVALIDITY changed): scan it again`);
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}

function clientOptions(target: ImapTarget, auth: ImapFlowOptions['auth'], ca?: Buffer): ImapFlowOptions {
  const loopback = target.host === 'localhost' || /^127\./.test(target.host) || target.host === '::1';
  return {
    host: target.host,
    port: target.port,
    secure: target.secure,
    // imap:// upgrades with STARTTLS; a password is never sent in clear to another machine.
    ...(target.secure || loopback ? {} : { doSTARTTLS: true }),
    auth,
    logger: false,
    disableAutoIdle: true,
    ...(ca ? { tls: { ca: [...rootCertificates, ca.toString('latin1')] } } : {}),
  };
}

/** The folders named: one by its name, or every selectable folder a glob matches, in the server's order. */
async function foldersOf(client: ImapFlow, target: ImapTarget): Promise<string[]> {
  if (!/[*?]/.test(target.folder)) return [target.folder];
  const all: ListResponse[] = await client.list();
  const matched = all.filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent') && folderMatches(target.folder, f.path)).map((f) => f.path);
  if (matched.length === 0) throw new InputError(`${target.account}: no folder matches "${target.folder}" (folders: ${all.map((f) => f.path).sort().join(', ')})`);
  return matched;
}

async function* readFolder(session: ImapSession, target: ImapTarget, folder: string, options: ImapReadOptions): AsyncGenerator<RawMessage> {
  const uidValidity = await session.open(folder);
  // Remembered with its filters: messages a filtered run left out were never scanned, and a run
  // with other filters (or none) must not pass them over as scanned.
  const key = `${target.account}/${folder}${target.filters}`;
  const lastUid = options.book?.lastUid(key, uidValidity) ?? 0;
  const query = {
    ...(lastUid > 0 ? { uid: `${lastUid + 1}:*` } : { all: true }),
    ...(target.since ? { since: target.since } : {}),
    ...(target.before ? { before: target.before } : {}),
    ...(target.largerThan !== undefined ? { larger: target.largerThan } : {}),
  };
  const found = (await session.run(() => session.client.search(query, { uid: true }))) || [];
  // `n:*` always holds the folder's last message, even below n (RFC 9051 6.4.8): those are old.
  const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
  if (lastUid > 0) options.warn(`note: ${key}: messages up to UID ${lastUid} were scanned by an earlier run (--since-state), not fetched`);
  if (uids.length === 0) return;

  // Sizes first (a few bytes a message): a message over the limit is fetched only in part.
  const sizes = new Map<number, number>();
  await session.run(async () => {
    for await (const m of session.client.fetch(uidSet(uids), { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);
  });

  const place: FolderPlace = { key, folder, uidValidity, source: (uid) => `${target.account}/${folder.split('/').map(encodeURIComponent).join('/')};UID=${uid}` };
  const sizeOf = (uid: number) => sizes.get(uid) ?? 0;
  for (let i = 0; i < uids.length; ) {
    // An oversized message is fetched alone, its head only; the others a batch at a time.
    const over = sizeOf(uids[i]) > options.maxMessageBytes;
    const batch = [uids[i]];
    let bytes = sizeOf(uids[i++]);
    while (!over && i < uids.length && batch.length < BATCH_MESSAGES && bytes < BATCH_BYTES && sizeOf(uids[i]) <= options.maxMessageBytes) {
      batch.push(uids[i]);
      bytes += sizeOf(uids[i++]);
    }
    const asked = new Set(batch);
    const returned = new Set<number>();
    const fetchQuery = { uid: true, flags: true, source: over ? { start: 0, maxLength: OVERSIZE_HEAD } : true };
    let failed = false;
    try {
      for await (const m of session.client.fetch(uidSet(batch), fetchQuery, { uid: true })) {
        if (!asked.has(m.uid) || returned.has(m.uid) || !m.source) continue;
        returned.add(m.uid);
        yield fetched(m, over ? sizeOf(m.uid) : undefined, place, options.book);
      }
    } catch {
      // One message the server cannot give (a file it cannot read) fails the whole FETCH, or the session.
      failed = true;
    }
    for (const uid of batch) {
      if (returned.has(uid)) continue;
      if (failed) {
        // Asked again alone, so that only the message at fault is left unread.
        if (!session.client.usable) await session.reopen(folder, uidValidity);
        const m = await session.client.fetchOne(String(uid), fetchQuery, { uid: true }).catch(() => false as const);
        if (m && m.source) {
          yield fetched(m, over ? sizeOf(uid) : undefined, place, options.book);
          continue;
        }
      }
      // The folder is recorded up to the message before it: the next run asks for it again.
      options.book?.expect(place.source(uid), key, uidValidity, uid, true);
      const why = failed ? issueDetail('imap-fetch-failed') : issueDetail('imap-message-gone');
      yield {
        source: place.source(uid),
        kind: 'message',
        name: `${folder};UID=${uid}`,
        content: Buffer.alloc(0),
        issues: [scanIssue('truncated', `${folder};UID=${uid}`, why)],
        mailbox: { format: 'imap', folder, flags: [], uid, uidValidity },
      };
    }
  }
}

interface FolderPlace {
  key: string;
  folder: string;
  uidValidity: string;
  source: (uid: number) => string;
}

/** A fetched message as the scan takes it, announced to the state book. */
function fetched(m: FetchMessageObject, oversize: number | undefined, place: FolderPlace, book: ImapFolderBook | undefined): RawMessage {
  book?.expect(place.source(m.uid), place.key, place.uidValidity, m.uid);
  return {
    source: place.source(m.uid),
    kind: 'message',
    name: `${place.folder};UID=${m.uid}`,
    content: m.source as Buffer,
    ...(oversize !== undefined ? { oversize } : {}),
    mailbox: { format: 'imap', folder: place.folder, flags: flagsOf(m.flags), uid: m.uid, uidValidity: place.uidValidity },
  };
}

/** UIDs as an IMAP sequence set, runs written `a:b`: a search's thousands of UIDs in a short command. */
export function uidSet(uids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < uids.length; ) {
    let j = i;
    while (j + 1 < uids.length && uids[j + 1] === uids[j] + 1) j++;
    parts.push(j > i ? `${uids[i]}:${uids[j]}` : String(uids[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** IMAP flags as Maildir names them, in the Maildir letters' order: the same message, the same flags, either way it is read. */
function flagsOf(flags: Set<string> | undefined): MaildirFlag[] {
  const set = new Set([...(flags ?? [])].map((f) => IMAP_FLAGS[f]).filter((f): f is MaildirFlag => f !== undefined));
  return Object.values(MAILDIR_FLAGS).filter((f) => set.has(f));
}

/** One line for a failed connection, login or command, without imapflow's stack or protocol dump. */
export function describeImapError(err: unknown): string {
  const e = err as { code?: string; message?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };
  if (e?.authenticationFailed || e?.serverResponseCode === 'AUTHENTICATIONFAILED') return 'login refused: wrong user name, password or token';
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is an IMAP server listening on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'server name not found';
    case 'ETIMEDOUT':
    case 'CONNECT_TIMEOUT':
    case 'GREETING_TIMEOUT':
    case 'ETIMEOUT':
      return 'the server did not answer in time';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'NoConnection':
      return 'the connection was closed by the server';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return "the server's certificate is not signed by an authority this machine trusts: give its authority's certificate with --ca FILE";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return "the server's certificate is for another name";
    case 'CERT_HAS_EXPIRED':
      return "the server's certificate has expired";
  }
  const text = e?.responseText ?? e?.message ?? String(err);
  return text.split('\n')[0];
}
