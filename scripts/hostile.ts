/**
 * Runs the hostile corpus (test/hostile) through the real CLI and prints one row per case:
 * name, expected, got (exit, issue codes), peak MB, seconds. `npm run hostile [-- FILTER]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWAITING_FIX, HOSTILE_CASES } from '../test/hostile/cases/index.js';
import { outcomeOf, problemsOf } from '../test/hostile/check-case.js';
import { runCase } from '../test/hostile/run-case.js';

const all = process.argv.includes('--all');
const filter = process.argv.slice(2).find((a) => a !== '--all') ?? '';
const expected = (e: (typeof HOSTILE_CASES)[number]['expected']) => `${e.exit}${e.verdict ? ` ${e.verdict}` : ''}${e.issues ? ` [${e.issues.join(', ')}]` : ''}${e.issuesInclude ? ` [${e.issuesInclude.join(', ')}, ...]` : ''}`;
const codes = (issues: string[]) => {
  const shown = issues.slice(0, 3).join(', ');
  return issues.length > 3 ? `${shown}, ... (${issues.length})` : shown;
};

console.log('| case | expected | got (exit, issues) | peak MB | s | result |');
console.log('|---|---|---|---:|---:|---|');
let failed = 0;
for (const c of HOSTILE_CASES.filter((x) => x.name.includes(filter))) {
  const awaitingFix = AWAITING_FIX.get(c.name);
  if (awaitingFix && !all) {
    console.log(`| ${c.name} | ${expected(c.expected)} | not run | | | awaiting ${awaitingFix} |`);
    continue;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pii-hostile-'));
  try {
    const run = await runCase(c, await c.build(dir));
    const problems = problemsOf(c, run);
    const awaiting = AWAITING_FIX.get(c.name);
    if (problems.length > 0 && !awaiting) failed++;
    const result = problems.length === 0 ? 'ok' : `${awaiting ? `awaiting ${awaiting}: ` : 'FAIL: '}${problems.join('; ')}`;
    const got = outcomeOf(run);
    console.log(`| ${c.name} | ${expected(c.expected)} | ${got.exit} [${codes(got.issues)}] | ${run.peakMb.toFixed(0)} | ${run.seconds.toFixed(1)} | ${result.replace(/\|/g, '/').slice(0, 300)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = failed > 0 ? 1 : 0;
