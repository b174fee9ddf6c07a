import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { MailboxPlace } from '../model/mailbox.js';
import { describeFsError, InputError } from './input-error.js';
import { collectMaildir, isMaildir, maildirFolder } from './maildir.js';
import { isImapUrl, parseImapUrl } from './imap/imap-url.js';
import type { ImapTarget } from './imap/imap-url.js';

/**
 * A file to read (with its place when it is a message of a Maildir; from `resume` when it is an
 * mbox an earlier run read up to there, see scan-state.ts), `-` for standard input, or the
 * folders of an IMAP account (`imaps://user@host/Sent`).
 */
export type InputRef = { kind: 'file'; path: string; mailbox?: MailboxPlace; resume?: MboxResume } | { kind: 'stdin' } | { kind: 'imap'; target: ImapTarget };

/** Where an mbox grown since it was scanned is read again from: its old end, and its next message's index. */
export interface MboxResume {
  offset: number;
  index: number;
}

/** What the walk passed over on purpose, said on stderr so that no skip is silent. */
export interface CollectResult {
  inputs: InputRef[];
  notes: string[];
}

/**
 * Expands command-line paths: files as given (a named symlink is followed: the user asked for
 * it), folders recursively in name order, hidden entries skipped, symlinks inside folders not
 * followed, a Maildir read as one mailbox (maildir.ts). A path that does not exist stops the run before anything is scanned.
 */
export async function collectFiles(paths: string[]): Promise<CollectResult> {
  const result: CollectResult = { inputs: [], notes: [] };
  for (const p of paths) {
    if (p === '-') {
      result.inputs.push({ kind: 'stdin' });
      continue;
    }
    // An address is checked here, before anything is read; the server is reached when its turn comes.
    if (isImapUrl(p)) {
      result.inputs.push({ kind: 'imap', target: parseImapUrl(p) });
      continue;
    }
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      throw new InputError(`${p}: ${describeFsError(err)}`);
    }
    if (info.isDirectory()) await walk(p, result);
    else if (info.isFile()) result.inputs.push({ kind: 'file', path: p });
    else throw new InputError(`${p}: not a regular file (socket, device or pipe)`);
  }
  return result;
}

async function walk(dir: string, result: CollectResult): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new InputError(`${dir}: ${describeFsError(err)}`);
  }
  // A Maildir is one mailbox: its messages with their folder and flags, not a tree of files.
  if (await isMaildir(dir, entries.map((e) => e.name))) {
    await collectMaildir(dir, maildirFolder(dir), result);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Hidden entries (.git, .DS_Store, a mail program's indexes) are passed over, and said so.
  const hidden = entries.filter((e) => e.name.startsWith('.')).length;
  if (hidden > 0) result.notes.push(`${dir}: ${hidden} hidden entr${hidden === 1 ? 'y' : 'ies'} (name starting with a dot) not read`);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) result.notes.push(`${full}: symbolic link not followed`);
    else if (entry.isDirectory()) await walk(full, result);
    else if (entry.isFile()) result.inputs.push({ kind: 'file', path: full });
    else {
      const kind = (await lstat(full)).isFIFO() ? 'pipe' : 'socket or device';
      result.notes.push(`${full}: not a regular file (${kind}), not read`);
    }
  }
}
