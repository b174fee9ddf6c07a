import { detectionSettings } from '../detect/detection-settings.js';
import type { PolicyConfig } from '../policy/policy.js';
import type { ScanOptions } from '../scan-message.js';
import type { PiiScanConfig } from './default-config.js';

/** Settings given on the command line: they win over the configuration file. */
export interface CommandLineSettings {
  minPeople?: number;
}

/**
 * What scanMessage needs for a whole run, built once: precedence is command-line flag, then
 * configuration file, then built-in default (the configuration already holds the defaults).
 */
export function runSettings(config: PiiScanConfig, flags: CommandLineSettings = {}): Required<ScanOptions> {
  const { thresholds } = config;
  const minPeople = flags.minPeople ?? thresholds.minPeople;
  const policy: PolicyConfig = {
    minPeople,
    // A lower --min-people pulls the warning threshold down with it: warn never starts above block.
    warnPeople: Math.min(thresholds.warnPeople, minPeople),
    blockIdentifiers: thresholds.blockIdentifiers,
    issues: config.issues,
  };
  const detection = detectionSettings({
    detectors: config.detectors,
    headerWords: config.headerWords,
    roleAddresses: config.roleAddresses,
    allowlist: config.allowlist,
  });
  return { limits: config.limits, policy, detection };
}
