import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Entity } from '../model/entities.js';
import type { IssueCode } from '../model/issues.js';
import type { IssueVerdict } from '../policy/policy.js';
import { describeFsError } from '../sources/input-error.js';
import { ConfigError } from './config-error.js';
import type { ConfigFileValues } from './config-schema.js';
import { DEFAULT_CONFIG } from './default-config.js';
import type { PiiScanConfig } from './default-config.js';
import { findConfig } from './find-config.js';
import { parseConfigText } from './parse-config-text.js';

export interface LoadedConfig {
  config: PiiScanConfig;
  /** The file read, absolute; null when none applies (built-in defaults). */
  file: string | null;
  /** The file as the user would name it: as given to --config, or relative to the working folder. */
  shownName: string | null;
}

/**
 * The configuration of a run: the file given (`--config`, relative to `cwd`), else the one found
 * from `cwd` upwards, else the built-in defaults. Throws ConfigError, with every problem of the
 * file at once, when it cannot be read or is invalid.
 */
export async function loadConfig(options: { cwd: string; file?: string }): Promise<LoadedConfig> {
  const file = options.file !== undefined ? path.resolve(options.cwd, options.file) : findConfig(options.cwd);
  if (file === null) return { config: structuredClone(DEFAULT_CONFIG), file: null, shownName: null };
  const shownName = options.file ?? (path.relative(options.cwd, file) || file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`configuration ${shownName}: ${describeFsError(err)}`);
  }
  const data = await parseConfigText(text, shownName, file.toLowerCase().endsWith('.json'));
  // The schema (and valibot) load only when there is a file to check.
  const { CONFIG_SCHEMA } = await import('./config-schema.js');
  const { safeParse } = await import('valibot');
  const { issuePath } = await import('./config-fields.js');
  const result = safeParse(CONFIG_SCHEMA, data);
  if (!result.success) throw ConfigError.problems(shownName, result.issues.map((issue) => `${issuePath(issue)}: ${issue.message}`));
  return { config: resolveConfig(result.output, path.dirname(file)), file, shownName };
}

/** The checked values as a PiiScanConfig: paths made absolute (from the file's folder), warnPeople derived when left out. */
function resolveConfig(values: ConfigFileValues, dir: string): PiiScanConfig {
  const { minPeople, warnPeople, blockIdentifiers, massMailingRecipients, knownCustomers } = values.thresholds;
  const fromFile = (p: string | null) => (p === null ? null : path.resolve(dir, p));
  return {
    // Left out, warnPeople follows a lowered minPeople down, as --min-people does.
    thresholds: { minPeople, warnPeople: warnPeople ?? Math.min(DEFAULT_CONFIG.thresholds.warnPeople, minPeople), blockIdentifiers, massMailingRecipients, knownCustomers },
    detectors: values.detectors,
    headerWords: Object.fromEntries(Object.entries(values.headerWords).filter(([, words]) => words !== undefined)) as Partial<Record<Entity, string[]>>,
    roleAddresses: values.roleAddresses,
    allowlist: values.allowlist,
    limits: values.limits,
    // Duplicates dropped: the list is a set.
    skipTypes: [...new Set(values.skipTypes)],
    issues: values.issues as Record<IssueCode, IssueVerdict>,
    failOn: values.failOn,
    baseline: fromFile(values.baseline),
    fingerprints: { file: fromFile(values.fingerprints.file), key: fromFile(values.fingerprints.key) },
    relay: { ...values.relay, quarantineDir: fromFile(values.relay.quarantineDir) },
  };
}
