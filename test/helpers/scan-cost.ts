import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { runSettings } from '../../src/config/run-settings.js';
import { scanMessage } from '../../src/scan-message.js';

/** The founding case's message: a 15,930-row customer workbook. */
export const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');

/**
 * Seconds one scan of the founding message takes here and now (after a warm-up scan). Tests that
 * need a scan to overrun a timeout set the timeout from this and make the scan several times
 * longer: a ratio, which holds on a loaded machine where a fixed number of seconds does not.
 */
export async function foundingScanSeconds(): Promise<number> {
  const settings = runSettings(DEFAULT_CONFIG);
  const raw = { source: 'probe', kind: 'message' as const, name: 'probe', content: FOUNDING };
  await scanMessage(raw, settings);
  const started = process.hrtime.bigint();
  await scanMessage(raw, settings);
  return Number(process.hrtime.bigint() - started) / 1e9;
}
