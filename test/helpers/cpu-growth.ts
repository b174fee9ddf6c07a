/**
 * How a function's CPU time grows with its input, for tests that must hold on a loaded machine:
 * CPU time of this process (process.cpuUsage, user + system), not wall-clock time; the minimum of
 * several runs; ratios between sizes, never absolute times.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Input sizes in bytes (or characters): 1, 4 and 16 MiB. */
export const SIZES = [1, 4, 16].map((mb) => mb * 1024 * 1024);
/** A 4x input may cost at most this many times more: linear is 4, n log n about 4.4, quadratic 16. */
export const MAX_GROWTH = 6;
const RUNS = 3;

setFlagsFromString('--expose-gc');
/**
 * A full collection before each measured run, so that a run does not pay for the garbage of the
 * one before it (a 16 MiB run leaves hundreds of megabytes): what is measured is the run's own work.
 */
const collect = runInNewContext('gc') as () => void;

/** CPU milliseconds (user + system of this process) spent in `work`. */
async function cpuMs(work: () => unknown): Promise<number> {
  collect();
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export interface Growth {
  /** Minimum CPU milliseconds at each size. */
  ms: number[];
  /** ms[i + 1] / ms[i]. */
  ratios: number[];
  /** One line for a failure message: the times and ratios. */
  summary: string;
}

/**
 * CPU time of `work` on inputs of each size, built once by `make` (before the clock starts), after
 * one warm-up run at each size. Every size but the last is
 * a denominator and gets the minimum of 3 runs; the largest stops as soon as one run is within
 * MAX_GROWTH of the size before (more runs could only lower its minimum), else takes the minimum of 3.
 * A miss is measured once more (the minimum of 6 runs per size), for a burst of load on a shared machine.
 */
export async function cpuGrowth<T>(make: (bytes: number) => T, work: (input: T) => unknown, sizes: readonly number[] = SIZES, retry = true): Promise<Growth> {
  const ms: number[] = [];
  for (const [i, bytes] of sizes.entries()) {
    const input = make(bytes);
    // Unmeasured: JIT and rule data loaded on first use, and the heap grown to the size's needs.
    await work(input);
    let best = Infinity;
    for (let run = 0; run < RUNS; run++) {
      best = Math.min(best, await cpuMs(() => work(input)));
      if (i === sizes.length - 1 && i > 0 && best <= MAX_GROWTH * ms[i - 1]) break;
    }
    ms.push(best);
  }
  let ratios = ms.slice(1).map((t, i) => t / ms[i]);
  // One more series on a miss (the minimum of 6 runs), for a burst of load on a shared machine.
  if (retry && ratios.some((r) => r > MAX_GROWTH)) {
    const again = await cpuGrowth(make, work, sizes, false);
    for (let i = 0; i < ms.length; i++) ms[i] = Math.min(ms[i], again.ms[i]);
    ratios = ms.slice(1).map((t, i) => t / ms[i]);
  }
  const summary = sizes.map((b, i) => `${b / 1048576} MB ${ms[i].toFixed(0)} ms`).join(', ') + ` (ratios ${ratios.map((r) => r.toFixed(1)).join(', ')})`;
  return { ms, ratios, summary };
}

/** `period` repeated to `bytes` characters or just over (whole periods: markup stays well formed), flattened before any clock starts. */
export function repeated(period: string, bytes: number): string {
  const text = period.repeat(Math.ceil(bytes / period.length));
  // A repeated string is a tree of pieces until something reads it whole: read it here, not in the measured call.
  /\u0000/.test(text);
  return text;
}
