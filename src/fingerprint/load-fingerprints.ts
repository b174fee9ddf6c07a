import { readFile } from 'node:fs/promises';
import { describeFsError } from '../sources/input-error.js';
import { FingerprintIndex } from './fingerprint-file.js';
import { FingerprintError, loadKey } from './fingerprint-key.js';

/**
 * A fingerprint file as a run holds it: its bytes in a SharedArrayBuffer, so that every scan
 * worker reads the one copy (a million customers are about 50 MB), and its key. Plain data: it
 * crosses to worker threads, each of which opens its own FingerprintIndex on the shared bytes.
 */
export interface LoadedFingerprints {
  where: string;
  bytes: Uint8Array;
  /** The secret, hexadecimal; never reported or logged. */
  key: string;
}

/**
 * Reads a fingerprint file and its key (`keyPath`, else the file's name + .key, else the
 * environment variable), and checks them together: a wrong key or a damaged file stops the run
 * before any mail is scanned (FingerprintError, one line, exit 3; 75 in pipe mode).
 */
export async function loadFingerprints(file: string, keyPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LoadedFingerprints> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    throw new FingerprintError(`${file}: cannot read the fingerprint file: ${describeFsError(err)}`);
  }
  FingerprintIndex.readHeader(content, file);
  const { key } = await loadKey(file, keyPath, env);
  const bytes = new Uint8Array(new SharedArrayBuffer(content.length));
  bytes.set(content);
  FingerprintIndex.open(bytes, key, file);
  return { where: file, bytes, key: key.toString('hex') };
}

/** The index of loaded fingerprints, in whichever thread needs it. */
export const openFingerprints = (loaded: LoadedFingerprints): FingerprintIndex => FingerprintIndex.open(loaded.bytes, Buffer.from(loaded.key, 'hex'), loaded.where);
