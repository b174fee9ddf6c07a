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
