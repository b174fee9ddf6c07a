import type { Limits } from '../../src/model/limits.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** What a hostile input must give: the exit code, and where stated the verdict and the issues. */
export interface Expected {
  /** The process's exit code (DESIGN.md §1): 0 pass/warn, 1 block, 2 unscannable, 3 error. */
  exit: number;
  /** The top-level verdict of the JSON report (absent for exit 3, which writes no report). */
  verdict?: 'pass' | 'warn' | 'block' | 'unscannable';
  /**
   * The issues of the report as `code@where`, all of them, in any order (duplicates collapse).
   * Absent: no check on the list beyond "every unread part has an issue".
   */
  issues?: readonly string[];
  /** Issues that must be among the report's when the whole list is too long to state. */
  issuesInclude?: readonly string[];
  /** Messages in the report (an mbox split right). */
  messages?: number;
}

/** Bounds every case is held to: memory as the issue states it, time only to detect a hang. */
export interface Bounds {
  /** Peak resident memory of the scanning process, MB. */
  peakMb: number;
  /** Past this the process is killed and the case fails as a hang: 10x or more of a normal run. */
  hangSeconds: number;
}

export const DEFAULT_BOUNDS: Bounds = { peakMb: 512, hangSeconds: 240 };

/** One hostile input: how to make it, how to feed it, what it must give. */
export interface HostileCase {
  name: string;
  /** Writes the input into `dir` and returns its path; large inputs are streamed, never held whole. */
  build(dir: string): Promise<string>;
  expected: Expected;
  /** Feed the file on standard input (`pii-scan -`) instead of naming it. */
  stdin?: boolean;
  /** Generates standard input as it is read (with `stdin`), for inputs too large for a temp file. */
  feed?: () => Iterable<Buffer>;
  /** Extra command-line options, before the input. */
  args?: readonly string[];
  /**
   * Limits the case is scanned with (written to a configuration file beside the input and given
   * with --config): a case about a time limit is run with a short one, so that the suite does
   * not wait a minute to see it hold.
   */
  limits?: Partial<Limits>;
  bounds?: Partial<Bounds>;
}

/** Writes chunks from a generator to a file, waiting on the stream's buffer: flat memory for any size. */
export async function streamToFile(path: string, chunks: Iterable<Buffer | string>): Promise<string> {
  const out = createWriteStream(path);
  for (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return path;
}

/** `count` copies of `chunk`, for streamToFile. */
export function* repeat(chunk: Buffer | string, count: number): Generator<Buffer | string> {
  for (let i = 0; i < count; i++) yield chunk;
}
