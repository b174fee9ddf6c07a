import { InvalidArgumentError } from 'commander';
import { parseSize } from '../model/size.js';
import type { SizeBounds } from '../model/size.js';

/**
 * A whole number from `min` to `max` (`--workers`, `--timeout`...): a value out of range is refused
 * with one line (exit 3), never clamped or taken as is (a timeout past Node's 2^31 - 1 ms timer fires at once).
 */
export function wholeIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max.toLocaleString('en-GB')}`);
    return n;
  };
}

/** An argument read by `parse`, which throws an Error saying what is wrong: that sentence is commander's one line (exit 3). */
export function readBy<T>(parse: (value: string) => T): (value: string) => T {
  return (value: string) => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

/** A size in bytes (`--max-size 64M`, `64MiB`, `64 MB`), read as the configuration reads it (model/size.ts). */
export function sizeIn(bounds: SizeBounds): (value: string) => number {
  return (value: string) => {
    const n = parseSize(value, bounds);
    if (typeof n === 'string') throw new InvalidArgumentError(`${n}, got "${value}"`);
    return n;
  };
}
