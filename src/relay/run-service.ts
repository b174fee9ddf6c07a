import type { ScanSettingsSource } from '../config/run-settings.js';
import { ScanPool } from '../pool/scan-pool.js';
import { prepareQuarantine } from './quarantine.js';

/** How a long-running relay command talks to its process: live log lines, and a way to hear SIGTERM/SIGINT. */
export interface ServiceIO {
  log: (line: string) => void;
  /** Registers the function that stops the service (main.ts: on SIGTERM and SIGINT). */
  onStop: (stop: () => void) => void;
}

/** What `filter` and `milter` share: started (bound to an address), then stopped. */
export interface RelayService<Bound> {
  start(): Promise<Bound>;
  stop(): Promise<void>;
}

/**
 * Runs a relay service until told to stop: one line once it listens (`listening(bound)` says
 * where and how), then, on SIGTERM or SIGINT, it stops accepting, finishes the messages in
 * progress and the command exits 0. An error `isStartError` recognises is one line, exit 3.
 */
export async function runService<Bound>(name: 'filter' | 'milter', service: RelayService<Bound>, isStartError: (err: unknown) => err is Error, listening: (bound: Bound) => string, io: ServiceIO): Promise<number> {
  // Heard from now on: a SIGTERM that comes as soon as the "listening" line is read (a service
  // manager, a test) must find its handler, not Node's default, which kills the process at once.
  const stopAsked = new Promise<void>((resolve) => io.onStop(resolve));
  let bound: Bound;
  try {
    bound = await service.start();
  } catch (err) {
    if (!isStartError(err)) throw err;
    io.log(`pii-scan: ${err.message}\n`);
    return 3;
  }
  io.log(`pii-scan: ${name} listening on ${listening(bound)}\n`);
  await stopAsked;
  io.log(`pii-scan: ${name} stopping: finishing the messages in progress\n`);
  await service.stop();
  io.log(`pii-scan: ${name} stopped\n`);
  return 0;
}

/** What a relay service scans with. */
export interface RelayPoolOptions {
  quarantineDir?: string;
  workers: number;
  timeoutMs: number;
  workerHeapMb?: number;
  scan: ScanSettingsSource;
}

/** An error as one short reason for a relay's log or start-up line: its errno code, else its first line. */
export const errorReason = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message.split('\n')[0] : String(err));

/**
 * What `filter` and `milter` do before they listen: the quarantine folder made and checked, the
 * scan workers started. A failure is thrown as `fail(sentence)` (their start-up error: one line, exit 3).
 */
export async function startRelayPool(options: RelayPoolOptions, fail: (sentence: string) => Error): Promise<ScanPool> {
  if (options.quarantineDir) {
    await prepareQuarantine(options.quarantineDir).catch((err) => {
      throw fail(`--quarantine-dir ${options.quarantineDir}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  // A message waits for a worker at most as long as a scan may run: behind a row of slow scans
  // it is deferred (451) rather than kept past its MTA's patience.
  const pool = new ScanPool({ size: options.workers, timeoutMs: options.timeoutMs, maxWaitMs: options.timeoutMs, smallLane: true, heapMb: options.workerHeapMb, scan: options.scan });
  await pool.ready().catch(async (err) => {
    await pool.close();
    throw fail(`cannot start the scan workers: ${errorReason(err)}`);
  });
  return pool;
}
