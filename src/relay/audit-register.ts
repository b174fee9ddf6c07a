import { createHash } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../sources/input-error.js';

/** What is done to quarantined mail, each appended to the register. */
export type AuditAction = 'quarantine' | 'view' | 'view-values' | 'release' | 'delete' | 'purge';

/** One row as appended: no personal value, only the message's digest and what kind of data it holds. */
export interface AuditEvent {
  action: AuditAction;
  /** The quarantine id. */
  id: string;
  /** SHA-256 of the message as kept (its content is never in the register). */
  digest: string;
  /** What kind of data, as the report words it ("customer-file"), and how many people. */
  kind: string;
  people: number;
  reason: string;
}

export interface AuditRow extends AuditEvent {
  seq: number;
  at: string;
  /** The operating-system user who did it. */
  who: string;
  prev: string;
  hash: string;
}

/** How a chain breaks: a row missing before this one (or moved), a row that does not follow the one before, a row changed. */
export type RegisterProblem = 'missing' | 'unlinked' | 'changed';

/** The register's file in the quarantine folder (listQuarantine reads only ID.json files). */
export const REGISTER_FILE = 'register.sqlite';
/** The "previous hash" of the first row. */
const GENESIS = '0'.repeat(64);

const COLUMNS = ['seq', 'at', 'who', 'action', 'id', 'digest', 'kind', 'people', 'reason'] as const;

/** The hash of a row: its fields and the previous row's hash, so that a change anywhere breaks every hash after it. */
export function rowHash(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256')
    .update(`${row.prev}\n${JSON.stringify(COLUMNS.map((c) => row[c]))}`)
    .digest('hex');
}

/**
 * The audit register of a quarantine (issue 17): every quarantine and every view appended to an
 * SQLite database beside the messages (0600), who, when, which message (its digest), what and why,
 * each row carrying the hash of the one before. `verify` proves the chain whole or names the first
 * row that breaks it: a row changed, removed, or put in another place.
 */
export class AuditRegister {
  private constructor(private readonly db: Database.Database) {}

  /** Appends one event to the register of `dir` and closes it: what each action on kept mail does. */
  static appendTo(dir: string, event: AuditEvent): AuditRow {
    const register = AuditRegister.open(dir);
    try {
      return register.append(event);
    } finally {
      register.close();
    }
  }

  /** The register of a folder that must have one (verify, export): a folder without is one sentence, exit 3. */
  static openExisting(dir: string): AuditRegister {
    if (!existsSync(join(dir, REGISTER_FILE))) throw new InputError(`quarantine ${dir} has no register (${REGISTER_FILE}): nothing was ever quarantined there`);
    return AuditRegister.open(dir);
  }

  static open(dir: string): AuditRegister {
    const file = join(dir, REGISTER_FILE);
    const created = !existsSync(file);
    const db = new Database(file);
    if (created) chmodSync(file, 0o600);
    db.pragma('journal_mode = DELETE');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS register (
      seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, id TEXT NOT NULL,
      digest TEXT NOT NULL, kind TEXT NOT NULL, people INTEGER NOT NULL, reason TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL)`);
    return new AuditRegister(db);
  }

  /** Appends one event, chained to the last row, in one transaction (two relays appending at once stay in order). */
  append(event: AuditEvent, at = new Date()): AuditRow {
    const append = this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM register ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const row = { ...event, seq: (last?.seq ?? 0) + 1, at: at.toISOString(), who: osUser(), prev: last?.hash ?? GENESIS };
      const full: AuditRow = { ...row, hash: rowHash(row) };
      this.db.prepare('INSERT INTO register (seq, at, who, action, id, digest, kind, people, reason, prev, hash) VALUES (@seq, @at, @who, @action, @id, @digest, @kind, @people, @reason, @prev, @hash)').run(full);
      return full;
    });
    return append.immediate();
  }

  rows(): AuditRow[] {
    return this.db.prepare('SELECT * FROM register ORDER BY rowid').all() as AuditRow[];
  }

  /** The chain whole ({ rows }), or the first row that breaks it and how; the rows read one at a time. */
  verify(): ChainCheck {
    return checkChain(this.db.prepare('SELECT * FROM register ORDER BY rowid').iterate() as Iterable<AuditRow>);
  }

  close(): void {
    this.db.close();
  }
}

/** What a walk of the chain finds: whole, with its number of rows, or the first row that breaks it and how. */
export type ChainCheck = { ok: true; rows: number } | { ok: false; seq: number; problem: RegisterProblem; expected: number };

/** Walks rows in the order written (AuditRegister.rows, or the table read one row at a time). */
export function checkChain(rows: Iterable<AuditRow>): ChainCheck {
  let prev = GENESIS;
  let expected = 1;
  for (const row of rows) {
    if (row.seq !== expected) return { ok: false, seq: row.seq, problem: 'missing', expected };
    if (row.prev !== prev) return { ok: false, seq: row.seq, problem: 'unlinked', expected };
    if (rowHash(row) !== row.hash) return { ok: false, seq: row.seq, problem: 'changed', expected };
    prev = row.hash;
    expected++;
  }
  return { ok: true, rows: expected - 1 };
}

/** The user running the command, by name; by uid where the system has no name for it (a container's user). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** SHA-256 of a kept message, hex: how the register names it without holding it. */
export const messageDigest = (content: Buffer) => createHash('sha256').update(content).digest('hex');
