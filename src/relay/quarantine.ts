import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Owner only: the folder holds the very files the filter stopped from leaking. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Creates the quarantine folder (0700) if needed and checks that it can be written, so that a
 * wrong path fails at start-up, not at the first blocked message.
 */
export async function prepareQuarantine(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (!(await stat(dir)).isDirectory()) throw new Error(`${dir} is not a folder`);
  await access(dir, constants.W_OK);
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

/**
 * Keeps a blocked message: `ID.eml` (the message as received) and then `ID.json` (the report
 * beside it). The report is written last, so that a `.json` always has its message.
 */
export async function quarantineMessage(dir: string, message: Buffer, report: object, id = quarantineId()): Promise<string> {
  await writeAtomic(dir, `${id}.eml`, message);
  await writeAtomic(dir, `${id}.json`, `${JSON.stringify({ id, ...report }, null, 2)}\n`);
  return id;
}
