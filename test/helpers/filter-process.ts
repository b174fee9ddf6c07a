import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** `pii-scan filter` (or `milter`) in its own process (bin/pii-scan.js, from dist/): what Postfix talks to. */
export interface FilterProcess {
  child: ChildProcess;
  port: number;
  /** Everything it wrote on stderr so far. */
  stderr(): string;
  /** SIGTERM, then its exit code once it has finished the messages in progress. */
  stop(): Promise<number | null>;
}

/**
 * Starts `node bin/pii-scan.js filter ARGS` and resolves once it listens (its start-up line), with
 * the port it bound. Rejects with its stderr when it exits first (a start-up error).
 */
export function startFilterProcess(args: string[], seconds = 30, command: 'filter' | 'milter' = 'filter'): Promise<FilterProcess> {
  const child = spawn(process.execPath, ['bin/pii-scan.js', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pii-scan ${command} did not start in ${seconds} s: ${stderr}`));
    }, seconds * 1000);
    let listening = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Looked for until found: the log grows by a line per message, and a load run sends thousands.
      const port = listening ? undefined : /listening on [^\s]*:(\d+),/.exec(stderr)?.[1];
      if (port) {
        listening = true;
        clearTimeout(timer);
        resolve({ child, port: Number(port), stderr: () => stderr, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pii-scan ${command} exited with ${code} before listening: ${stderr}`));
    });
  });
}

/** `pii-scan milter ARGS` in its own process, once it listens. */
export const startMilterProcess = (args: string[], seconds = 30) => startFilterProcess(args, seconds, 'milter');
