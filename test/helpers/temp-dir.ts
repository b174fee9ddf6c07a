import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Temporary folders of files for tests that read the file system (configuration discovery, init).
 * `make` creates one with the given files (names may hold subfolders); `remove` deletes them all.
 */
export function tempDirs() {
  const made: string[] = [];
  return {
    make(files: Record<string, string | Buffer> = {}): string {
      const dir = mkdtempSync(path.join(tmpdir(), 'pii-scan-test-'));
      made.push(dir);
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      return dir;
    },
    remove(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
