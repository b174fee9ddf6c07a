import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError, InputError } from '../sources/input-error.js';

/**
 * A file written whole or not at all (`--output`, `--write-baseline`): the text goes to a hidden
 * temporary file beside the target, renamed over it by `commit`. A run that fails half-way leaves
 * no half report that looks whole, and the previous file, if any, stays as it was. The temporary
 * name starts with a dot, so that a folder scan of the same directory skips it.
 *
 * A target that is no regular file (`/dev/null`, `/dev/stdout` on a pipe, a FIFO) is written
 * straight: renamed over, the device itself would be replaced by a file (as root, /dev/null made
 * a 0600 file of its reports). A symbolic link is followed: the file it names is replaced, the
 * link stays.
 */
export class AtomicFile {
  private constructor(
    readonly path: string,
    /** Where the text goes before `commit` puts it at `target`; null when written straight. */
    private readonly temp: string | null,
    private readonly target: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens the temporary file; an unwritable target is an InputError (exit 3) before any work.
   * `mode` is the new file's (0o600 for secrets: it is set at creation, never loosened after).
   */
  static async open(path: string, what: string, mode = 0o666): Promise<AtomicFile> {
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) throw new InputError(`${path}: cannot write the ${what}: is a directory`);
    try {
      if (existing && !existing.isFile()) return new AtomicFile(path, null, path, await open(path, 'w'));
      const target = existing ? await realpath(path) : path;
      const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      return new AtomicFile(path, temp, target, await open(temp, 'wx', mode));
    } catch (err) {
      throw new InputError(`${path}: cannot write the ${what}: ${describeFsError(err)}`);
    }
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    try {
      await (typeof text === 'string' ? this.handle.writeFile(text, 'utf8') : this.handle.writeFile(text));
    } catch (err) {
      throw new InputError(`${this.path}: cannot write: ${describeFsError(err)}`);
    }
  }

  /** Closes the temporary file and puts it in place. */
  async commit(): Promise<void> {
    try {
      await this.handle.close();
      if (this.temp !== null) await rename(this.temp, this.target);
    } catch (err) {
      if (this.temp !== null) await rm(this.temp, { force: true });
      throw new InputError(`${this.path}: cannot write: ${describeFsError(err)}`);
    }
  }

  /** Drops the temporary file; the target is left untouched (a device or a pipe has had what was written). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (this.temp !== null) await rm(this.temp, { force: true });
  }
}
