import { formatMilterListen } from '../../model/milter-listen.js';
import type { FilterIO } from '../filter-command.js';
import { MilterServer, MilterStartError } from './milter-server.js';
import type { MilterOptions } from './milter-server.js';

/**
 * `pii-scan milter`: starts the milter and runs until told to stop, then stops accepting, lets
 * the messages under way end and exits 0. A start-up error is one line, exit 3.
 */
export async function milterCommand(options: MilterOptions, io: FilterIO): Promise<number> {
  // Heard from now on: a SIGTERM that comes as soon as the "listening" line is read (a service
  // manager, a test) must find its handler, not Node's default, which kills the process at once.
  const stopAsked = new Promise<void>((resolve) => io.onStop(resolve));
  const milter = new MilterServer(options, io.log);
  let bound;
  try {
    bound = await milter.start();
  } catch (err) {
    if (!(err instanceof MilterStartError)) throw err;
    io.log(`pii-scan: ${err.message}\n`);
    return 3;
  }
  const quarantine = options.onBlock === 'quarantine' ? ` (${options.quarantineDir})` : '';
  io.log(
    `pii-scan: milter listening on ${formatMilterListen(bound)}, on-block ${options.onBlock}${quarantine}, on-error ${options.onError}, ${options.workers} worker(s), max size ${options.maxSize} bytes, timeout ${options.timeoutMs / 1000} s\n`,
  );
  await stopAsked;
  io.log('pii-scan: milter stopping: finishing the messages under way\n');
  await milter.stop();
  io.log('pii-scan: milter stopped\n');
  return 0;
}
