import { InvalidArgumentError } from 'commander';

/** A count given on the command line (`--min-people`, `--workers`...): a whole number of 1 or more. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}
