import type { Verdict } from './result.js';

/** Exit codes of the public contract (DESIGN.md §1). */
export const EXIT = { ok: 0, block: 1, unscannable: 2, error: 3 } as const;

/**
 * `--fail-on`: the verdict from which a run fails. `block` (the default): block exits 1 and
 * unscannable 2, warn passes. `warn`: a run whose worst verdict is warn exits 1 too. `never`:
 * every verdict exits 0; usage, configuration and internal errors still exit 3.
 */
export const FAIL_ON = ['warn', 'block', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The exit code of a run's overall verdict (or of one message's, for a JUnit test case). */
export function exitCodeFor(verdict: Verdict, failOn: FailOn = 'block'): number {
  if (failOn === 'never') return EXIT.ok;
  if (verdict === 'block') return EXIT.block;
  if (verdict === 'unscannable') return EXIT.unscannable;
  if (verdict === 'warn' && failOn === 'warn') return EXIT.block;
  return EXIT.ok;
}
