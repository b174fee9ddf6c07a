/**
 * Benchmarks of whole runs, as a user starts them: `node bin/pii-scan.js FILE` in a fresh
 * process, Node start-up included. Wall time over several runs (median, min, max) and peak
 * memory (VmHWM, read by /usr/bin/time when the machine has it).
 *
 *   npm run bench            (after npm ci, which builds dist/)
 *   npm run bench -- --runs 9
 *
 * Targets are checked here, not in unit tests: a loaded CI machine must not fail a test suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Case {
  name: string;
  args: string[];
  /** Expected exit code: a benchmark of a wrong answer is worthless. */
  exit: number;
  /** Wall-time target in seconds (median), if the issue sets one. */
  targetSeconds?: number;
}

const CASES: Case[] = [
  { name: 'founding case: mail + 15,930-row XLSX', args: ['fixtures/outbox/secheresse-abonnes.eml'], exit: 1, targetSeconds: 2 },
  { name: 'same table as CSV UTF-8', args: ['fixtures/leaks/secheresse-csv-utf8.eml'], exit: 1 },
  { name: 'same table as CSV Windows-1252', args: ['fixtures/leaks/secheresse-csv-cp1252.eml'], exit: 1 },
  { name: 'clean signature mail', args: ['fixtures/outbox/reponse-signature.eml'], exit: 0 },
  { name: 'whole sample outbox (6 mails)', args: ['fixtures/outbox/'], exit: 1 },
];

const TIME = '/usr/bin/time';

function runOnce(args: string[]): { seconds: number; status: number | null; peakKb: number | null } {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-f', '%M', process.execPath, 'bin/pii-scan.js', ...args] : ['bin/pii-scan.js', ...args];
  const started = process.hrtime.bigint();
  const r = spawnSync(command, argv, { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKb = useTime ? Number(r.stderr.trim().split('\n').pop()) : null;
  return { seconds, status: r.status, peakKb: Number.isFinite(peakKb) ? peakKb : null };
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Math.max(1, Number(values.runs));
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: run `npm run build` first');
  let failed = false;
  console.log(`pii-scan benchmark: ${runs} runs per case, Node ${process.version}, fresh process each run`);
  console.log('case | median s | min s | max s | peak RSS MB | target');
  for (const c of CASES) {
    runOnce(c.args); // warm the page cache
    const results = Array.from({ length: runs }, () => runOnce(c.args));
    const wrong = results.find((r) => r.status !== c.exit);
    if (wrong) throw new Error(`${c.name}: exit ${wrong.status}, expected ${c.exit}`);
    const times = results.map((r) => r.seconds).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const peaks = results.map((r) => r.peakKb).filter((k): k is number => k !== null);
    const peak = peaks.length ? (Math.max(...peaks) / 1024).toFixed(0) : 'n/a';
    const target = c.targetSeconds === undefined ? '' : median <= c.targetSeconds ? `< ${c.targetSeconds} s: OK` : `< ${c.targetSeconds} s: MISSED`;
    if (c.targetSeconds !== undefined && median > c.targetSeconds) failed = true;
    console.log(`${c.name} | ${median.toFixed(2)} | ${times[0].toFixed(2)} | ${times[times.length - 1].toFixed(2)} | ${peak} | ${target}`);
  }
  process.exitCode = failed ? 1 : 0;
}

main();
