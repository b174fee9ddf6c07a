/**
 * Sizes as an admin types them, with one meaning on the command line (`--max-size 64M`) and in
 * the configuration (`maxMessageBytes: 64 MiB`): K, M, G and KiB, MiB, GiB are powers of 1024;
 * kB, MB, GB (and the French ko, Mo, Go) powers of 1000, as disks and mail providers count; a
 * bare number is bytes. Case and a space before the unit do not matter ("64 m" is 64 MiB).
 */
const UNITS: Record<string, number> = { '': 1, b: 1, o: 1, k: 1024, kib: 1024, kb: 1e3, ko: 1e3, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6, mo: 1e6, g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9, go: 1e9 };

/** Bounds a size may take, with the name used to say so. */
export interface SizeBounds {
  min: number;
  max: number;
}

/** A size in bytes, or the sentence that says what is expected (the caller adds what it got). */
export function parseSize(input: string | number, bounds: SizeBounds): number | string {
  const m = typeof input === 'number' ? [String(input), String(input), ''] : /^(\d+(?:[.,]\d+)?)\s*([a-z]*)$/i.exec(input.trim());
  const unit = m ? UNITS[(m[2] as string).toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.round(Number((m[1] as string).replace(',', '.')) * unit) : NaN;
  if (!Number.isSafeInteger(bytes)) return 'expected a size such as 64M, 64 MiB or 64 MB';
  if (bytes < bounds.min || bytes > bounds.max) return `expected a size from ${formatSize(bounds.min)} to ${formatSize(bounds.max)}`;
  return bytes;
}

/** Bytes in the largest binary unit that divides them ("64 MiB" for 67108864), else the number: what a person reads and parseSize reads back. */
export function formatSize(bytes: number): string {
  for (const [unit, n] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (bytes % n === 0) return `${bytes / n} ${unit}`;
  return String(bytes);
}

/** A message held whole: 1 KiB at least, 1 GiB at most (a Node Buffer, and a relay's memory). */
export const MESSAGE_SIZE_BOUNDS: SizeBounds = { min: 1024, max: 1024 ** 3 };
