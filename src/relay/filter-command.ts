import { formatHostPort } from './host-port.js';
import { FilterStartError, SmtpFilter } from './smtp-filter.js';
import type { FilterOptions } from './smtp-filter.js';

/** How the filter talks to its process: live log lines, and a way to hear SIGTERM/SIGINT. */
export interface FilterIO {
  log: (line: string) => void;
  /** Registers the function that stops the filter (main.ts: on SIGTERM and SIGINT). */
  onStop: (stop: () => void) => void;
}

/**
 * `pii-scan filter`: starts the content filter and runs until told to stop, then stops
 * accepting, finishes the messages in progress and exits 0. A start-up error is one line, exit 3.
 */
export async function filterCommand(options: FilterOptions, io: FilterIO): Promise<number> {
  // Heard from now on: a SIGTERM that comes as soon as the "listening" line is read (a service
  // manager, a test) must find its handler, not Node's default, which kills the process at once.
  const stopAsked = new Promise<void>((resolve) => io.onStop(resolve));
  const filter = new SmtpFilter(options, io.log);
  let bound;
  try {
    bound = await filter.start();
  } catch (err) {
    if (!(err instanceof FilterStartError)) throw err;
    io.log(`pii-scan: ${err.message}\n`);
    return 3;
  }
  const quarantine = options.onBlock === 'quarantine' ? ` (${options.quarantineDir})` : '';
  io.log(
    `pii-scan: filter listening on ${formatHostPort(bound)}, next hop ${formatHostPort(options.nextHop)}, on-block ${options.onBlock}${quarantine}, on-error ${options.onError}, ${options.workers} worker(s), max size ${options.maxSize} bytes, timeout ${options.timeoutMs / 1000} s\n`,
  );
  await stopAsked;
  io.log('pii-scan: filter stopping: finishing the messages in progress\n');
  await filter.stop();
  io.log('pii-scan: filter stopped\n');
  return 0;
}
