import type { ScanSettingsSource } from '../config/run-settings.js';
import { FingerprintIndex } from '../fingerprint/fingerprint-file.js';
import type { LoadedFingerprints } from '../fingerprint/load-fingerprints.js';
import { ScanPool } from '../pool/scan-pool.js';
import { prepareQuarantine } from './quarantine.js';

/** How a long-running relay command talks to its process: live log lines, and a way to hear SIGTERM/SIGINT and SIGHUP. */
export interface ServiceIO {
  log: (line: string) => void;
  /** Registers the function that stops the service (main.ts: on SIGTERM and SIGINT). */
  onStop: (stop: () => void) => void;
  /** Registers the function that reads the fingerprint file again (main.ts: on SIGHUP). */
  onReload?: (reload: () => void) => void;
}

/** What `filter` and `milter` share: started (bound to an address), told to read their fingerprints again, then stopped. */
export interface RelayService<Bound> {
  start(): Promise<Bound>;
  /** Scans the messages that come next with the fingerprint file read again; a sentence for the log. Throws, scanning on as before, when it cannot be read. */
  reload(): Promise<string>;
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
  // SIGHUP too: its default ends the process. Reloads run one after the other, once started.
  let started: () => void = () => {};
  let reloads = new Promise<void>((resolve) => (started = resolve));
  io.onReload?.(() => {
    reloads = reloads.then(() =>
      service.reload().then(
        (said) => io.log(`pii-scan: ${name}: ${said}\n`),
        (err: unknown) => io.log(`pii-scan: ${name}: reload failed, scanning on as before: ${errorReason(err)}\n`),
      ),
    );
  });
  let bound: Bound;
  try {
    bound = await service.start();
  } catch (err) {
    if (!isStartError(err)) throw err;
    io.log(`pii-scan: ${err.message}\n`);
    return 3;
  }
  io.log(`pii-scan: ${name} listening on ${listening(bound)}\n`);
  started();
  await stopAsked;
  io.log(`pii-scan: ${name} stopping: finishing the messages in progress\n`);
  await reloads;
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
  /** Reads the run's fingerprint file again with its key; absent when the run has none. */
  reloadFingerprints?: () => Promise<LoadedFingerprints>;
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
  return startedPool(options, options.scan).catch((err) => {
    throw fail(`cannot start the scan workers: ${errorReason(err)}`);
  });
}

/**
 * A relay's pool with `scan`, its workers loaded. A message waits for a worker at most as long as
 * a scan may run: behind a row of slow scans it is deferred (451) rather than kept past its MTA's
 * patience.
 */
async function startedPool(options: RelayPoolOptions, scan: ScanSettingsSource): Promise<ScanPool> {
  const pool = new ScanPool({ size: options.workers, timeoutMs: options.timeoutMs, maxWaitMs: options.timeoutMs, smallLane: true, heapMb: options.workerHeapMb, scan });
  await pool.ready().catch(async (err) => {
    await pool.close();
    throw err;
  });
  return pool;
}

/** What a relay's reload needs of its service: whether it is stopping, and the pool its next messages go to. */
export interface ReloadTarget {
  name: 'filter' | 'milter';
  stopping(): boolean;
  /** The pool now in use (undefined before the service started). */
  current(): ScanPool | undefined;
  /** Hands the next messages to `pool`. */
  use(pool: ScanPool): void;
  /** The drains of the pools replaced, for the service's stop to wait for: each is let go once its pool has ended. */
  draining: Set<Promise<void>>;
}

/**
 * A relay's reload (SIGHUP, after `pii-scan fingerprint --update`): the fingerprint file read
 * again with its key, checked, and a pool started with it that takes the next messages; the pool
 * before ends once its messages are scanned (its drain kept in `target.draining` meanwhile).
 * Throws when there is no file or it cannot be read, or the service is stopping: the pool before
 * stays in use. Returns the log's sentence.
 */
export async function reloadRelayPool(options: RelayPoolOptions, target: ReloadTarget): Promise<string> {
  const stopping = () => new Error(`the ${target.name} is stopping`);
  const before = target.current();
  if (target.stopping() || !before) throw stopping();
  if (!options.reloadFingerprints) throw new Error('no fingerprint file to read again (--fingerprints, or fingerprints.file in the configuration)');
  const fingerprints = await options.reloadFingerprints();
  const pool = await startedPool(options, { ...options.scan, fingerprints });
  if (target.stopping()) {
    // Stopped while the file was read: the new workers are not left running.
    await pool.close();
    throw stopping();
  }
  target.use(pool);
  const drained = before.drain();
  const forget = () => target.draining.delete(drained);
  target.draining.add(drained);
  drained.then(forget, forget);
  const { header } = FingerprintIndex.readHeader(fingerprints.bytes, fingerprints.where);
  return `fingerprints read again from ${fingerprints.where} (${header.records.toLocaleString('en-GB')} customers)`;
}
