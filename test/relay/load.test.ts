import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../scripts/load-relay/run-load.js';

/**
 * The load test of scripts/load-relay.ts, small enough for CI: 200 small and 4 large messages
 * (2-8 MB attachments) through pii-scan filter in its own process, 16 connections at once.
 * Throughput and memory figures are the script's business; this checks correctness only.
 */
describe('pii-scan filter and milter under concurrent load', () => {
  it('relays every clean message once, refuses every leak with 5.7.1, loses and repeats nothing', async () => {
    const r = await runLoad({ mode: 'filter', seed: 20220815, small: 200, large: 4, largeMinMb: 2, largeMaxMb: 8, connections: 16, maxSeconds: 240, dir: join(tmpdir(), `pii-load-test-${process.pid}`), filterArgs: [] });
    expect({ lost: r.lost, duplicated: r.duplicated, wrong: r.wrong, timedOut: r.timedOut, filterExit: r.filterExit }).toEqual({ lost: [], duplicated: [], wrong: [], timedOut: false, filterExit: 0 });
    expect(r.sent).toHaveLength(204);
    // The seeded corpus: 152 clean messages (2 of them large), 52 leaks (2 large).
    expect([r.relayed, r.refused]).toEqual([152, 52]);
    expect(r.sent.filter((s) => s.message.size === 'large').map((s) => [s.message.expected, s.code]).sort()).toEqual([['block', 550], ['block', 550], ['pass', 250], ['pass', 250]]);
  }, 300_000);

  it('milter: accepts every clean message with its header, refuses every leak with 5.7.1, over 16 connections', async () => {
    const r = await runLoad({ mode: 'milter', seed: 20220815, small: 200, large: 4, largeMinMb: 2, largeMaxMb: 8, connections: 16, maxSeconds: 240, dir: join(tmpdir(), `pii-load-milter-${process.pid}`), filterArgs: [] });
    expect({ lost: r.lost, wrong: r.wrong, timedOut: r.timedOut, filterExit: r.filterExit }).toEqual({ lost: [], wrong: [], timedOut: false, filterExit: 0 });
    expect([r.sent.length, r.relayed, r.refused]).toEqual([204, 152, 52]);
  }, 300_000);
});
