/**
 * How a function's CPU time grows with its input, for tests that must hold on a loaded machine:
 * CPU time of this process (process.cpuUsage, user + system), not wall-clock time; the minimum of
 * several runs, each long enough to be counted; ratios between sizes, never absolute times.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Input sizes in bytes (or characters): 1, 4 and 16 MiB. */
export const SIZES = [1, 4, 16].map((mb) => mb * 1024 * 1024);
/** A 4x input may cost at most this many times more: linear is 4, n log n about 4.4, quadratic 16. */
export const MAX_GROWTH = 6;
/** Rounds before the growth is judged, and at most (a miss is measured again, for a burst of load). */
const MIN_ROUNDS = 2;
const MAX_ROUNDS = 6;

setFlagsFromString('--expose-gc');
/**
 * A full collection before each measured run, so that a run does not pay for the garbage of the
 * one before it (a 16 MiB run leaves hundreds of megabytes): what is measured is the run's own work.
 */
const collect = runInNewContext('gc') as () => void;

/**
 * A run shorter than this is repeated and averaged: the kernel may count CPU time in scheduler
 * ticks (4 ms at 250 Hz), which made runs of 1 to 2 ms read as ratios of 6 where the work was
 * linear (a matcher's 512 KiB text, the milter's 64 KiB packet).
 */
const MIN_MEASURED_MS = 50;

/** CPU milliseconds (user + system of this process) one run of `work` takes, over runs of at least MIN_MEASURED_MS in all. */
async function cpuMs(work: () => unknown): Promise<number> {
  collect();
  const start = process.cpuUsage();
  let runs = 0;
  let ms = 0;
  do {
    await work();
    runs++;
    const used = process.cpuUsage(start);
    ms = (used.user + used.system) / 1000;
  } while (ms < MIN_MEASURED_MS);
  return ms / runs;
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
 * CPU time of `work` on inputs of each size, all built first by `make` (before any clock starts),
 * after one warm-up run at each size. The sizes are measured in rounds, one run of each size per
 * round, so that a burst of load on a shared machine weighs on every size alike rather than on
 * the one being measured at that moment (a ratio compares runs of the same moments). Each size
 * keeps its minimum. From the second round on the growth is judged after each round; a miss goes
 * on for up to MAX_ROUNDS.
 */
export async function cpuGrowth<T>(make: (bytes: number) => T, work: (input: T) => unknown, sizes: readonly number[] = SIZES): Promise<Growth> {
  const inputs = sizes.map(make);
  // Unmeasured: JIT and rule data loaded on first use. (The heap grows to a size's needs in its
  // first round, which the minimum leaves out.)
  await work(inputs[0]);
  const ms = sizes.map(() => Infinity);
  const ratiosOf = () => ms.slice(1).map((t, i) => t / ms[i]);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    for (const [i, input] of inputs.entries()) ms[i] = Math.min(ms[i], await cpuMs(() => work(input)));
    if (round >= MIN_ROUNDS && ratiosOf().every((r) => r <= MAX_GROWTH)) break;
  }
  const ratios = ratiosOf();
  const summary = sizes.map((b, i) => `${b / 1048576} MB ${ms[i].toFixed(1)} ms`).join(', ') + ` (ratios ${ratios.map((r) => r.toFixed(1)).join(', ')})`;
  return { ms, ratios, summary };
}

/** `period` repeated to `bytes` characters or just over (whole periods: markup stays well formed), flattened before any clock starts. */
export function repeated(period: string, bytes: number): string {
  const text = period.repeat(Math.ceil(bytes / period.length));
  // A repeated string is a tree of pieces until something reads it whole: read it here, not in the measured call.
  /\u0000/.test(text);
  return text;
}
