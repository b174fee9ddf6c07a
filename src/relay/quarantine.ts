import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describeFsError } from '../sources/input-error.js';
import type { MessageReport } from '../report/report.js';
import { SEVERITY_RANK } from '../model/findings.js';
import { AuditRegister, messageDigest } from './audit-register.js';

/** Owner only: the folder holds the very files the filter stopped from leaking. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The quarantine folder cannot be made or written: its message is one plain sentence. */
export class QuarantineDirError extends Error {
  override readonly name = 'QuarantineDirError';
}

/**
 * Creates the quarantine folder (0700) and its missing parents if needed, and checks that it can be
 * written, so that a wrong path fails at start-up, not at the first blocked message. Each missing
 * folder is made on its own: Node's recursive mkdir never returns on some paths (/proc/x/y).
 */
export async function prepareQuarantine(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const found = await stat(at).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(new QuarantineDirError(`cannot look at ${at}: ${describeFsError(err)}`))));
    if (found && !found.isDirectory()) throw new QuarantineDirError(`${at} is a file, not a folder`);
    if (found || dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) {
    await mkdir(folder, { mode: DIR_MODE }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw new QuarantineDirError(`cannot create ${folder}: ${describeFsError(err)}`);
    });
  }
  await access(dir, constants.W_OK).catch((err) => {
    throw new QuarantineDirError(`cannot write in ${dir}: ${describeFsError(err)}`);
  });
}

/** A quarantine id: UTC time, then random hex, so that ids sort by arrival and never collide. */
export function quarantineId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

/** Writes a file whole or not at all: a hidden temporary file (0600), flushed, then renamed. */
async function writeAtomic(dir: string, name: string, data: Buffer | string): Promise<void> {
  const tmp = join(dir, `.${name}.tmp`);
  const file = await open(tmp, 'wx', FILE_MODE);
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await file.close();
  await rename(tmp, join(dir, name));
}

/** What the relay keeps beside a message: when, its envelope, why, and its masked report. */
export interface QuarantineRecord {
  received: string;
  envelope: { from?: string | null; recipients: string[] };
  reason: string;
  report: MessageReport;
  queueId?: string | null;
}

/**
 * Keeps a blocked message: `ID.eml` (the message as received) and then `ID.json` (the report
 * beside it). The report is written last, so that a `.json` always has its message; then the
 * quarantine is appended to the folder's audit register (its digest, never its content).
 */
export async function quarantineMessage(dir: string, message: Buffer, record: QuarantineRecord, id = quarantineId()): Promise<string> {
  await writeAtomic(dir, `${id}.eml`, message);
  await writeAtomic(dir, `${id}.json`, `${JSON.stringify({ id, ...record }, null, 2)}\n`);
  AuditRegister.appendTo(dir, { action: 'quarantine', id, digest: messageDigest(message), ...dataKind(record.report), reason: record.reason });
  return id;
}

/** What kind of data a report holds, for the register: its weightiest finding's kind (or why it was unread) and its people. */
export function dataKind(report: MessageReport): { kind: string; people: number } {
  const top = [...report.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  const kind = top && top.severity !== 'low' ? top.kind : report.issues.length > 0 ? `issue/${report.issues[0].code}` : 'none';
  return { kind, people: report.people };
}
