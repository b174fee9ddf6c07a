import type { RawMessage } from '../scan-message.js';
import { ScanTimeoutError } from '../pool/scan-pool.js';
import type { ScanPool } from '../pool/scan-pool.js';
import type { ScanOutcome } from './relay-action.js';

/** Scans a message in the pool; a timeout or a failure becomes an outcome, never an exception. */
export async function scanOutcome(pool: ScanPool, raw: RawMessage): Promise<ScanOutcome> {
  try {
    return { kind: 'scanned', result: await pool.scan(raw) };
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { kind: 'error', cause: err instanceof ScanTimeoutError ? 'timeout' : 'failed', detail };
  }
}
