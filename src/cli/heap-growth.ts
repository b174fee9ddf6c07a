import v8 from 'node:v8';

/**
 * Heap growth between two full collections, in percent: V8 collects once the heap has grown by
 * this much over what survived the last collection.
 *
 * Why: what stays alive between two messages is small (~40 MB of reference data and parsers),
 * but V8's own factor follows the allocation rate, up to 4x: parsing PDFs and workbooks
 * allocates fast, so the heap grew to ~150 MB and Buffers awaiting collection to ~85 MB, and a
 * 1 GB mailbox peaked at 334 MB of RSS. A fixed 50 % keeps it under 300 MB. Measured on the
 * corpus's 1 GB mailbox (peak RSS / CPU seconds): default 334 MB / 61 s; 100 % 293 MB / 67 s;
 * 60 % 273 MB / 72 s; 30 % 256 MB / 86 s. Forcing a full collection between messages cost more
 * for less (48 MB of garbage allowed: 319 MB; 16 MB: 252 MB at twice the CPU).
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Sets the heap growth of this process and its worker threads (V8 flags are per process), unless
 * the user chose one with `node --heap-growing-percent` or NODE_OPTIONS. Called first thing by the
 * process entry; V8 reads the flag at each collection.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): void {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  if (!chosen) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
