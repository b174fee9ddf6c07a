import path from 'node:path';
import { createHash } from 'node:crypto';
import { detectionSettings } from '../detect/detection-settings.js';
import type { PolicyConfig } from '../policy/policy.js';
import { PartCache } from '../score/part-cache.js';
import type { ScanOptions } from '../scan-message.js';
import type { PiiScanConfig } from './default-config.js';
import { loadFingerprints, openFingerprints, type LoadedFingerprints } from '../fingerprint/load-fingerprints.js';
import { loadConfig } from './load-config.js';
import { VERSION } from '../version.js';

/** What every message of a run is scanned with (the baseline, when given, is added by the scan command). */
export type RunScanSettings = Required<Omit<ScanOptions, 'baseline' | 'fingerprints'>> & Pick<ScanOptions, 'fingerprints'>;

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
  /** The customer base's fingerprints, read once and shared by every worker. */
  fingerprints?: LoadedFingerprints;
}

/** Settings given on the command line: they win over the configuration file. */
export interface CommandLineSettings {
  minPeople?: number;
  /** `--fingerprints FILE` and `--fingerprint-key FILE`, as typed (relative to the working folder). */
  fingerprints?: string;
  fingerprintKey?: string;
}

/**
 * What scanMessage needs for a whole run, built once: precedence is command-line flag, then
 * configuration file, then built-in default (the configuration already holds the defaults).
 */
export function runSettings(config: PiiScanConfig, flags: CommandLineSettings = {}, fingerprints?: LoadedFingerprints): RunScanSettings {
  const { thresholds } = config;
  const minPeople = flags.minPeople ?? thresholds.minPeople;
  const policy: PolicyConfig = {
    minPeople,
    // A lower --min-people pulls the warning threshold down with it: warn never starts above block.
    warnPeople: Math.min(thresholds.warnPeople, minPeople),
    blockIdentifiers: thresholds.blockIdentifiers,
    massMailingRecipients: thresholds.massMailingRecipients,
    knownCustomers: thresholds.knownCustomers,
    issues: config.issues,
  };
  const detection = detectionSettings({
    detectors: config.detectors,
    headerWords: config.headerWords,
    roleAddresses: config.roleAddresses,
    allowlist: config.allowlist,
  });
  // One cache per run (per scan worker): a campaign's copies of one attachment are scored once.
  return { limits: config.limits, skipTypes: config.skipTypes, policy, detection, partCache: new PartCache(), ...(fingerprints ? { fingerprints: openFingerprints(fingerprints) } : {}) };
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
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ config: PiiScanConfig; scan: RunScanSettings; fingerprints?: LoadedFingerprints; reloadFingerprints?: () => Promise<LoadedFingerprints> }> {
  const { config, file, shownName } = await loadConfig({ cwd: options.cwd, file: options.configFile });
  if (file && options.configFile === undefined && path.dirname(file) !== path.resolve(options.cwd)) note(`note: configuration from ${shownName}`);
  // The command line's file wins, with its own key (or the default beside it), over the configuration's.
  const flags = options.flags ?? {};
  const fromFlag = flags.fingerprints !== undefined;
  const fingerprintFile = fromFlag ? path.resolve(options.cwd, flags.fingerprints as string) : config.fingerprints.file;
  const keyFile = flags.fingerprintKey !== undefined ? path.resolve(options.cwd, flags.fingerprintKey) : fromFlag ? undefined : (config.fingerprints.key ?? undefined);
  if (!fingerprintFile) return { config, scan: runSettings(config, flags) };
  // The same file and key read again: a relay's reload after `pii-scan fingerprint --update`.
  const reloadFingerprints = () => loadFingerprints(fingerprintFile, keyFile, env);
  const fingerprints = await reloadFingerprints();
  return { config, scan: runSettings(config, flags, fingerprints), fingerprints, reloadFingerprints };
}

/**
 * What decides a scan's findings and verdicts, as one SHA-256 (hexadecimal): the version of
 * pii-scan, the configuration's detection, thresholds, limits and issue verdicts, `--min-people`,
 * `--mbox-lenient` (which splits mboxes into other messages), and the fingerprint file's own bytes
 * (never its key). `--since-state` passes over only what was scanned under the same: a file
 * scanned before an upgrade, a lowered threshold or a new customer base is scanned again. What
 * only shapes the report or the exit code (format, fail-on, baseline, the relay's settings) is
 * left out.
 */
export function scanSettingsDigest(source: ScanSettingsSource, reading: { mboxLenient: boolean } = { mboxLenient: false }): string {
  const { thresholds, detectors, headerWords, roleAddresses, allowlist, limits, skipTypes, issues } = source.config;
  const hash = createHash('sha256').update(JSON.stringify({ version: VERSION, thresholds, detectors, headerWords, roleAddresses, allowlist, limits, skipTypes, issues, minPeople: source.flags?.minPeople ?? null, mboxLenient: reading.mboxLenient }));
  hash.update(source.fingerprints ? source.fingerprints.bytes : new Uint8Array(0));
  return hash.digest('hex');
}
