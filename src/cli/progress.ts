import { createRequire } from 'node:module';

/** cli-progress is loaded when a progress line starts: a run that shows none (a pipe, CI, pipe mode) does not pay for it. */
const require = createRequire(import.meta.url);

/** What a scan reports to its progress line as each message is done. */
export interface Progress {
  done(bytes: number): void;
  stop(): void;
}

/** No progress line: the report goes to the terminal itself, or nobody watches (a pipe, a CI log). */
export const NO_PROGRESS: Progress = { done: () => {}, stop: () => {} };

/** A run shorter than this never shows a line, so quick scans do not flicker. */
const SHOW_AFTER_MS = 1000;

/**
 * A progress line on a terminal's standard error (cli-progress): messages, megabytes read,
 * throughput and, when the input's size is known, the share done and the time left. It appears
 * once the run has lasted a second and is cleared at the end, leaving the report as it was;
 * it never enters the report, whatever its format.
 */
export function startProgress(stream: NodeJS.WriteStream, totalBytes: number | null, showAfterMs = SHOW_AFTER_MS): Progress {
  const started = Date.now();
  const total = totalBytes ?? 0;
  const format = total > 0 ? 'pii-scan {bar} {percentage}% | {messages} messages | {mb} of {totalMb} MB | {rate} MB/s | {eta_formatted} left' : 'pii-scan {messages} messages | {mb} MB | {rate} MB/s';
  const { SingleBar } = require('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({ stream, format, clearOnComplete: true, hideCursor: true, fps: 5, etaBuffer: 50, barsize: 24 });
  let shown = false;
  let messages = 0;
  let bytes = 0;
  const payload = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return { messages, mb: (bytes / 1e6).toFixed(0), totalMb: (total / 1e6).toFixed(0), rate: (bytes / 1e6 / seconds).toFixed(1) };
  };
  return {
    done(size: number) {
      messages++;
      bytes += size;
      if (!shown && Date.now() - started >= showAfterMs) {
        shown = true;
        bar.start(Math.max(total, bytes), bytes, payload());
      } else if (shown) {
        // Messages of a mailbox count their own bytes, not its separators: never past the total.
        bar.update(Math.min(bytes, Math.max(total, bytes)), payload());
      }
    },
    stop() {
      if (shown) bar.stop();
    },
  };
}
