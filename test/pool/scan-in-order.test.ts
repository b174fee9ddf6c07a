import { describe, expect, it } from 'vitest';
import type { MessageResult } from '../../src/model/result.js';
import { scanInOrder } from '../../src/pool/scan-in-order.js';
import type { PoolLike, Scanners } from '../../src/pool/scan-in-order.js';
import type { RawMessage } from '../../src/scan-message.js';

const raw = (index: number, bytes = 0): RawMessage => ({ source: 'box.mbox', index, kind: 'message', name: 'box.mbox', content: bytes ? Buffer.alloc(bytes) : Buffer.from(`message ${index}`) });
const result = (r: RawMessage, by: string): MessageResult => ({ source: by, index: r.index, verdict: 'pass', rule: null, people: 0, findings: [], issues: [], parts: [], bytes: r.content.length });

async function* messages(count: number, bytes = 0): AsyncGenerator<RawMessage> {
  for (let i = 0; i < count; i++) yield raw(i, bytes);
}

/** A pool whose scans finish in the reverse order they were given, when `release` is called; it records how many ran at once. */
function reversingPool() {
  const waiting: (() => void)[] = [];
  const stats = { opened: 0, closed: 0, scanned: 0, mostAtOnce: 0, running: 0 };
  const pool: PoolLike = {
    scan: (r) =>
      new Promise((resolve, reject) => {
        stats.scanned++;
        stats.mostAtOnce = Math.max(stats.mostAtOnce, ++stats.running);
        waiting.push(() => {
          stats.running--;
          if (r.index === 3) reject(new Error('worker out of memory'));
          else resolve(result(r, 'pool'));
        });
        // Everything given so far finishes, last given first, once the caller waits.
        setImmediate(() => {
          while (waiting.length > 0) (waiting.pop() as () => void)();
        });
      }),
    close: async () => void stats.closed++,
  };
  return { pool, stats };
}

function scannersWith(pool: PoolLike, stats: { opened: number }, inProcess: number[]): Scanners {
  return {
    inProcess: async (r) => (inProcess.push(r.index ?? -1), result(r, 'in process')),
    openPool: () => (stats.opened++, pool),
    failed: (r, err) => ({ ...result(r, 'failed'), verdict: 'unscannable', issues: [{ code: 'too-large', where: r.name, detail: String(err) }] }),
  };
}

async function collect(results: AsyncIterable<MessageResult>): Promise<MessageResult[]> {
  const out: MessageResult[] = [];
  for await (const r of results) out.push(r);
  return out;
}

describe('scanInOrder', () => {
  it('reports in input order what a pool finished in another, a failed scan as its message result, and closes the pool', async () => {
    const { pool, stats } = reversingPool();
    const inProcess: number[] = [];
    const results = await collect(scanInOrder(messages(40), scannersWith(pool, stats, inProcess), 2));
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(results.map((r) => r.source).slice(0, 6)).toEqual(['pool', 'pool', 'pool', 'failed', 'pool', 'pool']);
    expect(results.filter((r) => r.source === 'failed')).toHaveLength(1);
    expect(results[3]).toMatchObject({ verdict: 'unscannable', issues: [{ code: 'too-large', detail: 'Error: worker out of memory' }] });
    expect(inProcess).toEqual([]);
    // Two jobs: at most 32 messages read ahead of the one reported.
    expect(stats).toEqual({ opened: 1, closed: 1, scanned: 40, mostAtOnce: 32, running: 0 });
  });

  it('reads ahead at most 64 MiB of messages, whatever their count', async () => {
    const { pool, stats } = reversingPool();
    const results = await collect(scanInOrder(messages(10, 20 * 1024 * 1024), scannersWith(pool, stats, []), 4));
    expect(results).toHaveLength(10);
    // The fourth 20 MiB message passes 64 MiB: no fifth is read before the first is reported.
    expect(stats.mostAtOnce).toBe(4);
  });

  it('scans a single message in this thread: no pool is started for one mail', async () => {
    const { pool, stats } = reversingPool();
    const inProcess: number[] = [];
    const results = await collect(scanInOrder(messages(1), scannersWith(pool, stats, inProcess), 4));
    expect(results.map((r) => r.source)).toEqual(['in process']);
    expect(inProcess).toEqual([0]);
    expect(stats.opened).toBe(0);
  });

  it('scans every message in this thread with one job, and nothing when there is nothing', async () => {
    const { pool, stats } = reversingPool();
    const inProcess: number[] = [];
    expect((await collect(scanInOrder(messages(3), scannersWith(pool, stats, inProcess), 1))).map((r) => r.index)).toEqual([0, 1, 2]);
    expect(await collect(scanInOrder(messages(0), scannersWith(pool, stats, inProcess), 2))).toEqual([]);
    expect(inProcess).toEqual([0, 1, 2]);
    expect(stats.opened).toBe(0);
  });
});
