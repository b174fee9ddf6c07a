import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputRef } from './collect-files.js';
import type { ImapFolderBook } from './imap/imap-source.js';
import { describeFsError, InputError } from './input-error.js';

/** What a run remembers of each file it scanned whole: enough to know it again without reading it. */
interface FileState {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content, hexadecimal: a file renamed (a Maildir flag set) or touched is known by it. */
  sha256: string;
  /** An mbox's messages: when it has grown by whole messages, only those are read (`resume`). */
  messages?: number;
}

/** What a run remembers of an IMAP folder: its messages up to `lastUid` were scanned, while its UIDVALIDITY holds. */
interface ImapFolderState {
  uidValidity: string;
  lastUid: number;
}

interface StateFile {
  format: 'pii-scan scan state';
  version: 1;
  updated: string;
  /** What the scans were made under (scanSettingsDigest); a state without it was written before it was kept. */
  settings?: string;
  /** By absolute path. */
  files: Record<string, FileState>;
  /** By account and folder: `imaps://user@host:993/Sent`. */
  imap?: Record<string, ImapFolderState>;
}

/** What `select` kept out of the scan, for the run's notes. */
export interface StateSelection {
  toScan: InputRef[];
  /** Same path, size and modification time as when scanned: not read at all. */
  unchanged: number;
  /** Read only to be hashed: the content of a file scanned before under another name or date. */
  seenElsewhere: number;
  /** Mailboxes grown since they were scanned: read from where the last run stopped. */
  resumed: number;
}

/**
 * `--since-state FILE`: what earlier runs scanned, so that a nightly audit of a folder or a
 * Maildir scans only what is new. A file is passed over when its path, size and modification time
 * are those recorded, or, read and hashed, when its content is one already scanned (a Maildir
 * message whose flags changed is renamed); an mbox that grew by messages appended is read from
 * where the last run stopped. A file is recorded only once scanned whole: one whose
 * scan timed out is scanned again next time. Standard input is always scanned. An IMAP folder is
 * known by its UIDVALIDITY and the last UID scanned: the next run asks the server for the UIDs
 * after it, and fetches nothing when there are none.
 */
export class ScanState implements ImapFolderBook {
  private constructor(
    readonly file: string,
    private readonly settings: string,
    private readonly files: Map<string, FileState>,
    private readonly folders: Map<string, ImapFolderState>,
    /** The state held scans made under other settings (or another version): none of them is trusted. */
    readonly settingsChanged = false,
  ) {}

  /** Files scanned this run, recorded by `commit`. */
  private readonly pending = new Map<string, FileState>();

