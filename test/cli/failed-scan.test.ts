import { describe, expect, it } from 'vitest';
import { failedScan } from '../../src/cli/failed-scan.js';
import { ScanFailedError, ScanTimeoutError } from '../../src/pool/scan-pool.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import type { RawMessage } from '../../src/scan-message.js';

const raw: RawMessage = { source: 'sent.mbox', index: 41, kind: 'message', name: 'sent.mbox', content: Buffer.alloc(1234) };

describe('failedScan: a message whose worker did not finish', () => {
  it('is unscannable with a timeout issue when the worker overran', () => {
    expect(failedScan(raw, new ScanTimeoutError('ran', 150), DEFAULT_POLICY)).toEqual({
      source: 'sent.mbox', index: 41, verdict: 'unscannable', rule: 'unreadable', people: 0, findings: [], parts: [], bytes: 1234,
      issues: [{ code: 'timeout', where: 'sent.mbox', detail: 'not scanned: scan timed out after 150 s', detailKey: 'scan-timed-out', detailParams: { seconds: 150 } }],
    });
  });

  it('is unscannable with a too-large issue when the worker died of its memory limit', () => {
    const result = failedScan(raw, new ScanFailedError('scan worker failed: Worker terminated due to reaching memory limit: JS heap out of memory'), DEFAULT_POLICY);
    expect(result.verdict).toBe('unscannable');
    expect(result.issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it('rethrows any other failure: a bug ends the run (exit 3), it is not a verdict', () => {
    const bug = new ScanFailedError('TypeError: x is undefined');
    expect(() => failedScan(raw, bug, DEFAULT_POLICY)).toThrow(bug);
  });
});
