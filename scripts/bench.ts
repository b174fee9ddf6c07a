/**
 * Benchmarks of whole runs, as a user starts them: `node bin/pii-scan.js FILE` in a fresh
 * process, Node start-up included. Wall time over several runs (median, min, max) and peak
 * memory (VmHWM, read by /usr/bin/time when the machine has it).
 *
 *   npm run bench            (after npm ci, which builds dist/)
 *   npm run bench -- --runs 9
 *   npm run bench -- --mbox big.mbox   (adds a mailbox, e.g. the 1 GB one of the test corpus
 *                                       generator, with its target: peak RSS under 300 MB)
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
  /** Peak-memory target in MB (highest run), if the issue sets one. */
  targetPeakMb?: number;
}

/** A mailbox of any size is scanned in flat memory (the container issue's target on a 1 GB mbox). */
const MBOX_PEAK_MB = 300;

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
  // The report is not read (a mailbox's is tens of MB, past spawnSync's buffer): only the exit code and time's %M on stderr.
  const r = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LANG: 'C' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKb = useTime ? Number(r.stderr.trim().split('\n').pop()) : null;
  return { seconds, status: r.status, peakKb: Number.isFinite(peakKb) ? peakKb : null };
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, mbox: { type: 'string' } } });
  const runs = Math.max(1, Number(values.runs));
  // A mailbox holds leaks or not: any verdict's exit code (0, 1, 2) is a finished run.
  const mbox: Case[] = values.mbox ? [{ name: `mailbox ${values.mbox}`, args: ['--format', 'json', values.mbox], exit: -1, targetPeakMb: MBOX_PEAK_MB }] : [];
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: run `npm run build` first');
  let failed = false;
  console.log(`pii-scan benchmark: ${runs} runs per case, Node ${process.version}, fresh process each run`);
  console.log('case | median s | min s | max s | peak RSS MB | target');
  for (const c of [...CASES, ...mbox]) {
    if (c.targetPeakMb === undefined) runOnce(c.args); // warm the page cache (a mailbox is run once: it is big)
    const results = Array.from({ length: c.targetPeakMb ? 1 : runs }, () => runOnce(c.args));
    const wrong = results.find((r) => (c.exit < 0 ? ![0, 1, 2].includes(r.status ?? -1) : r.status !== c.exit));
    if (wrong) throw new Error(`${c.name}: exit ${wrong.status}, expected ${c.exit}`);
    const times = results.map((r) => r.seconds).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const peaks = results.map((r) => r.peakKb).filter((k): k is number => k !== null);
    const peak = peaks.length ? (Math.max(...peaks) / 1024).toFixed(0) : 'n/a';
    const peakMb = peaks.length ? Math.max(...peaks) / 1024 : null;
    const targets: string[] = [];
    if (c.targetSeconds !== undefined) targets.push(median <= c.targetSeconds ? `< ${c.targetSeconds} s: OK` : `< ${c.targetSeconds} s: MISSED`);
    if (c.targetPeakMb !== undefined) targets.push(peakMb === null ? 'peak: not measured' : peakMb < c.targetPeakMb ? `< ${c.targetPeakMb} MB: OK` : `< ${c.targetPeakMb} MB: MISSED`);
    const target = targets.join(', ');
    if (target.includes('MISSED')) failed = true;
    console.log(`${c.name} | ${median.toFixed(2)} | ${times[0].toFixed(2)} | ${times[times.length - 1].toFixed(2)} | ${peak} | ${target}`);
  }
  process.exitCode = failed ? 1 : 0;
}

main();
