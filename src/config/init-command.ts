import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from '../sources/input-error.js';
import { ConfigError } from './config-error.js';
import { CONFIG_NAMES, configFilesIn } from './find-config.js';
import { initTemplate } from './init-template.js';

/**
 * `pii-scan init [--force]`: writes `.pii-scan.yml` in `cwd`, every key at its default with a
 * comment. Refuses to replace an existing one unless `force`, and never writes beside a
 * `.pii-scan.yaml` or `.json` (two files in one folder is an error). Throws ConfigError (exit 3).
 */
export async function initCommand(cwd: string, options: { force: boolean }): Promise<{ stdout: string }> {
  const name = CONFIG_NAMES[0];
  const file = path.join(path.resolve(cwd), name);
  const others = configFilesIn(path.dirname(file)).filter((n) => n !== name);
  if (others.length > 0) throw new ConfigError(`${path.join(path.dirname(file), others[0])} already configures this folder: edit it, or remove it before pii-scan init`);
  try {
    // 'wx' fails if the file appeared meanwhile: nothing is replaced without --force.
    await writeFile(file, initTemplate(), { flag: options.force ? 'w' : 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfigError(`${file} already exists: edit it, or run pii-scan init --force to replace it with the defaults`);
    throw new ConfigError(`cannot write ${file}: ${describeFsError(err)}`);
  }
  return { stdout: `wrote ${file}: every setting at its default, each with what it does\n` };
}
