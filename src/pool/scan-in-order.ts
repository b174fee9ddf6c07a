import type { MessageResult } from '../model/result.js';
import type { RawMessage } from '../scan-message.js';

/** How the messages of a run are scanned: in this thread, or in a pool of worker threads. */
export interface Scanners {
  /** Scans one message in this thread. */
  inProcess: (raw: RawMessage) => Promise<MessageResult>;
  /** Starts the pool (once, when a second message shows there is more than one to scan). */
  openPool: () => PoolLike;
  /** The result of a message whose scan in the pool failed (timed out, out of memory); rethrows what is a bug. */
  failed: (raw: RawMessage, err: unknown) => MessageResult;
}

/** What scanInOrder needs of a pool (ScanPool). */
export interface PoolLike {
  scan(raw: RawMessage): Promise<MessageResult>;
  close(): Promise<void>;
}

/**
 * The results of `raws`, in input order, scanned up to `jobs` at a time. With one job, or when
 * the input holds a single message, the scan runs in this thread (no pool to start: a single mail
 * is decided as fast as before). Otherwise a pool of `jobs` workers takes the messages, and at
 * most 2 x `jobs` are read ahead of the one being reported (memory stays bounded on any
 * mailbox): a result waits for the ones before it, so the report comes out in the order of the
 * input, streamed as the messages are done.
 */
export async function* scanInOrder(raws: AsyncIterable<RawMessage>, scanners: Scanners, jobs: number): AsyncGenerator<MessageResult> {
  const input = raws[Symbol.asyncIterator]();
  let next = await input.next();
  if (jobs > 1 && !next.done) {
    const first = next.value;
    next = await input.next();
    if (next.done) {
      yield await scanners.inProcess(first);
      return;
    }
    const pool = scanners.openPool();
    // Never rejects: a failed scan becomes its message's result, or the error that ends the run when it is read.
    const settle = (raw: RawMessage) => pool.scan(raw).then(
      (result) => ({ result }),
      (err: unknown) => ({ raw, err }),
    );
    const read = async (pending: Promise<{ result: MessageResult } | { raw: RawMessage; err: unknown }>) => {
      const done = await pending;
      return 'result' in done ? done.result : scanners.failed(done.raw, done.err);
    };
    try {
      const pending = [settle(first)];
      for (; !next.done; next = await input.next()) {
        pending.push(settle(next.value));
        while (pending.length >= jobs * 2) yield await read(pending.shift() as (typeof pending)[number]);
      }
      while (pending.length > 0) yield await read(pending.shift() as (typeof pending)[number]);
    } finally {
      await pool.close();
    }
    return;
  }
  for (; !next.done; next = await input.next()) yield await scanners.inProcess(next.value);
}
