import { boundHeapGrowth } from './heap-growth.js';
import { run } from './run.js';

/** Writes a chunk and resolves once it is flushed, so that a piped report is never cut short. */
const write = (stream: NodeJS.WriteStream, text: string) => new Promise<void>((resolve) => (text ? stream.write(text, () => resolve()) : resolve()));

/**
 * An exception thrown from a stream or timer callback (a parser's event handler, say) escapes
 * run()'s try: Node would print a stack trace and exit 1, which reads as "blocked". It is a bug,
 * so one line and exit 3, as for any internal error (DESIGN.md §1). A rejection nobody handles
 * reaches this too (Node raises it as an uncaught exception).
 */
function exitOnUncaught(): void {
  process.on('uncaughtException', (err: unknown) => {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err).split('\n')[0];
    process.stderr.write(`pii-scan: internal error: ${message}${process.env.PII_SCAN_DEBUG ? `\n${(err as Error)?.stack ?? ''}` : ' (set PII_SCAN_DEBUG=1 for details)'}\n`);
    process.exit(3);
  });
}

/** The process entry point behind bin/pii-scan.js. */
export async function main(): Promise<void> {
  boundHeapGrowth();
  exitOnUncaught();
  // A reader that goes away (`pii-scan big.mbox | head`) must not get a stack trace; and since the
  // rest of the report, and the scan, did not happen, the run is not "clean": one line, exit 3.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(`pii-scan: ${err.code === 'EPIPE' ? 'standard output was closed before the report was written whole: scan stopped' : `cannot write the report: ${err.message}`}\n`);
    process.exit(3);
  });
  const result = await run(process.argv.slice(2), {
    env: process.env,
    // A getter: touching process.stdin opens it, which only `-` should do.
    get stdin() {
      return process.stdin;
    },
    stdoutIsTTY: process.stdout.isTTY,
    progressStream: process.stderr.isTTY ? process.stderr : undefined,
    // The report is written as messages are decided: a mailbox's report is never held whole.
    writeStdout: (chunk) => write(process.stdout, chunk),
    // The filter logs one line per message as it goes, and stops cleanly on SIGTERM or SIGINT
    // (a second signal kills it: the handlers are removed once called).
    writeStderr: (chunk) => void process.stderr.write(chunk),
    onStop: (stop) => {
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    // `systemctl reload` (kill -HUP) after `pii-scan fingerprint --update`: the relay reads the file again.
    onReload: (reload) => process.on('SIGHUP', reload),
  });
  await write(process.stdout, result.stdout);
  await write(process.stderr, result.stderr);
  process.exitCode = result.exitCode;
  // A parser abandoned at its timeout may leave work queued; the verdict is out, so do not wait.
  setTimeout(() => process.exit(result.exitCode), 1000).unref();
}
