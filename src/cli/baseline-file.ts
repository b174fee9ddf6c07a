import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Baseline, BaselineError } from '../policy/baseline.js';
import { describeFsError, InputError } from '../sources/input-error.js';
import { AtomicFile } from './atomic-file.js';

/** Baseline options of `pii-scan scan`. */
export interface BaselineOptions {
  /** `--baseline FILE`: findings it holds are accepted. */
  baseline?: string;
  /** `--write-baseline FILE`: this run's findings are recorded in it. */
  writeBaseline?: string;
  /** `--reason TEXT`: why the recorded findings may go; required with --write-baseline. */
  reason?: string;
}

/** The baselines of a run: the one findings are matched against, the one they are recorded in (maybe the same). */
export interface RunBaselines {
  match?: Baseline;
  write?: { baseline: Baseline; path: string; reason: string; sizeBefore: number; file: AtomicFile };
}

/**
 * Reads a baseline file; an unreadable or invalid one is an InputError (exit 3, one line), and so
 * is a missing one unless `missingOk` (then: undefined).
 */
export async function readBaseline(path: string, missingOk = false): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (missingOk && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`baseline ${path}: ${describeFsError(err)}`);
  }
  try {
    return Baseline.parse(text);
  } catch (err) {
    if (err instanceof BaselineError) throw new InputError(`baseline ${path}: ${err.message}`);
    throw err;
  }
}

/**
 * Checks the options, loads the baselines and opens the one to write before any scanning, so that
 * a bad path fails at once, not after the scan. `--write-baseline` adds to the file when it
 * exists (its salt and entries kept) and starts a new one, with a new salt, when not.
 */
export async function loadBaselines(options: BaselineOptions): Promise<RunBaselines> {
  const reason = options.reason?.trim();
  if (options.writeBaseline && !reason) throw new InputError('--write-baseline needs --reason TEXT: an accepted finding must say why it may leave');
  if (!options.writeBaseline && options.reason !== undefined) throw new InputError('--reason goes with --write-baseline FILE');
  const match = options.baseline ? await readBaseline(options.baseline) : undefined;
  if (!options.writeBaseline || !reason) return { match };
  const same = options.baseline !== undefined && resolve(options.baseline) === resolve(options.writeBaseline);
  const write = (same ? match : await readBaseline(options.writeBaseline, true)) ?? Baseline.create();
  const file = await AtomicFile.open(options.writeBaseline, 'baseline');
  return { match, write: { baseline: write, path: options.writeBaseline, reason, sizeBefore: write.size, file } };
}

/** Writes the baseline being recorded, whole (temporary file, then rename); returns the note to print. */
export async function saveBaseline(write: NonNullable<RunBaselines['write']>): Promise<string> {
  await write.file.write(write.baseline.serialize());
  await write.file.commit();
  return `baseline ${write.path}: ${write.baseline.size - write.sizeBefore} finding(s) recorded, ${write.baseline.size} in the file`;
}
