import { spawn } from 'node:child_process';
import { asciiLine } from './reason-text.js';
import { EX } from './sysexits.js';

const SYSEXITS_FIRST = 64;
const SYSEXITS_LAST = 78;
/** Output of the command kept for the diagnostic: pipe(8) itself keeps a few hundred bytes. */
const MAX_OUTPUT = 2048;

/** The exit code for pipe(8) and the line explaining it (empty on success). */
export interface ReinjectResult {
  exit: number;
  text: string;
}

/**
 * How the command's end maps to pii-scan's exit: 0 is delivered; a sysexits code (64-78) is passed
 * on, since pipe(8) knows what each means (EX_TEMPFAIL defers, EX_NOUSER bounces...); anything
 * else (another code, a signal, a command that cannot start) is 75, deferred:
 * a broken re-injection must keep the mail in the queue, never bounce it.
 */
export function mapCommandExit(cmd: string, code: number | null, signal: string | null, output: string): ReinjectResult {
  const said = output.trim() ? `: ${asciiLine(output.trim().split('\n')[0] ?? '').slice(0, 200)}` : '';
  if (code === 0) return { exit: EX.ok, text: '' };
  if (code !== null && code >= SYSEXITS_FIRST && code <= SYSEXITS_LAST) return { exit: code, text: `pii-scan: ${cmd} exited with ${code}${said}` };
  const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
  return { exit: EX.tempfail, text: `4.3.0 pii-scan: ${cmd} ${how}${said}` };
}

/**
 * Runs the re-injection command (e.g. `/usr/sbin/sendmail -G -i -f SENDER -- RECIPIENTS`) with the
 * message on its standard input, and waits for it to exit, however long it takes. Its exit status
 * is the only sign of whether it queued the message: a command stopped at a deadline of ours may
 * already have queued it, and deferring then would have Postfix deliver it twice. What bounds it
 * is pipe(8)'s own `command_time_limit` (1,000 s by default), which stops pii-scan and the command
 * together: that is the one window where a queued message can be sent again (docs/postfix.md).
 */
export function reinject(cmd: string, args: string[], message: Buffer): Promise<ReinjectResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8').slice(0, MAX_OUTPUT - output.length);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err: NodeJS.ErrnoException) => {
      resolve({ exit: EX.tempfail, text: `4.3.0 pii-scan: cannot run ${cmd}: ${err.code ?? err.message}` });
    });
    child.on('close', (code, signal) => resolve(mapCommandExit(cmd, code, signal, output)));
    // A command that exits without reading all of its input closes the pipe: its exit code says how it went.
    child.stdin.on('error', () => {});
    child.stdin.end(message);
  });
}
