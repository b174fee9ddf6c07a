import path from 'node:path';
import { detectionSettings } from '../detect/detection-settings.js';
import type { PolicyConfig } from '../policy/policy.js';
import { PartCache } from '../score/part-cache.js';
import type { ScanOptions } from '../scan-message.js';
import type { PiiScanConfig } from './default-config.js';
import { loadConfig } from './load-config.js';

/** What every message of a run is scanned with (the baseline, when given, is added by the scan command). */
export type RunScanSettings = Required<Omit<ScanOptions, 'baseline'>>;

/**
 * What a run's scan settings are built from, as plain data: the relay's worker threads receive
 * this (detectors and allowlists hold functions, which cannot cross to a worker) and build their
 * own settings with runSettings.
 */
export interface ScanSettingsSource {
  config: PiiScanConfig;
  flags?: CommandLineSettings;
  /** The text of the baseline findings are matched against (`--baseline`), parsed again by each worker. */
  baseline?: string;
}

/** Settings given on the command line: they win over the configuration file. */
export interface CommandLineSettings {
  minPeople?: number;
}

/**
 * What scanMessage needs for a whole run, built once: precedence is command-line flag, then
 * configuration file, then built-in default (the configuration already holds the defaults).
 */
export function runSettings(config: PiiScanConfig, flags: CommandLineSettings = {}): RunScanSettings {
  const { thresholds } = config;
  const minPeople = flags.minPeople ?? thresholds.minPeople;
  const policy: PolicyConfig = {
    minPeople,
    // A lower --min-people pulls the warning threshold down with it: warn never starts above block.
    warnPeople: Math.min(thresholds.warnPeople, minPeople),
    blockIdentifiers: thresholds.blockIdentifiers,
    massMailingRecipients: thresholds.massMailingRecipients,
    issues: config.issues,
  };
  const detection = detectionSettings({
    detectors: config.detectors,
    headerWords: config.headerWords,
    roleAddresses: config.roleAddresses,
    allowlist: config.allowlist,
  });
  // One cache per run (per scan worker): a campaign's copies of one attachment are scored once.
  return { limits: config.limits, skipTypes: config.skipTypes, policy, detection, partCache: new PartCache() };
}

/**
 * The configuration and scan settings of a command (scan, and the relay modes): the file given
 * with --config or found from `cwd` up, with the flags on top. `note` receives one line when the
 * file came from a parent folder, the one case where it could surprise (CI jobs run in
 * subfolders); nothing otherwise. Throws ConfigError (exit 3).
 */
export async function settingsForRun(
  options: { cwd: string; configFile?: string; flags?: CommandLineSettings },
  note: (line: string) => void,
): Promise<{ config: PiiScanConfig; scan: RunScanSettings }> {
  const { config, file, shownName } = await loadConfig({ cwd: options.cwd, file: options.configFile });
  if (file && options.configFile === undefined && path.dirname(file) !== path.resolve(options.cwd)) note(`note: configuration from ${shownName}`);
  return { config, scan: runSettings(config, options.flags) };
}
