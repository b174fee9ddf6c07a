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
  const auth = await imapAuth(target, options.env, options.ask);
  let failure: unknown;
  const client = new ImapFlow(clientOptions(target, auth, options.ca));
  // A socket error is also emitted as an event: without a listener it would end the process.
  client.on('error', (err: unknown) => (failure ??= err));
  try {
    await client.connect();
  } catch (err) {
    throw new InputError(`${target.account}: ${describeImapError(failure ?? err)}`);
  }
  try {
    for (const folder of await foldersOf(client, target)) yield* readFolder(client, target, folder, options);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${target.account}: ${describeImapError(failure ?? err)}`);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function clientOptions(target: ImapTarget, auth: ImapFlowOptions['auth'], ca?: Buffer): ImapFlowOptions {
  const loopback = target.host === 'localhost' || /^127\./.test(target.host) || target.host === '::1' || target.host === '[::1]';
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
  if (matched.length === 0) throw new InputError(`${target.account}: no folder matches "${target.folder}" (folders: ${all.map((f) => f.path).join(', ')})`);
  return matched;
}

async function* readFolder(client: ImapFlow, target: ImapTarget, folder: string, options: ImapReadOptions): AsyncGenerator<RawMessage> {
  let mailbox;
  try {
    mailbox = await client.mailboxOpen(folder, { readOnly: true });
  } catch (err) {
    const code = (err as { serverResponseCode?: string }).serverResponseCode;
    if (code === 'NONEXISTENT' || /doesn't exist|not exist|unknown mailbox/i.test((err as { responseText?: string }).responseText ?? '')) {
      const names = (await client.list().catch(() => [])).map((f) => f.path);
      throw new InputError(`${target.account}: no folder "${folder}"${names.length ? ` (folders: ${names.join(', ')})` : ''}`);
    }
    throw err;
  }
  const uidValidity = String(mailbox.uidValidity);
  const key = `${target.account}/${folder}`;
  const lastUid = options.book?.lastUid(key, uidValidity) ?? 0;
  const query = {
    ...(lastUid > 0 ? { uid: `${lastUid + 1}:*` } : { all: true }),
    ...(target.since ? { since: target.since } : {}),
    ...(target.before ? { before: target.before } : {}),
    ...(target.largerThan !== undefined ? { larger: target.largerThan } : {}),
  };
  const found = (await client.search(query, { uid: true })) || [];
  // `n:*` always holds the folder's last message, even below n (RFC 9051 6.4.8): those are old.
  const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
  if (lastUid > 0) options.warn(`note: ${key}: messages up to UID ${lastUid} were scanned by an earlier run (--since-state), not fetched`);
  if (uids.length === 0) return;

  // Sizes first (a few bytes a message): a message over the limit is fetched only in part.
  const sizes = new Map<number, number>();
  for await (const m of client.fetch(uidSet(uids), { uid: true, size: true }, { uid: true })) sizes.set(m.uid, m.size ?? 0);

  const source = (uid: number) => `${target.account}/${folder.split('/').map(encodeURIComponent).join('/')};UID=${uid}`;
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
    for await (const m of client.fetch(uidSet(batch), fetchQuery, { uid: true }) as AsyncIterable<FetchMessageObject>) {
      if (!asked.has(m.uid) || returned.has(m.uid) || !m.source) continue;
      returned.add(m.uid);
      options.book?.expect(source(m.uid), key, uidValidity, m.uid);
      yield {
        source: source(m.uid),
        kind: 'message',
        name: `${folder};UID=${m.uid}`,
        content: m.source,
        ...(over ? { oversize: sizeOf(m.uid) } : {}),
        mailbox: { format: 'imap', folder, flags: flagsOf(m.flags), uid: m.uid, uidValidity },
      };
    }
    for (const uid of batch) {
      if (returned.has(uid)) continue;
      // The folder is recorded up to the message before it: the next run asks for it again.
      options.book?.expect(source(uid), key, uidValidity, uid, true);
      yield {
        source: source(uid),
        kind: 'message',
        name: `${folder};UID=${uid}`,
        content: Buffer.alloc(0),
        issues: [{ code: 'truncated', where: `${folder};UID=${uid}`, detail: 'the server did not return this message (deleted or moved during the scan?): not scanned' }],
        mailbox: { format: 'imap', folder, flags: [], uid, uidValidity },
      };
    }
  }
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
