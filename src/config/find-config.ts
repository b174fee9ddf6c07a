import { statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../sources/input-error.js';
import { ConfigError } from './config-error.js';

/** The names a configuration file may have, in the order `pii-scan init` prefers them. */
export const CONFIG_NAMES = ['.pii-scan.yml', '.pii-scan.yaml', '.pii-scan.json'] as const;

/** The configuration names present in `dir`. */
export function configFilesIn(dir: string): string[] {
  return CONFIG_NAMES.filter((name) => {
    try {
      return statSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined;
    } catch (err) {
      // A folder we may not look into could hold the configuration meant for this run: say so.
      throw new ConfigError(`cannot look for ${name} in ${dir}: ${describeFsError(err)}`);
    }
  });
}

/**
 * The configuration that applies in `cwd`: the file of the nearest folder, from `cwd` up to the
 * root, that has one (a project's file applies in its subfolders, as .gitignore or .eslintrc do).
 * Null when there is none. Two in one folder is an error: which one wins would be a guess.
 */
export function findConfig(cwd: string): string | null {
  let dir = path.resolve(cwd);
  for (;;) {
    const found = configFilesIn(dir);
    if (found.length > 1) throw new ConfigError(`${path.join(dir, found[0])} and ${found.slice(1).join(' and ')} in the same folder: keep only one`);
    if (found.length === 1) return path.join(dir, found[0]);
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
