import type { Verdict } from '../model/result.js';

/** Exit codes of the public contract (DESIGN.md §1). */
export const EXIT = { ok: 0, block: 1, unscannable: 2, error: 3 } as const;

/** The exit code of a run's overall verdict: block 1, unscannable 2, warn and pass 0. */
export function exitCodeFor(verdict: Verdict): number {
  if (verdict === 'block') return EXIT.block;
  if (verdict === 'unscannable') return EXIT.unscannable;
  return EXIT.ok;
}
