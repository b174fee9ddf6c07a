import { open } from 'node:fs/promises';
import { describeFsError } from '../sources/input-error.js';
import { FingerprintIndex } from './fingerprint-file.js';
import { FingerprintError, loadKey } from './fingerprint-key.js';

/**
 * A fingerprint file as a run holds it: its bytes in a SharedArrayBuffer, so that every scan
 * worker reads the one copy (a million customers are about 31 MB), and its key. Plain data: it
 * crosses to worker threads, each of which opens its own FingerprintIndex on the shared bytes.
 */
export interface LoadedFingerprints {
  where: string;
  bytes: Uint8Array;
  /** The secret, hexadecimal; never reported or logged. */
  key: string;
  /** The index's presence bits, shared too: made once, not by each worker. */
  present: Uint32Array;
}

/**
 * Reads a fingerprint file and its key (`keyPath`, else the file's name + .key, else the
 * environment variable), and checks them together: a wrong key or a damaged file stops the run
 * before any mail is scanned (FingerprintError, one line, exit 3; 75 in pipe mode).
 */
export async function loadFingerprints(file: string, keyPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LoadedFingerprints> {
  let bytes: Uint8Array;
  try {
    bytes = await readShared(file);
  } catch (err) {
    throw new FingerprintError(`${file}: cannot read the fingerprint file: ${describeFsError(err)}`);
  }
  FingerprintIndex.readHeader(bytes, file);
  const { key } = await loadKey(file, keyPath, env);
  FingerprintIndex.check(bytes, key, file);
  return { where: file, bytes, key: key.toString('hex'), present: FingerprintIndex.sharedPresence(bytes, file) };
}

/** A file read straight into a SharedArrayBuffer: one copy in memory, never a Buffer beside it. */
async function readShared(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 1 << 24), at);
      if (bytesRead === 0) throw Object.assign(new Error('file shrank while read'), { code: 'EIO' });
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The index of loaded fingerprints, in whichever thread needs it. */
export const openFingerprints = (loaded: LoadedFingerprints): FingerprintIndex => FingerprintIndex.open(loaded.bytes, Buffer.from(loaded.key, 'hex'), loaded.where, loaded.present);
