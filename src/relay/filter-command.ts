import { formatHostPort } from '../model/host-port.js';
import { runService } from './run-service.js';
import type { ServiceIO } from './run-service.js';
import { FilterStartError, SmtpFilter } from './smtp-filter.js';
import type { FilterOptions } from './smtp-filter.js';

/**
 * `pii-scan filter`: starts the content filter and runs until told to stop, then stops
 * accepting, finishes the messages in progress and exits 0. A start-up error is one line, exit 3.
 */
export function filterCommand(options: FilterOptions, io: ServiceIO): Promise<number> {
  const quarantine = options.onBlock === 'quarantine' ? ` (${options.quarantineDir})` : '';
  return runService(
    'filter',
    new SmtpFilter(options, io.log),
    (err): err is FilterStartError => err instanceof FilterStartError,
    (bound) => `${formatHostPort(bound)}, next hop ${formatHostPort(options.nextHop)}, on-block ${options.onBlock}${quarantine}, on-error ${options.onError}, ${options.workers} worker(s), max size ${options.maxSize} bytes, timeout ${options.timeoutMs / 1000} s`,
    io,
  );
}
