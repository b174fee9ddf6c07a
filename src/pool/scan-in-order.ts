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
 * Messages read ahead of the one being reported, per job, and their bytes in all. A result waits
 * for the ones before it; with too short a queue, one slow message (a 15,930-row workbook) holds
 * the report while the other workers run out of messages and wait. The bytes bound keeps memory
 * flat on a mailbox of large messages.
 */
const AHEAD_PER_JOB = 16;
const AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * The results of `raws`, in input order, scanned up to `jobs` at a time. With one job, or when
 * the input holds a single message, the scan runs in this thread (no pool to start: a single mail
 * is decided as fast as before). Otherwise a pool of `jobs` workers takes the messages, read
 * ahead within AHEAD_PER_JOB x `jobs` messages and AHEAD_BYTES: the report comes out in the order
 * of the input, streamed as the messages are done, in bounded memory on any mailbox.
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
    const pending: { bytes: number; done: ReturnType<typeof settle> }[] = [];
    let bytes = 0;
    const take = () => {
      const head = pending.shift() as (typeof pending)[number];
      bytes -= head.bytes;
      return read(head.done);
    };
    const add = (raw: RawMessage) => {
      pending.push({ bytes: raw.content.length, done: settle(raw) });
      bytes += raw.content.length;
    };
    try {
      add(first);
      for (; !next.done; next = await input.next()) {
        add(next.value);
        while (pending.length >= jobs * AHEAD_PER_JOB || (bytes >= AHEAD_BYTES && pending.length > 1)) yield await take();
      }
      while (pending.length > 0) yield await take();
    } finally {
      await pool.close();
    }
    return;
  }
  for (; !next.done; next = await input.next()) yield await scanners.inProcess(next.value);
}
