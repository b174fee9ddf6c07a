import { formatMilterListen } from '../../model/milter-listen.js';
import { runService } from '../run-service.js';
import type { ServiceIO } from '../run-service.js';
import { MilterServer, MilterStartError } from './milter-server.js';
import type { MilterOptions } from './milter-server.js';

/**
 * `pii-scan milter`: starts the milter and runs until told to stop, then stops accepting, lets
 * the messages in progress end and exits 0. A start-up error is one line, exit 3.
 */
export function milterCommand(options: MilterOptions, io: ServiceIO): Promise<number> {
  const quarantine = options.onBlock === 'quarantine' ? ` (${options.quarantineDir})` : '';
  return runService(
    'milter',
    new MilterServer(options, io.log),
    (err): err is MilterStartError => err instanceof MilterStartError,
    (bound) => `${formatMilterListen(bound)}, on-block ${options.onBlock}${quarantine}, on-error ${options.onError}, ${options.workers} worker(s), max size ${options.maxSize} bytes, timeout ${options.timeoutMs / 1000} s`,
    io,
  );
}
