import { Worker } from 'node:worker_threads';
import type { ParserJob, ParserKind, ParserReply, WarmUp } from './parser-jobs.js';

/** How a job on a parser thread ended: its replies, or why the thread had to go. */
export type ThreadOutcome = { replies: ParserReply[] } | (ThreadStop & { replies: ParserReply[] });
/** Why a thread had to go: its deadline, its heap, a failure or an exit of its own. */
export type ThreadStop = { stopped: 'timeout' } | { stopped: 'memory'; heapMb: number } | { stopped: 'crash'; cause: string } | { stopped: 'exit'; exitCode: number };

/**
 * One parser thread (parser-worker.ts), with its heap capped by `resourceLimits`. It runs one job
 * at a time; a job that overruns its deadline or the heap ends the thread, never anything else.
 * An idle thread is unref'd, so a warm one never keeps the process alive.
 */
export class ParserThread {
  /** Threads started in this process: what keeping or retiring a thread costs shows here. */
  static started = 0;
  private readonly worker: Worker;
  private current?: { id: number; replies: ParserReply[]; settle: (outcome: ThreadOutcome) => void };
  private deathCause?: ThreadStop;
  private onStarted?: () => void;
  dead = false;

  constructor(readonly heapMb: number) {
    this.worker = startParserWorker(heapMb);
    ParserThread.started++;
    this.worker.unref();
    this.worker.on('message', (message: ParserReply) => this.receive(message));
    this.worker.on('error', (err: Error & { code?: string }) => {
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.deathCause = memory ? { stopped: 'memory', heapMb } : { stopped: 'crash', cause: err.message.split('\n')[0] };
    });
    this.worker.on('exit', (code) => {
      this.dead = true;
      const cause: ThreadStop = this.deathCause ?? { stopped: 'exit', exitCode: code };
      this.finish({ ...cause, replies: this.current?.replies ?? [] });
    });
  }

  /**
   * Runs a job; `timeoutMs` after the thread starts it (once it has loaded its parser: a new thread
   * first loads its modules) the thread is terminated and the outcome says `timeout`.
   */
  run(job: ParserJob, timeoutMs: number): Promise<ThreadOutcome> {
    return new Promise((settle) => {
      let timer: NodeJS.Timeout | undefined;
      this.current = {
        id: job.id,
        replies: [],
        settle: (outcome) => {
          clearTimeout(timer);
          settle(outcome);
        },
      };
      this.worker.ref();
      // The bytes are moved to the thread, not copied: the caller hands over a buffer of its own.
      this.worker.postMessage(job, [job.content.buffer as ArrayBuffer]);
      this.onStarted = () => {
        timer = setTimeout(() => {
          this.finish({ stopped: 'timeout', replies: this.current?.replies ?? [] });
          void this.stop();
        }, timeoutMs);
      };
    });
  }

  /** Loads `kind`'s parser now, while the thread is idle (a thread loads it on its first job otherwise). */
  warm(kind: ParserKind): void {
    this.worker.postMessage({ warm: kind } satisfies WarmUp);
  }

  /** Terminates the thread (never reused afterwards). */
  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private receive(message: ParserReply): void {
    const current = this.current;
    if (!current || message.id !== current.id) return;
    if ('started' in message) return this.onStarted?.();
    current.replies.push(message);
    if ('done' in message || 'failed' in message) this.finish({ replies: current.replies });
  }

  private finish(outcome: ThreadOutcome): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    if (!this.dead) this.worker.unref();
    current.settle(outcome);
  }
}

/**
 * Built, the thread runs parser-worker.js beside this file. From the TypeScript sources (vitest,
 * tsx) a worker does not inherit the parent's loader: it registers tsx itself, then loads the .ts
 * (as the relay's scan pool does).
 */
function startParserWorker(heapMb: number): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, Math.ceil(heapMb / 8)) } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parser-worker.js', import.meta.url), options);
  const entry = JSON.stringify(new URL('./parser-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, { ...options, eval: true });
}
