import { createHmac, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { describeFsError } from '../sources/input-error.js';
import { sipHash, sipKey, type SipKey } from './siphash.js';

/** A fingerprint file or key that cannot be used: one line, exit 3. */
export class FingerprintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FingerprintError';
  }
}

/** The environment variable that holds the key instead of a key file (a secret store, a systemd credential). */
export const KEY_VARIABLE = 'PII_SCAN_FINGERPRINT_KEY';

/** The key file's default place: beside the fingerprint file. */
export const defaultKeyPath = (fingerprintPath: string): string => `${fingerprintPath}.key`;

/** A new secret: 32 random bytes, written as 64 hexadecimal digits. */
export function newKey(): Buffer {
  return randomBytes(32);
}

export const keyText = (key: Buffer): string => `${key.toString('hex')}\n`;

function parseKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new FingerprintError(`${where}: not a pii-scan fingerprint key (64 hexadecimal digits)`);
  return Buffer.from(hex, 'hex');
}

/**
 * The secret for a fingerprint file: the environment variable when it is set, else the key file
 * (`keyPath`, by default the fingerprint file's name + `.key`). A key file that other users may
 * read is refused, as ssh refuses such a private key: the fingerprints are only as safe as it is.
 */
export async function loadKey(fingerprintPath: string, keyPath?: string, env: NodeJS.ProcessEnv = process.env): Promise<{ key: Buffer; from: string }> {
  const fromEnv = env[KEY_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '' && keyPath === undefined) return { key: parseKey(fromEnv, KEY_VARIABLE), from: KEY_VARIABLE };
  const path = keyPath ?? defaultKeyPath(fingerprintPath);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new FingerprintError(`${path}: cannot read the fingerprint key: ${describeFsError(err)} (set ${KEY_VARIABLE}, or give the key file's path)`);
  }
  if (!info.isFile()) throw new FingerprintError(`${path}: the fingerprint key is not a regular file`);
  if ((info.mode & 0o077) !== 0) throw new FingerprintError(`${path}: the fingerprint key may be read by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 ${path}`);
  try {
    return { key: parseKey(await readFile(path, 'utf8'), path), from: path };
  } catch (err) {
    if (err instanceof FingerprintError) throw err;
    throw new FingerprintError(`${path}: cannot read the fingerprint key: ${describeFsError(err)}`);
  }
}

/**
 * The SipHash key of one fingerprint file: HMAC-SHA-256 of the file's salt under the secret.
 * The salt makes two files made with one secret hash alike values differently.
 */
export function deriveSipKey(secret: Buffer, salt: Buffer): SipKey {
  const mac = createHmac('sha256', secret).update('pii-scan fingerprints 1\0').update(salt).digest();
  return sipKey(mac.subarray(0, 16));
}

/**
 * A value that tells the right key from a wrong one (a file matched with another file's key would
 * find nothing and say nothing): the hash of a fixed text, which says nothing of any customer.
 */
export function keyCheck(key: SipKey): string {
  const text = new TextEncoder().encode('pii-scan key check');
  const out = sipHash(key, text, text.length, { hi: 0, lo: 0 });
  return out.hi.toString(16).padStart(8, '0') + out.lo.toString(16).padStart(8, '0');
}