  /**
   * The state in `file` for a run under `settings` (scanSettingsDigest), empty when it does not
   * exist yet, and emptied when its scans were made under other settings; any other problem stops
   * the run (exit 3).
   */
  static async load(file: string, settings: string): Promise<ScanState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ScanState(file, settings, new Map(), new Map());
      throw new InputError(`--since-state ${file}: ${describeFsError(err)}`);
    }
    let data: StateFile;
    try {
      data = JSON.parse(text) as StateFile;
    } catch {
      throw new InputError(`--since-state ${file}: not a pii-scan scan state (not JSON); name another file, or delete it to scan everything again`);
    }
    if (data?.format !== 'pii-scan scan state' || data.version !== 1 || typeof data.files !== 'object' || data.files === null) {
      throw new InputError(`--since-state ${file}: not a pii-scan scan state of this version; name another file, or delete it to scan everything again`);
    }
    const files = new Map<string, FileState>();
    // Scanned under other settings: what they found is not what this run would find, so all is scanned again.
    const held = Object.keys(data.files).length > 0 || Object.keys(data.imap ?? {}).length > 0;
    if (data.settings !== settings) return new ScanState(file, settings, files, new Map(), held);
    for (const [p, f] of Object.entries(data.files)) {
      if (typeof f?.size === 'number' && typeof f.mtimeMs === 'number' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256) && (f.messages === undefined || Number.isInteger(f.messages))) files.set(p, f);
    }
    const folders = new Map<string, ImapFolderState>();
    for (const [key, f] of Object.entries(data.imap ?? {})) {
      if (typeof f?.uidValidity === 'string' && Number.isInteger(f.lastUid) && f.lastUid > 0) folders.set(key, { uidValidity: f.uidValidity, lastUid: f.lastUid });
    }
    return new ScanState(file, settings, files, folders);
  }

  lastUid(key: string, uidValidity: string): number {
    const known = this.folders.get(key);
    // Another UIDVALIDITY: the folder was rebuilt and its UIDs mean other messages.
    return known && known.uidValidity === uidValidity ? known.lastUid : 0;
  }

  /** IMAP messages under way, by source, in UID order: a folder advances while its messages are scanned whole, and stops at the first that is not. */
  private readonly imapPending = new Map<string, { key: string; uidValidity: string; uid: number; retry: boolean }>();
  private readonly imapStopped = new Set<string>();

  expect(source: string, key: string, uidValidity: string, uid: number, retry = false): void {
    this.imapPending.set(source, { key, uidValidity, uid, retry });
  }

  /** The inputs to scan: those the state does not know. */
  async select(inputs: InputRef[]): Promise<StateSelection> {
    const known = new Set([...this.files.values()].map((f) => `${f.size}:${f.sha256}`));
    const selection: StateSelection = { toScan: [], unchanged: 0, seenElsewhere: 0, resumed: 0 };
    for (const ref of inputs) {
      if (ref.kind !== 'file') {
        selection.toScan.push(ref);
        continue;
      }
      const where = path.resolve(ref.path);
      let info;
      try {
        info = await stat(ref.path);
      } catch (err) {
        throw new InputError(`${ref.path}: ${describeFsError(err)}`);
      }
      const before = this.files.get(where);
      if (before && before.size === info.size && before.mtimeMs === info.mtimeMs) {
        selection.unchanged++;
        continue;
      }
      // An mbox that only grew (its old bytes unchanged: a Sent folder a mail program appends to) is
      // read from its old end; its old messages keep their verdicts.
      const grown = before?.messages !== undefined && info.size > before.size ? before : undefined;
      const { whole, prefix } = await sha256Of(ref.path, grown?.size);
      const now: FileState = { size: info.size, mtimeMs: info.mtimeMs, sha256: whole };
      if (known.has(`${now.size}:${now.sha256}`)) {
        selection.seenElsewhere++;
        this.files.set(where, now);
        continue;
      }
      this.pending.set(ref.path, now);
      if (grown?.messages !== undefined && prefix === grown.sha256) {
        selection.resumed++;
        now.messages = grown.messages;
        selection.toScan.push({ ...ref, resume: { offset: grown.size, index: grown.messages } });
      } else {
        selection.toScan.push(ref);
      }
    }
    return selection;
  }

  /** A scanned input's result: recorded when every message of it was read whole this run. */
  scanned(source: string, complete: boolean, index?: number): void {
    const message = this.imapPending.get(source);
    if (message) {
      this.imapPending.delete(source);
      if (!complete || message.retry) this.imapStopped.add(message.key);
      else if (!this.imapStopped.has(message.key)) this.folders.set(message.key, { uidValidity: message.uidValidity, lastUid: message.uid });
      return;
    }
    const state = this.pending.get(source);
    if (!state) return;
    // An mbox's messages, counted by their indexes (a resumed one's continue the old count).
    if (index !== undefined) state.messages = Math.max(state.messages ?? 0, index + 1);
    if (complete && !this.incomplete.has(source)) this.done.set(source, state);
    else {
      this.incomplete.add(source);
      this.done.delete(source);
    }
  }

  private readonly done = new Map<string, FileState>();
  private readonly incomplete = new Set<string>();

  /** The state to write: what it held, files gone from the disk left out, and this run's. */
  async text(): Promise<string> {
    for (const [source, state] of this.done) this.files.set(path.resolve(source), state);
    const files: Record<string, FileState> = {};
    for (const [where, state] of [...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (await stat(where).then(() => true, () => false)) files[where] = state;
    }
    const imap = Object.fromEntries([...this.folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const data: StateFile = { format: 'pii-scan scan state', version: 1, updated: new Date().toISOString(), settings: this.settings, files, ...(this.folders.size ? { imap } : {}) };
    return `${JSON.stringify(data, null, 1)}\n`;
  }
}

/** The file's SHA-256, and that of its first `prefixBytes` when asked (an mbox's old part), in one read. */
async function sha256Of(file: string, prefixBytes?: number): Promise<{ whole: string; prefix?: string }> {
  const hash = createHash('sha256');
  const prefix = prefixBytes !== undefined ? createHash('sha256') : undefined;
  let read = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      if (prefix && prefixBytes !== undefined && read < prefixBytes) prefix.update(bytes.subarray(0, Math.min(bytes.length, prefixBytes - read)));
      read += bytes.length;
    }
  } catch (err) {
    throw new InputError(`${file}: ${describeFsError(err)}`);
  }
  return { whole: hash.digest('hex'), ...(prefix ? { prefix: prefix.digest('hex') } : {}) };
}
