/** What the benchmark scripts share: medians, timing in this thread, dist/'s modules, a synthetic customer base. */
import { appendFileSync, existsSync } from 'node:fs';
import { customerBaseTable, makeCustomers } from '../fixtures/generator/customer-base.js';
import { toCsvText } from '../fixtures/generator/files.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
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
