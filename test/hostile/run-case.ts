import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { HostileCase } from './hostile-case.js';
import { DEFAULT_BOUNDS } from './hostile-case.js';

/** What one run of the real CLI gave. */
export interface CaseRun {
  exit: number | null;
  /** Set when the process had to be killed at the hang bound. */
  hung: boolean;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the scanning process, MB (GNU time's %M, or VmHWM polled). */
  peakMb: number;
  seconds: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/pii-scan.js');
/** GNU time reports the child's peak RSS exactly, after it exits (Debian package `time`). */
const GNU_TIME = '/usr/bin/time';

/** VmHWM of a live process, in kB (0 once it is gone). */
function vmHwmKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `node bin/pii-scan.js FILE --format json` in a child process and measures it. The peak is
 * taken by GNU time when it is installed; otherwise /proc is polled while the scan runs (which
 * can miss a spike shorter than the polling interval).
 */
export async function runCase(c: HostileCase, file: string): Promise<CaseRun> {
  const hangSeconds = c.bounds?.hangSeconds ?? DEFAULT_BOUNDS.hangSeconds;
  const config = c.limits ? `${file}.pii-scan.json` : undefined;
  if (config) writeFileSync(config, JSON.stringify({ limits: c.limits }));
  const cli = [BIN, ...(config ? ['--config', config] : []), ...(c.args ?? []), c.stdin ? '-' : file, '--format', 'json'];
  const timeFile = `${file}.time`;
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...cli]] : [process.execPath, cli];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, LANG: 'en_GB.UTF-8', NO_COLOR: '1' }, stdio: [c.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
  if (c.stdin && child.stdin) {
    child.stdin.on('error', () => {}); // a scanner that stops reading early is judged by its report
    (c.feed ? Readable.from(c.feed()) : createReadStream(file)).pipe(child.stdin);
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  let polledKb = 0;
  const poll = setInterval(() => (polledKb = Math.max(polledKb, vmHwmKb(child.pid ?? 0))), 50);
  let hung = false;
  const killer = setTimeout(() => {
    hung = true;
    // The whole group: under GNU time the scanner is time's child, and must not outlive the run.
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, hangSeconds * 1000);
  const exit = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(poll);
  clearTimeout(killer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakKb = polledKb;
  if (useTime && existsSync(timeFile)) {
    peakKb = Number(/(\d+)\s*$/.exec(readFileSync(timeFile, 'utf8'))?.[1] ?? polledKb);
    rmSync(timeFile, { force: true });
  }
  if (config) rmSync(config, { force: true });
  return { exit, hung, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakMb: peakKb / 1024, seconds };
}
