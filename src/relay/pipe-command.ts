import type { Readable } from 'node:stream';
import type { Lang } from '../report/i18n.js';
import type { ScanSettingsSource } from '../config/run-settings.js';
import type { Envelope } from '../scan-message.js';
import { readBounded } from '../sources/read-bounded.js';
import { decideAction } from './relay-action.js';
import type { ScanOutcome } from './relay-action.js';
import { reinject } from './reinject.js';
import { ScanPool } from '../pool/scan-pool.js';
import { scanOutcome } from './scan-outcome.js';
import { EX } from './sysexits.js';

export interface PipeOptions {
  maxSize: number;
  timeoutMs: number;
  /** Heap of the scan worker in MiB (the pool's default when absent). */
  workerHeapMb?: number;
  lang: Lang;
  /** The configuration and flags each worker builds its scan settings from. */
  scan: ScanSettingsSource;
}

/**
 * The envelope as the sendmail-style command line gives it: `-f SENDER` (or `-fSENDER`) before
 * `--`, the recipients after it (pipe(8): `-f ${sender} -- ${recipient}`).
 */
export function sendmailEnvelope(args: string[]): Envelope {
  const end = args.indexOf('--');
  const options = end < 0 ? args : args.slice(0, end);
  let from: string | undefined;
  options.forEach((arg, i) => {
    if (arg === '-f') from = options[i + 1] ?? '';
    else if (arg.startsWith('-f')) from = arg.slice(2);
  });
  return { ...(from !== undefined ? { from } : {}), recipients: end < 0 ? [] : args.slice(end + 1) };
}

async function scanStdin(stdin: Readable, envelope: Envelope, options: PipeOptions): Promise<{ outcome: ScanOutcome; content: Buffer }> {
  const { content, bytes, over } = await readBounded(stdin, options.maxSize);
  if (over) return { outcome: { kind: 'error', cause: 'too-large', detail: `message of ${bytes} bytes, over the ${options.maxSize}-byte limit` }, content };
  // One worker, for the time bound: a scan that overruns is stopped, not waited for.
  const pool = new ScanPool({ size: 1, timeoutMs: options.timeoutMs, heapMb: options.workerHeapMb, scan: options.scan });
  try {
    return { outcome: await scanOutcome(pool, { source: '-', kind: 'message', name: 'stdin', content, envelope }), content };
  } finally {
    await pool.close();
  }
}

/**
 * `pii-scan pipe -- CMD ARGS...` for Postfix pipe(8): scans the message on standard input; when it
 * passes, runs CMD with the message (and its X-PII-Scan header) on CMD's standard input. Exit 0
 * once CMD succeeded, 69 (EX_UNAVAILABLE: bounce) for a blocked or unscannable message, 75
 * (EX_TEMPFAIL: defer) when it could not be scanned or re-injected. The line for pipe(8), which
 * starts with an RFC 3463 status that pipe(8) honours, is returned for standard output.
 */
export async function pipeCommand(command: string[], stdin: Readable | undefined, options: PipeOptions): Promise<{ exit: number; text: string }> {
  const [cmd, ...args] = command as [string, ...string[]];
  if (!stdin) return { exit: EX.tempfail, text: '4.3.0 pii-scan: no message on standard input' };
  const { outcome, content } = await scanStdin(stdin, sendmailEnvelope(args), options);
  const action = decideAction(outcome, { onBlock: 'reject', onError: 'defer', lang: options.lang });
  if (action.kind === 'refuse') return { exit: action.code >= 500 ? EX.unavailable : EX.tempfail, text: action.text };
  if (action.kind === 'quarantine') return { exit: EX.tempfail, text: '4.3.0 pii-scan: no quarantine in pipe mode' };
  return reinject(cmd, args, Buffer.concat([Buffer.from(action.header, 'latin1'), content]));
}
