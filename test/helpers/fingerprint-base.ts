import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import { loadFingerprints, openFingerprints } from '../../src/fingerprint/load-fingerprints.js';

/** A customer base of these rows (header first) written as CSV in `dir`, fingerprinted by the command, and opened. */
export async function fingerprintBase(dir: string, rows: string[][]): Promise<FingerprintIndex> {
  writeFileSync(join(dir, 'base.csv'), rows.map((r) => r.join(';')).join('\n') + '\n');
  const made = await run(['fingerprint', join(dir, 'base.csv'), '--output', join(dir, 'base.pii-fp')], { env: {} });
  expect(made.exitCode).toBe(0);
  return openFingerprints(await loadFingerprints(join(dir, 'base.pii-fp'), undefined, {}));
}
