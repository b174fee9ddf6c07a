/**
 * The filter under test: `pii-scan filter` in its own process (bin/pii-scan.js, from dist/), which
 * the suite kills by its PID, or in this process (SmtpFilter), whose scan workers it can reach.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { SmtpFilter } from '../../src/relay/smtp-filter.js';
import type { FilterOptions } from '../../src/relay/smtp-filter.js';

export interface FilterUnderTest {
  port: number;
  /** Everything it logged so far. */
  log(): string;
  /** SIGKILL (a process) and wait until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with the same arguments. */
  restart(): Promise<void>;
  /** SIGTERM: finishes the messages in progress, then exits. */
  stop(): Promise<void>;
}

/** `node bin/pii-scan.js filter --listen 127.0.0.1:PORT ARGS`; port 0 the first time. */
export async function filterProcess(args: string[]): Promise<FilterUnderTest> {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, ['bin/pii-scan.js', 'filter', '--listen', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
      child = proc;
      exited = new Promise((done) => proc.once('exit', () => done()));
      const timer = setTimeout(() => (proc.kill('SIGKILL'), reject(new Error(`the filter did not start in 60 s: ${log}`))), 60_000);
      proc.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const bound = /listening on [^\s]*:(\d+),/.exec(log.slice(-2000))?.[1];
        if (bound && (port === 0 || Number(bound) === port)) {
          clearTimeout(timer);
          port = Number(bound);
          resolve();
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the filter exited before listening: ${log.slice(-500)}`));
      });
    });
  await start();
  return {
    get port() {
      return port;
    },
    log: () => log,
    kill: async () => {
      child?.kill('SIGKILL');
      await exited;
    },
    restart: start,
    stop: async () => {
      child?.kill('SIGTERM');
      await exited;
    },
  };
}

/** An SmtpFilter in this process: the suite can kill one of its scan workers mid-scan. */
export interface InProcessFilter extends FilterUnderTest {
  /** Terminates the worker busy with a scan, as a crash would; false when none is busy. */
  killBusyWorker(): Promise<boolean>;
}

export async function inProcessFilter(options: Partial<FilterOptions> & Pick<FilterOptions, 'nextHop'>): Promise<InProcessFilter> {
  let log = '';
  const filterOptions: FilterOptions = {
    listen: { host: '127.0.0.1', port: 0 },
    onBlock: 'reject',
    onError: 'defer',
    maxSize: 100 * 1024 * 1024,
    timeoutMs: 120_000,
    lang: 'en',
    workers: 1,
    maxConnections: 100,
    scan: { config: DEFAULT_CONFIG },
    ...options,
  };
  const filter = new SmtpFilter(filterOptions, (line) => (log += line));
  const bound = await filter.start();
  // Test access to the pool's private workers: no public API kills a worker, and none should.
  type Slot = { task?: unknown; worker: { terminate(): Promise<number> } };
  const slots = () => (filter as unknown as { ctx: { pool: { slots: Set<Slot> } } }).ctx.pool.slots;
  return {
    port: bound.port,
    log: () => log,
    kill: () => filter.stop(),
    restart: async () => {
      throw new Error('an in-process filter is not restarted');
    },
    stop: () => filter.stop(),
    killBusyWorker: async () => {
      const busy = [...slots()].find((slot) => slot.task);
      if (!busy) return false;
      await busy.worker.terminate();
      return true;
    },
  };
}
