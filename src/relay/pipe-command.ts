import type { Readable } from 'node:stream';
import type { Lang } from '../report/i18n.js';
import type { Envelope } from '../scan-message.js';
import { readBounded } from '../sources/read-bounded.js';
import { decideAction } from './relay-action.js';
import type { ScanOutcome } from './relay-action.js';
import { reinject } from './reinject.js';
import type { ScanPool } from '../pool/scan-pool.js';
import { scanOutcome } from './scan-outcome.js';
import { EX } from './sysexits.js';

export interface PipeOptions {
  maxSize: number;
  lang: Lang;
  /**
   * The pool the message is scanned in: one worker, for the time bound (a scan that overruns is
   * stopped, not waited for). Started by the caller before the settings were read, so that the
   * worker loads the scanner meanwhile; closed here once the message is scanned.
   */
  pool: ScanPool;
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
  try {
    if (over) return { outcome: { kind: 'error', cause: 'too-large', detail: `message of ${bytes} bytes, over the ${options.maxSize}-byte limit` }, content };
    return { outcome: await scanOutcome(options.pool, { source: '-', kind: 'message', name: 'stdin', content, envelope }), content };
  } finally {
    // Its worker's memory is let go before CMD runs.
    await options.pool.close();
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
