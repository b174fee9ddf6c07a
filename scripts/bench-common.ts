/** What the benchmark scripts share: medians, timing in this thread, dist/'s modules, a synthetic customer base. */
import { appendFileSync, existsSync } from 'node:fs';
import { customerBaseTable, makeCustomers } from '../fixtures/generator/customer-base.js';
import { toCsvText } from '../fixtures/generator/files.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * A confidence interval of the median of `values` that holds whatever their law (order statistics):
 * the k-th smallest and the k-th largest, k the largest rank for which the median lies between
 * them with at least `confidence`, that is for which the two tails of the binomial law (n, 1/2)
 * below k leave out at most 1 - `confidence`. `coverage` is that probability for the k taken.
 * Null when there are too few values for the confidence asked (fewer than 5 for 90 %).
 */
export function medianInterval(values: readonly number[], confidence = 0.9): { low: number; high: number; coverage: number } | null {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let interval: { low: number; high: number; coverage: number } | null = null;
  // P(B = j) and P(B <= k - 1), for B binomial (n, 1/2), term by term.
  let term = 0.5 ** n;
  let below = 0;
  for (let k = 1; 2 * k <= n; k++) {
    below += term;
    term = (term * (n - (k - 1))) / k;
    const coverage = 1 - 2 * below;
    if (coverage < confidence) break;
    interval = { low: sorted[k - 1], high: sorted[n - k], coverage };
  }
  return interval;
}

/** Median seconds of `runs` runs of `work` in this thread, after `warmUps` unmeasured ones (JIT, lazily loaded data). */
export function timeRuns(runs: number, work: () => unknown, warmUps = 1): number {
  for (let i = 0; i < warmUps; i++) work();
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    work();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return median(seconds);
}

/**
 * A module of dist/, typed as its source: the compiled code pii-scan runs. tsx, which runs the
 * scripts, compiles with esbuild's keepNames, which wraps every closure in a naming call each time
 * one is made, and made hot paths 15 % slower than the shipped code.
 */
export async function compiled<T>(path: string): Promise<T> {
  const file = new URL(`../dist/${path}`, import.meta.url);
  if (!existsSync(file)) throw new Error(`dist/${path} is missing: run \`npm run build\` first`);
  return (await import(file.href)) as T;
}

/** A synthetic customer base of `count` customers written to `file` as one CSV, 50,000 at a time. */
export function writeCustomerBase(file: string, count: number): string {
  for (let first = 0; first < count; first += 50_000) {
    const text = toCsvText(customerBaseTable(makeCustomers(20221201 + first, Math.min(50_000, count - first), first)));
    appendFileSync(file, first === 0 ? text : text.slice(text.indexOf('\n') + 1));
  }
  return file;
}
