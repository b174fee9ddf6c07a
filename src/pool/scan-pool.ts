import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { MessageResult } from '../model/result.js';
import type { ScanSettingsSource } from '../config/run-settings.js';
import type { RawMessage } from '../scan-message.js';

/** The scan took longer than its time bound; its worker was terminated. */
export class ScanTimeoutError extends Error {
  override readonly name = 'ScanTimeoutError';

  /** `waited`: no worker was free within `seconds`; `ran`: the scan itself overran them. */
  constructor(
    readonly stage: 'waited' | 'ran',
    readonly seconds: number,
  ) {
    super(stage === 'waited' ? `no scan worker free within ${seconds} s` : `scan timed out after ${seconds} s`);
  }
}

/** The scan could not finish: the pipeline threw, or its worker died (out of memory...). */
export class ScanFailedError extends Error {
  override readonly name = 'ScanFailedError';
}

export interface ScanPoolOptions {
  /** Worker threads: scans running at the same time. */
  size: number;
  /** Time one scan may take, from the moment a worker starts it. */
  timeoutMs: number;
  /**
   * Time a message may wait for a free worker (the relay: its MTA is waiting for an answer);
   * past it, the scan fails with ScanTimeoutError without having run. Unbounded when absent
   * (`scan` feeds its pool no faster than it scans).
   */
  maxWaitMs?: number;
  /**
   * Keep one worker for small messages (the relay): messages over LARGE_MESSAGE_BYTES may take at
   * most size - 1 workers, so a row of large scans never makes a small message wait. Off for
   * `scan`, whose throughput on a mailbox of large messages would drop.
   */
  smallLane?: boolean;
  /** Heap of each worker, in MiB (WORKER_HEAP_MB when absent). */
  heapMb?: number;
  /** The configuration and flags each worker builds its scan settings from. */
  scan: ScanSettingsSource;
}

/** What a pool needs to start its workers: the rest of its options may come later (ScanPool.beforeSettings). */
export type PoolStart = Pick<ScanPoolOptions, 'size' | 'heapMb'>;

/** A message over this size goes in the large lane (smallLane). */
export const LARGE_MESSAGE_BYTES = 1024 * 1024;
/**
 * Queue order: shortest first, with ageing. A message's place is its arrival time plus 1 ms per
 * this many bytes: a 20 MB message lets the small ones that arrive within 2 s after it go first,
 * and never waits behind them for ever.
 */
const AGEING_BYTES_PER_MS = 10_000;

/** Heap of one worker: a 64 MiB part parsed as a workbook needs about 1 GB; past this, the scan fails instead of the process. */
const WORKER_HEAP_MB = 2048;
/**
 * Young generation of each worker, in MiB. Unbounded, V8 grows a worker's new space to 32 MiB
 * under a scan's allocation rate; with 24 (a 16 MiB new space) two jobs scanned the 100 MB corpus
 * mailbox as fast, 40 MB lighter.
 */
const WORKER_YOUNG_MB = 24;

/**
 * Workers when none is asked for, by `scan --jobs` and the relay alike: one per core, at most 4
 * (each holds its parsers and reference data, ~150 MB, and two jobs gain 1.3x on the test
 * machine, not 2x: past 4 the memory grows faster than the speed); 2 on a 2-core machine.
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

interface Task {
  raw: RawMessage;
  /** Its place in the queue: arrival time, pushed back by its size (AGEING_BYTES_PER_MS). */
  rank: number;
  large: boolean;
  resolve: (result: MessageResult) => void;
  reject: (err: Error) => void;
  /** The maxWaitMs timer, while the task is queued. */
  waiting?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Whether the worker has its settings (in its workerData, or posted once they were read). */
  configured: boolean;
  loaded: boolean;
  ready: Promise<void>;
  task?: Task;
  timer?: NodeJS.Timeout;
}

type WorkerReply = { ready: true } | { id: number; result: MessageResult } | { id: number; error: string };

