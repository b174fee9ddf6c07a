import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MAILDIR_FLAGS, type MailboxPlace, type MaildirFlag } from '../model/mailbox.js';
import type { CollectResult } from './collect-files.js';
import { describeFsError, InputError } from './input-error.js';

/**
 * A Maildir (cr.yp.to/proto/maildir.html), as Dovecot, Courier, Postfix's local delivery and
 * mutt keep mail: a folder holding `cur/` (messages seen by a mail program), `new/` (delivered,
 * not yet seen) and `tmp/` (deliveries being written). Maildir++ subfolders are its hidden
 * folders holding the same three (`.Sent/`, `.Archives.2025/`).
 */
export async function isMaildir(dir: string, names: readonly string[]): Promise<boolean> {
  if (!names.includes('cur') || !names.includes('new')) return false;
  const entries = await readdir(dir, { withFileTypes: true });
  const isDir = (name: string) => entries.some((e) => e.name === name && e.isDirectory());
  return isDir('cur') && isDir('new');
}

/**
 * A Maildir's messages as inputs, each with its folder and flags: `new/` then `cur/`, in name
 * order (a delivery's time comes first in its name), then each Maildir++ subfolder. `tmp/` holds
 * messages still being written, not mail yet: they are counted in a note, not read. What else
 * lies at the top (Dovecot's and Courier's indexes, `subscriptions`) is the store's own
 * bookkeeping: counted in a note too.
 */
export async function collectMaildir(dir: string, folder: string, result: CollectResult): Promise<void> {
  for (const sub of ['new', 'cur']) {
    for (const name of await sortedFiles(path.join(dir, sub), result)) {
      result.inputs.push({ kind: 'file', path: path.join(dir, sub, name), mailbox: place(folder, name) });
    }
  }
  const inTmp = await sortedFiles(path.join(dir, 'tmp'), result, true);
  if (inTmp.length > 0) result.notes.push(`${path.join(dir, 'tmp')}: ${inTmp.length} message${inTmp.length === 1 ? '' : 's'} still being delivered (Maildir tmp/), not read`);

  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    throw new InputError(`${dir}: ${describeFsError(err)}`);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let bookkeeping = 0;
  for (const entry of entries) {
    if (['cur', 'new', 'tmp'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    // Maildir++: a subfolder is a hidden Maildir at the top, its name's dots the hierarchy.
    if (folder === 'INBOX' && entry.isDirectory() && entry.name.startsWith('.') && entry.name.length > 1) {
      const inner = await readdir(full).catch(() => []);
      if (await isMaildir(full, inner)) {
        await collectMaildir(full, entry.name.slice(1).split('.').join('/'), result);
        continue;
      }
    }
    if (entry.isDirectory()) result.notes.push(`${full}: a folder inside a Maildir that is not one of its folders, not read`);
    else bookkeeping++;
  }
  if (bookkeeping > 0) result.notes.push(`${dir}: Maildir (${folder}): ${bookkeeping} file${bookkeeping === 1 ? '' : 's'} of the mail store's own (indexes, subscriptions) beside its messages, not read`);
}

/** A Maildir's folder by its name: a Maildir++ subfolder given alone (`.Sent`) is Sent; any other, INBOX. */
export function maildirFolder(dir: string): string {
  const name = path.basename(path.resolve(dir));
  return name.startsWith('.') && name.length > 1 ? name.slice(1).split('.').join('/') : 'INBOX';
}

/** The regular files of a Maildir subfolder, by name; hidden and odd entries said in notes. */
async function sortedFiles(dir: string, result: CollectResult, quiet = false): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // tmp/ may be missing (some stores make it on the first delivery); cur/ and new/ were checked.
    if (quiet && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`${dir}: ${describeFsError(err)}`);
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isFile()) files.push(entry.name);
    else if (!quiet) result.notes.push(`${path.join(dir, entry.name)}: not a message file (${entry.isDirectory() ? 'a folder' : entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}), not read`);
  }
  return files.sort();
}

/** A message file's place: its folder, and its flags from its name's `:2,` (or `!2,`, where `:` is not allowed) suffix. */
export function place(folder: string, name: string): MailboxPlace {
  const info = /[:!]2,([A-Za-z]*)$/.exec(name);
  const flags: MaildirFlag[] = [];
  if (info) for (const [letter, flag] of Object.entries(MAILDIR_FLAGS)) if (info[1].includes(letter)) flags.push(flag);
  return { format: 'maildir', folder, flags };
}
