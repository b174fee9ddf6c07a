import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageReport } from '../report/report.js';
import { describeFsError, InputError } from '../sources/input-error.js';

/** What `quarantineMessage` wrote beside each kept message (`ID.json`). */
export interface QuarantineEntry {
  id: string;
  /** When the relay received it, ISO 8601. */
  received: string;
  envelope: { from?: string | null; recipients: string[] };
  reason: string;
  /** The masked report of the message (values masked: the relay never writes them whole). */
  report: MessageReport;
}

/** A quarantine id as quarantineId() makes them: its time, then 8 hex digits. */
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

/**
 * A quarantine folder a review may open: a folder, owned by the user running the command, that
 * no one else may enter (no group or other permission bit: the relay makes it 0700). The folder
 * holds the mail the filter stopped; a review command on a folder others can read or that belongs
 * to someone else would be a way around that.
 */
export async function openQuarantine(dir: string, uid = process.getuid?.()): Promise<string> {
  const found = await stat(dir).catch((err: unknown) => {
    throw new InputError(`quarantine ${dir}: ${describeFsError(err)}`);
  });
  if (!found.isDirectory()) throw new InputError(`quarantine ${dir} is not a folder`);
  if (uid !== undefined && found.uid !== uid) throw new InputError(`quarantine ${dir} belongs to another user (uid ${found.uid}): run the review as the user the relay runs as`);
  if ((found.mode & 0o077) !== 0) throw new InputError(`quarantine ${dir} is open to others (mode ${(found.mode & 0o777).toString(8)}): it must be 700, as the relay makes it, before it is reviewed`);
  return dir;
}

/** Every kept message with its report, oldest first (ids sort by arrival). */
export async function listQuarantine(dir: string): Promise<QuarantineEntry[]> {
  const names = await readdir(dir).catch((err: unknown) => {
    throw new InputError(`quarantine ${dir}: ${describeFsError(err)}`);
  });
  const ids = names.filter((n) => n.endsWith('.json') && ID.test(n.slice(0, -5))).map((n) => n.slice(0, -5));
  return Promise.all(ids.sort().map((id) => readEntry(dir, id)));
}

/** One kept message's report; a missing or unreadable one is one sentence, exit 3. */
export async function readEntry(dir: string, id: string): Promise<QuarantineEntry> {
  if (!ID.test(id)) throw new InputError(`${id} is not a quarantine id (such as 20260805T073000Z-1a2b3c4d): see pii-scan quarantine list`);
  const file = join(dir, `${id}.json`);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputError(err.code === 'ENOENT' ? `no message ${id} in the quarantine ${dir}` : `quarantine ${file}: ${describeFsError(err)}`);
  });
  try {
    const entry = JSON.parse(text) as QuarantineEntry;
    if (typeof entry.received !== 'string' || typeof entry.report?.verdict !== 'string') throw new Error('not a quarantine report');
    return { ...entry, id };
  } catch {
    throw new InputError(`quarantine ${file} is not a report pii-scan wrote: left as it is`);
  }
}