/**
 * Runs scanMessage() in worker threads, one message per worker at a time, shortest first with ageing. Scanning is CPU
 * work: in the event loop it would stall every connection, and a timer could not interrupt it.
 * Here a scan that overruns `timeoutMs` has its worker terminated and replaced, and a crashed
 * worker fails only its own message.
 */
export class ScanPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private readonly first: Slot;
  /** The pool's settings; undefined while they are still being read (beforeSettings). */
  private options: ScanPoolOptions | undefined;
  /** Resolves when the settings are known; rejects with the error that kept them from being read. */
  private readonly settled: Promise<void>;

  constructor(options: ScanPoolOptions);
  constructor(start: PoolStart, later: Promise<Omit<ScanPoolOptions, keyof PoolStart>>);
  constructor(
    private readonly start: ScanPoolOptions | PoolStart,
    later?: Promise<Omit<ScanPoolOptions, keyof PoolStart>>,
  ) {
    if (later === undefined) {
      this.options = start as ScanPoolOptions;
      this.settled = Promise.resolve();
    } else {
      this.settled = later.then((rest) => this.configure({ ...rest, ...start }));
      // Read by scan() and ready(); a run whose settings failed reports that error itself.
      this.settled.catch(() => {});
    }
    this.first = this.spawn();
    for (let i = 1; i < start.size; i++) this.spawn();
  }

  /**
   * A pool whose workers start loading the scanner now, before its settings are read (about 0.4 s
   * of start-up, spent while the configuration, the fingerprints and the message are read: pipe
   * mode starts one process per message). Messages given to scan() wait for the settings; when
   * `later` rejects, so do they, with its error.
   */
  static beforeSettings(start: PoolStart, later: Promise<Omit<ScanPoolOptions, keyof PoolStart>>): ScanPool {
    return new ScanPool(start, later);
  }

  /** The settings read: every worker started without them is sent them. */
  private configure(options: ScanPoolOptions): void {
    this.options = options;
    for (const slot of this.slots) {
      if (slot.configured) continue;
      slot.worker.postMessage({ settings: options.scan });
      slot.configured = true;
    }
  }

  /** The settings, once known: only scan() and what it leads to read them. */
  private get settings(): ScanPoolOptions {
    if (!this.options) throw new Error('scan pool used before its settings were read');
    return this.options;
  }

  /** Resolves once a worker has loaded the pipeline; rejects with its error if it cannot. */
  ready(): Promise<void> {
    return this.settled.then(() => this.first.ready);
  }

  /** Scans one message; rejects with ScanTimeoutError or ScanFailedError (or, before its settings, with what kept them from being read). */
  scan(raw: RawMessage): Promise<MessageResult> {
    if (this.closed) return Promise.reject(new ScanFailedError('shutting down'));
    if (!this.options) return this.settled.then(() => this.scan(raw));
    return new Promise((resolve, reject) => {
      const size = raw.content.length;
      const task: Task = { raw, resolve, reject, rank: performance.now() + size / AGEING_BYTES_PER_MS, large: size > LARGE_MESSAGE_BYTES };
      const { maxWaitMs } = this.settings;
      if (maxWaitMs !== undefined) {
        task.waiting = setTimeout(() => {
          const at = this.queue.indexOf(task);
          if (at === -1) return;
          this.queue.splice(at, 1);
          reject(new ScanTimeoutError('waited', maxWaitMs / 1000));
          this.checkIdle();
        }, maxWaitMs);
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /**
   * Ends the workers once the messages given so far are scanned (a relay's reload: this pool
   * finishes its messages while a new one takes the next).
   */
  async drain(): Promise<void> {
    while (!this.idle()) await new Promise<void>((resolve) => this.onIdle.push(resolve));
    await this.close();
  }

  private idle(): boolean {
    return this.queue.length === 0 && ![...this.slots].some((slot) => slot.task);
  }

  /** Waiting for the pool to have nothing queued or running (drain). */
  private readonly onIdle: (() => void)[] = [];

  /** Terminates every worker; queued scans fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      clearTimeout(task.waiting);
      task.reject(new ScanFailedError('shutting down'));
    }
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new ScanFailedError('shutting down'))));
  }

  /** The queued message to scan next: the lowest rank, among those its lane lets in. */
  private next(): number {
    const { size, smallLane } = this.settings;
    const largeRunning = [...this.slots].filter((s) => s.task?.large).length;
    const largeAllowed = !smallLane || size < 2 || largeRunning < size - 1;
    let best = -1;
    this.queue.forEach((task, at) => {
      if ((largeAllowed || !task.large) && (best === -1 || task.rank < (this.queue[best] as Task).rank)) best = at;
    });
    return best;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const at = this.next();
      if (at === -1) return;
      let slot = [...this.slots].find((s) => !s.task);
      if (!slot && this.slots.size < this.settings.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.splice(at, 1)[0] as Task;
      clearTimeout(task.waiting);
      slot.task = task;
      // A copy the worker owns: the relay keeps the original to send on.
      const content = new Uint8Array(task.raw.content);
      slot.worker.postMessage({ id: ++this.nextId, raw: { ...task.raw, content } }, [content.buffer]);
      if (slot.loaded) this.startTimer(slot);
    }
  }

  /** The time bound starts when the worker can run the scan, not while it loads its modules. */
  private startTimer(slot: Slot): void {
    slot.timer = setTimeout(() => {
      void this.retire(slot, new ScanTimeoutError('ran', this.settings.timeoutMs / 1000));
    }, this.settings.timeoutMs);
  }

  private spawn(): Slot {
    // Without its settings yet, a worker loads the scanner and waits for them (configure).
    const worker = startWorker(this.options?.scan ?? null, this.start.heapMb ?? WORKER_HEAP_MB);
    let loaded: () => void = () => {};
    let failed: (err: Error) => void = () => {};
    const slot: Slot = { worker, configured: this.options !== undefined, loaded: false, ready: new Promise<void>((resolve, reject) => ((loaded = resolve), (failed = reject))) };
    slot.ready.catch(() => {});
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        slot.loaded = true;
        loaded();
        if (slot.task) this.startTimer(slot);
        return;
      }
      this.settle(slot, 'result' in reply ? reply.result : new ScanFailedError(reply.error));
    });
    worker.on('error', (err) => {
      failed(err);
      void this.retire(slot, new ScanFailedError(`scan worker failed: ${err.message.split('\n')[0]}`));
    });
    worker.on('exit', () => {
      failed(new ScanFailedError('scan worker exited while loading'));
      void this.retire(slot, new ScanFailedError('scan worker exited'));
    });
    return slot;
  }

  private settle(slot: Slot, outcome: MessageResult | Error): void {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    if (task) {
      if (outcome instanceof Error) task.reject(outcome);
      else task.resolve(outcome);
    }
    if (!this.closed) this.dispatch();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.onIdle.length > 0 && this.idle()) for (const resolve of this.onIdle.splice(0)) resolve();
  }

  /** Ends a worker (timed out, crashed or closing): its message fails, a new worker takes its place on demand. */
  private async retire(slot: Slot, reason: Error): Promise<void> {
    if (!this.slots.delete(slot)) return;
    this.settle(slot, reason);
    await slot.worker.terminate();
  }
}

/**
 * Compiled, the worker is scan-worker.js beside this file. From the TypeScript sources (vitest,
 * tsx), a worker does not inherit the parent's loader: it registers tsx itself, then loads the .ts.
 */
function startWorker(scan: ScanSettingsSource | null, heapMb: number): Worker {
  const options = { workerData: scan, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scan-worker.js', import.meta.url), options);
  const entry = JSON.stringify(new URL('./scan-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, { ...options, eval: true });
}
