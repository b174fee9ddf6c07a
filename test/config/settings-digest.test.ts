import { describe, expect, it } from 'vitest';
import { scanSettingsDigest } from '../../src/config/run-settings.js';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import type { LoadedFingerprints } from '../../src/fingerprint/load-fingerprints.js';

const base = { config: DEFAULT_CONFIG };
const fingerprints = (bytes: number[], key: string): LoadedFingerprints => ({ where: 'base.pii-fp', bytes: Uint8Array.from(bytes), key, present: new Uint32Array(0) });

describe('scanSettingsDigest: what --since-state keeps scans by', () => {
  it('is the same for the same settings, and changes with what decides findings and verdicts', () => {
    const digest = scanSettingsDigest(base);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(scanSettingsDigest({ config: structuredClone(DEFAULT_CONFIG) })).toBe(digest);
    const changed = [
      { ...base, flags: { minPeople: 3 } },
      { config: { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, minPeople: DEFAULT_CONFIG.thresholds.minPeople + 1 } } },
      { config: { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, maxMessageBytes: DEFAULT_CONFIG.limits.maxMessageBytes + 1 } } },
      { config: { ...DEFAULT_CONFIG, roleAddresses: ['^accueil\\d*$'] } },
      { config: { ...DEFAULT_CONFIG, allowlist: { ...DEFAULT_CONFIG.allowlist, emails: ['@ville.example.fr'] } } },
      { ...base, fingerprints: fingerprints([1, 2, 3], 'aa') },
    ].map((source) => scanSettingsDigest(source));
    changed.push(scanSettingsDigest(base, { mboxLenient: true }));
    expect(new Set([digest, ...changed]).size).toBe(changed.length + 1);
  });

  it('leaves out what only shapes the report or the exit code, and the fingerprints\' key', () => {
    const digest = scanSettingsDigest(base);
    expect(scanSettingsDigest({ config: { ...DEFAULT_CONFIG, failOn: 'warn' } })).toBe(digest);
    expect(scanSettingsDigest({ config: { ...DEFAULT_CONFIG, baseline: '/srv/accepted.json' } })).toBe(digest);
    expect(scanSettingsDigest({ ...base, baseline: '{"findings":[]}' })).toBe(digest);
    expect(scanSettingsDigest({ ...base, fingerprints: fingerprints([1, 2, 3], 'aa') })).toBe(scanSettingsDigest({ ...base, fingerprints: fingerprints([1, 2, 3], 'bb') }));
  });
});
