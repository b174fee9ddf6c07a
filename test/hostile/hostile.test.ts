import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AWAITING_FIX, HOSTILE_CASES } from './cases/index.js';
import { outcomeOf, problemsOf } from './check-case.js';
import { DEFAULT_BOUNDS } from './hostile-case.js';
import { runCase } from './run-case.js';

/**
 * The hostile corpus through the real CLI (`node bin/pii-scan.js FILE --format json`), one child
 * process per case: the exit code and issues each case states, no stack trace, every part not
 * read named by an issue, peak memory within bounds, and no hang (the time bound only detects one).
 */
describe('hostile corpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of HOSTILE_CASES) {
    const awaiting = AWAITING_FIX.get(c.name);
    const hang = (c.bounds?.hangSeconds ?? DEFAULT_BOUNDS.hangSeconds) * 1000;
    if (awaiting) {
      it.skip(`${c.name} (awaiting the ${awaiting} fix)`, () => {});
      continue;
    }
    it(c.name, async () => {
      const file = await c.build(dir);
      const run = await runCase(c, file);
      rmSync(file, { force: true });
      // The outcome goes into the message, so a failure shows what the CLI gave.
      expect(problemsOf(c, run), JSON.stringify({ ...outcomeOf(run), peakMb: Math.round(run.peakMb), stderr: run.stderr.slice(0, 300) })).toEqual([]);
    }, hang + 60_000);
  }
});
