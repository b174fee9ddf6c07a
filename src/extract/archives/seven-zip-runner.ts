import { issueDetail } from '../../model/issue-details.js';
import type { SevenZipModuleFactory } from '7z-wasm';
import { PartIssueError } from '../../model/issues.js';

/** What one run of 7-Zip gave: its exit code and its messages (stderr). */
export interface SevenZipRun {
  code: number;
  errors: string;
}

/** One 7-Zip (7z-wasm) instance holding one archive in its in-memory file system. */
export interface SevenZipSession {
  /** Runs 7zz with `args`, every byte it writes on stdout going to `onByte` (which may throw to stop it). */
  run(args: string[], onByte: (byte: number) => void): SevenZipRun;
  /** Writes a file of pii-scan's own (a list of names) at a generated path. */
  writeFile(path: string, data: string): void;
}

/** The archive's path in the in-memory file system: generated, never an entry's name. */
export const ARCHIVE_PATH = '/scan/archive';
/** A password that is never asked for: without one, 7-Zip would prompt on the terminal. */
export const NO_PASSWORD = '-p-';

/**
 * Loads 7z-wasm on first need (its 1.6 MB of WASM costs start-up time the pipe mode does not
 * pay for mail without archives) and copies the archive into a fresh instance's memory file
 * system. A fresh instance per archive: its memory is freed with it, and nothing of one archive
 * is left for the next.
 */
export async function openSevenZip(content: Buffer): Promise<SevenZipSession> {
  // A CommonJS (UMD) module typed as ES: at run time the default export is the factory itself.
  const SevenZip = (await import('7z-wasm')).default as unknown as SevenZipModuleFactory;
  let onByte: (byte: number) => void = () => undefined;
  const errors: number[] = [];
  const module = await SevenZip({ stdout: (byte) => onByte(byte), stderr: (byte) => void errors.push(byte), print: () => undefined, printErr: () => undefined });
  module.FS.mkdir('/scan');
  module.FS.writeFile(ARCHIVE_PATH, content);
  return {
    writeFile: (path, data) => module.FS.writeFile(path, data),
    run(args, sink) {
      onByte = sink;
      errors.length = 0;
      let code: number;
      try {
        code = Number(module.callMain(args) ?? 0);
      } catch (err) {
        // A C++ exception escapes the WASM build as a bare number (seen with encrypted headers).
        if (err instanceof PartIssueError) throw err;
        code = -1;
      }
      return { code, errors: Buffer.from(errors).toString('utf8') };
    },
  };
}

/** Maps 7-Zip's messages to an issue for the whole archive. */
export function sevenZipIssue(run: SevenZipRun): PartIssueError {
  const text = run.errors;
  if (/Wrong password|encrypted/i.test(text)) return new PartIssueError('encrypted', issueDetail('archive-encrypted'));
  if (/Unexpected end of archive|truncated/i.test(text)) return new PartIssueError('truncated', issueDetail('archive-cut-off'));
  if (/Unsupported Method/i.test(text)) return new PartIssueError('unsupported', issueDetail('seven-zip-method-not-read'));
  const line = text.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l) && !/^ERRORS?:?$/.test(l)) ?? `7-Zip failed (exit ${run.code})`;
  return new PartIssueError('corrupt', issueDetail('unreadable-archive', { cause: line.slice(0, 160) }));
}
