/**
 * Benchmarks of whole runs, as a user starts them: `node bin/pii-scan.js FILE` in a fresh
 * process, Node start-up included. Wall time over several runs (median, min, max) and peak
 * memory (VmHWM, read by /usr/bin/time when the machine has it).
 *
 *   npm run bench            (after npm ci, which builds dist/)
 *   npm run bench -- --runs 9
 *   npm run bench -- --mbox big.mbox   (adds a mailbox, e.g. the 1 GB one of the test corpus
 *                                       generator, scanned with --jobs 2 (--jobs N to change) and,
 *                                       when clamscan is installed, alternated with
 *                                       `clamscan --detect-structured=yes` on the same file;
 *                                       --mbox-runs N runs of each, default 1)
 *   npm run bench -- --mbox big.mbox --imap 10000   (the first N messages of the mailbox in a
 *                                       private Dovecot, scanned over IMAP and from its Maildir,
 *                                       alternated: messages/s, peak RSS, same verdicts)
 *   npm run bench -- --customers 1000000   (exact match: a synthetic customer base of N
 *                                       customers fingerprinted, the fingerprints' load time and
 *                                       memory, and with --mbox the mailbox scanned with and
 *                                       without them, alternated)
 *
 * Targets are checked here, not in unit tests: a loaded CI machine must not fail a test suite.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, medianInterval, writeCustomerBase } from './bench-common.js';
import { imapBench } from './bench-imap.js';

interface Case {
  name: string;
  args: string[];
  /** Expected exit code: a benchmark of a wrong answer is worthless. */
  exit: number;
  /** Wall-time target in seconds (median), if the issue sets one. */
  targetSeconds?: number;
  /** A file given on standard input (pipe mode). */
  stdin?: string;
  /** Messages the case scans: its rate is shown, and checked against `targetPerSecond`. */
  messages?: number;
  targetPerSecond?: number;
}

/**
 * A 10 KB mail with no attachment, as Postfix hands one to `pii-scan pipe` per message: plain
 * French prose, no personal data. Written to a temporary folder when the bench starts.
 */
function smallMail(): string {
  const sentence = 'Le comité se réunira jeudi à la mairie pour préparer la saison et le calendrier des travaux. ';
  const body = sentence.repeat(Math.ceil(10_000 / sentence.length));
  const file = join(mkdtempSync(join(tmpdir(), 'bench-mail-')), 'small.eml');
  writeFileSync(file, `From: mairie@example.org\r\nTo: comite@example.org\r\nSubject: Ordre du jour\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/(.{1,72})( |$)/g, '$1\r\n')}`);
  return file;
}

/** Messages of the campaign case, and the "Fast" issue's rate for them (after the first). */
const CAMPAIGN_MESSAGES = 200;
const CAMPAIGN_PER_SECOND = 500;

/**
 * A mass mailing as a mailbox: the founding case's mail (its 15,930-row workbook) sent
 * CAMPAIGN_MESSAGES times, one recipient each, as a relay or a sent-mail folder sees it.
 */
function campaignMbox(): string {
  const founding = readFileSync('fixtures/outbox/secheresse-abonnes.eml', 'latin1').replace(/\r\n/g, '\n');
  const messages = Array.from({ length: CAMPAIGN_MESSAGES }, (_, i) => `From abonnes@example.org Fri Aug  5 09:30:00 2022\n${founding.replace(/^To: .*$/m, `To: <abonne.${i + 1}@example.net>`).replace(/^Message-ID: .*$/m, `Message-ID: <campagne.${i + 1}@example.org>`)}\n`);
  const file = join(mkdtempSync(join(tmpdir(), 'bench-campaign-')), 'campaign.mbox');
  writeFileSync(file, messages.join(''), 'latin1');
  return file;
}

/** A mailbox of any size is scanned in flat memory, with 2 jobs (the "Fast" issue's target on 1 and 3 GB mboxes). */
const MBOX_PEAK_MB = 300;
/** The "Fast" issue's throughput targets on the corpus mailbox: MB/s, and times ClamAV's structured-data scan. */
const MBOX_MB_S = 120;
const TIMES_CLAMAV = 4;

const CASES: Case[] = [
  { name: 'founding case: mail + 15,930-row XLSX', args: ['fixtures/outbox/secheresse-abonnes.eml'], exit: 1, targetSeconds: 0.8 },
  { name: 'same table as CSV UTF-8', args: ['fixtures/leaks/secheresse-csv-utf8.eml'], exit: 1 },
  { name: 'same table as CSV Windows-1252', args: ['fixtures/leaks/secheresse-csv-cp1252.eml'], exit: 1 },
  { name: 'clean signature mail', args: ['fixtures/outbox/reponse-signature.eml'], exit: 0 },
  { name: 'whole sample outbox (6 mails)', args: ['fixtures/outbox/'], exit: 1 },
  { name: 'start-up: --version', args: ['--version'], exit: 0 },
  // The re-injection command only reads the message: what is timed is pii-scan's own start and scan.
  { name: `campaign: the founding mail ${CAMPAIGN_MESSAGES} times, one recipient each (mbox, --jobs 2)`, args: ['--jobs', '2', campaignMbox()], exit: 1, messages: CAMPAIGN_MESSAGES, targetPerSecond: CAMPAIGN_PER_SECOND },
  { name: '10 KB mail through pipe (one process per message)', args: ['pipe', '--', '/bin/sh', '-c', 'cat > /dev/null'], exit: 0, targetSeconds: 0.2, stdin: smallMail() },
];

const TIME = '/usr/bin/time';

function runOnce(args: string[], program: string[] = [process.execPath, 'bin/pii-scan.js'], stdin?: string): { seconds: number; status: number | null; peakKb: number | null; cpuSeconds: number | null } {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : program[0];
  const argv = useTime ? ['-f', '%M %U %S', ...program, ...args] : [...program.slice(1), ...args];
  const started = process.hrtime.bigint();
  // The report is not read (a mailbox's is tens of MB, past spawnSync's buffer): only the exit code and time's line on stderr.
  const input = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
  const r = spawnSync(command, argv, { encoding: 'utf8', stdio: [input, 'ignore', 'pipe'], env: { ...process.env, LANG: 'C' } });
  if (typeof input === 'number') closeSync(input);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // time's last line: peak RSS (KB), user and system CPU seconds.
  const [peakKb, user, system] = useTime ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, status: r.status, peakKb: Number.isFinite(peakKb) ? peakKb : null, cpuSeconds: Number.isFinite(user + system) ? user + system : null };
}

/**
 * The mailbox bench: pii-scan (`--jobs N`, JSON report) and, when installed, ClamAV's
 * structured-data scan of the same file, alternated run by run so that both see the same machine.
 * ClamAV needs one signature database: a signature that never matches is written for it, and its
 * size limits are raised so that it reads the whole mailbox (by default it skips files over 100 MB).
 */
function mailboxBench(mbox: string, jobs: string, runs: number): boolean {
  const mb = statSync(mbox).size / 1e6;
  const clamscan = spawnSync('clamscan', ['--version'], { encoding: 'utf8' }).status === 0;
  const db = join(mkdtempSync(join(tmpdir(), 'bench-clam-')), 'never.ndb');
  writeFileSync(db, 'Bench.Never.Matches:0:*:00112233445566778899aabbccddeeff0011223344\n');
  const ours: ReturnType<typeof runOnce>[] = [];
  const theirs: ReturnType<typeof runOnce>[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(runOnce(['--format', 'json', '--jobs', jobs, mbox]));
    if (![0, 1, 2].includes(ours[i].status ?? -1)) throw new Error(`mailbox: exit ${ours[i].status}`);
    if (clamscan) theirs.push(runOnce(['--no-summary', '--detect-structured=yes', '--max-filesize=4000M', '--max-scansize=4000M', '--database', db, mbox], ['clamscan']));
  }
  const ourSeconds = median(ours.map((r) => r.seconds));
  const peakMb = Math.max(...ours.map((r) => r.peakKb ?? 0)) / 1024;
  const rate = mb / ourSeconds;
  const ok = (pass: boolean) => (pass ? 'OK' : 'MISSED');
  console.log(`\nmailbox ${mbox} (${mb.toFixed(0)} MB), ${runs} run(s) each, medians:`);
  console.log(`pii-scan --jobs ${jobs} | ${ourSeconds.toFixed(1)} s | ${rate.toFixed(1)} MB/s | peak RSS ${peakMb.toFixed(0)} MB | >= ${MBOX_MB_S} MB/s: ${ok(rate >= MBOX_MB_S)}, peak <= ${MBOX_PEAK_MB} MB: ${ok(peakMb <= MBOX_PEAK_MB)}`);
  let met = rate >= MBOX_MB_S && peakMb <= MBOX_PEAK_MB;
  if (clamscan) {
    const clamSeconds = median(theirs.map((r) => r.seconds));
    const ratio = clamSeconds / ourSeconds;
    console.log(`clamscan --detect-structured=yes | ${clamSeconds.toFixed(1)} s | ${(mb / clamSeconds).toFixed(1)} MB/s | peak RSS ${(Math.max(...theirs.map((r) => r.peakKb ?? 0)) / 1024).toFixed(0)} MB |`);
    console.log(`pii-scan is ${ratio.toFixed(2)}x ClamAV's speed on this file | >= ${TIMES_CLAMAV}x: ${ok(ratio >= TIMES_CLAMAV)}`);
    met &&= ratio >= TIMES_CLAMAV;
  } else console.log('clamscan not installed (apt-get install clamav): no comparison');
  return met;
}

/** The exact-match issue's targets for a million-customer base. */
const FINGERPRINT_SECONDS = 60;
const FINGERPRINT_LOAD_SECONDS = 1;
const FINGERPRINT_MEMORY_MB = 64;
const FINGERPRINT_MATCH_COST = 1.1;

/**
 * Pair `i` of runs, its two runs in turn: without first in even pairs, with first in odd ones, so
 * that a shared machine slowing down or speeding up through a run of pairs favours neither side.
 */
function inTurn(i: number, without: () => void, withFingerprints: () => void): void {
  if (i % 2 === 0) {
    without();
    withFingerprints();
  } else {
    withFingerprints();
    without();
  }
}

/** A synthetic customer base of `count` customers as one CSV. */
function customerBaseCsv(count: number): string {
  return writeCustomerBase(join(mkdtempSync(join(tmpdir(), 'bench-base-')), `clients-${count}.csv`), count);
}

/**
 * Exact match: `pii-scan fingerprint` on a base of `customers`, then a small mail scanned with
 * and without the fingerprints (in pairs, inTurn: the difference is the file's load time and memory),
 * and the mailbox, when given, likewise (matching's cost on a year of mail).
 */
function fingerprintBench(customers: number, runs: number, mbox: string | undefined, mboxRuns: number, jobs: string): boolean {
  const ok = (pass: boolean) => (pass ? 'OK' : 'MISSED');
  const started = Date.now();
  const csv = customerBaseCsv(customers);
  console.log(`\nexact match: ${customers.toLocaleString('en-US')} synthetic customers (${(statSync(csv).size / 1e6).toFixed(0)} MB of CSV, made in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const fp = join(mkdtempSync(join(tmpdir(), 'bench-fp-')), 'clients.pii-fp');
  const builds = Array.from({ length: Math.min(runs, 3) }, () => runOnce(['fingerprint', csv, '--output', fp]));
  if (builds.some((b) => b.status !== 0)) throw new Error('fingerprint: the build failed');
  const build = median(builds.map((b) => b.seconds));
  const buildPeak = Math.max(...builds.map((b) => b.peakKb ?? 0)) / 1024;
  console.log(`pii-scan fingerprint | ${build.toFixed(1)} s (median of ${builds.length}) | peak RSS ${buildPeak.toFixed(0)} MB | file ${(statSync(fp).size / 1e6).toFixed(1)} MB | < ${FINGERPRINT_SECONDS} s: ${ok(build < FINGERPRINT_SECONDS)}`);
  const small = smallMail();
  const without: ReturnType<typeof runOnce>[] = [];
  const withFp: ReturnType<typeof runOnce>[] = [];
  for (let i = 0; i < runs; i++) {
    inTurn(i, () => without.push(runOnce([small])), () => withFp.push(runOnce(['--fingerprints', fp, small])));
  }
  const load = median(withFp.map((r) => r.seconds)) - median(without.map((r) => r.seconds));
  const memory = (median(withFp.map((r) => r.peakKb ?? 0)) - median(without.map((r) => r.peakKb ?? 0))) / 1024;
  console.log(`10 KB mail, with the fingerprints against without (median of ${runs} each) | load +${load.toFixed(2)} s | memory +${memory.toFixed(0)} MB | load < ${FINGERPRINT_LOAD_SECONDS} s: ${ok(load < FINGERPRINT_LOAD_SECONDS)}, memory <= ${FINGERPRINT_MEMORY_MB} MB: ${ok(memory <= FINGERPRINT_MEMORY_MB)}`);
  let met = build < FINGERPRINT_SECONDS && load < FINGERPRINT_LOAD_SECONDS && memory <= FINGERPRINT_MEMORY_MB;
  if (mbox) {
    const plain: ReturnType<typeof runOnce>[] = [];
    const matched: ReturnType<typeof runOnce>[] = [];
    for (let i = 0; i < mboxRuns; i++) {
      inTurn(
        i,
        () => plain.push(runOnce(['--format', 'json', '--jobs', jobs, mbox])),
        () => matched.push(runOnce(['--format', 'json', '--jobs', jobs, '--fingerprints', fp, mbox])),
      );
    }
    const a = median(plain.map((r) => r.seconds));
    const b = median(matched.map((r) => r.seconds));
    // A shared machine's runs differ by more than the cost measured: each pair's ratio (the two
    // runs side by side in time) and the processor time used tell it apart from the noise.
    const pairs = matched.map((r, i) => r.seconds / plain[i].seconds).sort((x, y) => x - y);
    const cpu = plain.every((r) => r.cpuSeconds !== null) && matched.every((r) => r.cpuSeconds !== null) ? median(matched.map((r) => r.cpuSeconds!)) / median(plain.map((r) => r.cpuSeconds!)) : null;
    console.log(`${mbox}, --jobs ${jobs} (median of ${mboxRuns} each) | without ${a.toFixed(1)} s | with ${b.toFixed(1)} s | ${(b / a).toFixed(3)}x | <= ${FINGERPRINT_MATCH_COST}x: ${ok(b / a <= FINGERPRINT_MATCH_COST)}`);
    // Whether the cost is under the bound beyond the noise: where the pairs' median lies, whatever their law.
    const interval = medianInterval(pairs);
    const sure = interval ? `, ${(interval.coverage * 100).toFixed(0)} % interval ${interval.low.toFixed(3)}-${interval.high.toFixed(3)}x: <= ${FINGERPRINT_MATCH_COST}x beyond the noise: ${interval.high <= FINGERPRINT_MATCH_COST ? 'yes' : 'no'}` : '';
    console.log(`  pair by pair ${pairs.map((x) => x.toFixed(3)).join(' ')} (median ${median(pairs).toFixed(3)}x${sure})${cpu !== null ? ` | processor time (user + system, medians) ${cpu.toFixed(3)}x` : ''}`);
    met &&= b / a <= FINGERPRINT_MATCH_COST;
  }
  return met;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, mbox: { type: 'string' }, jobs: { type: 'string', default: '2' }, 'mbox-runs': { type: 'string', default: '1' }, customers: { type: 'string' }, imap: { type: 'string' } } });
  const runs = Math.max(1, Number(values.runs));
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is missing: run `npm run build` first');
  let failed = false;
  console.log(`pii-scan benchmark: ${runs} runs per case, Node ${process.version}, fresh process each run`);
  console.log('case | median s | min s | max s | peak RSS MB | target');
  for (const c of CASES) {
    runOnce(c.args, undefined, c.stdin); // warm the page cache
    const results = Array.from({ length: runs }, () => runOnce(c.args, undefined, c.stdin));
    const wrong = results.find((r) => r.status !== c.exit);
    if (wrong) throw new Error(`${c.name}: exit ${wrong.status}, expected ${c.exit}`);
    const times = results.map((r) => r.seconds).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const peaks = results.map((r) => r.peakKb).filter((k): k is number => k !== null);
    const peak = peaks.length ? (Math.max(...peaks) / 1024).toFixed(0) : 'n/a';
    const targets: string[] = [];
    if (c.targetSeconds !== undefined) targets.push(median <= c.targetSeconds ? `< ${c.targetSeconds} s: OK` : `< ${c.targetSeconds} s: MISSED`);
    if (c.messages !== undefined) {
      const rate = c.messages / median;
      targets.push(`${rate.toFixed(0)} messages/s${c.targetPerSecond ? ` (>= ${c.targetPerSecond}: ${rate >= c.targetPerSecond ? 'OK' : 'MISSED'})` : ''}`);
    }
    const target = targets.join(', ');
    if (target.includes('MISSED')) failed = true;
    console.log(`${c.name} | ${median.toFixed(2)} | ${times[0].toFixed(2)} | ${times[times.length - 1].toFixed(2)} | ${peak} | ${target}`);
  }
  if (values.customers) {
    if (!fingerprintBench(Number(values.customers), runs, values.mbox, Math.max(1, Number(values['mbox-runs'])), values.jobs)) failed = true;
  } else if (values.imap) {
    if (!values.mbox) throw new Error('--imap N takes its messages from --mbox FILE');
    if (!(await imapBench(values.mbox, Number(values.imap), Math.max(1, Number(values['mbox-runs'])), values.jobs, (args) => runOnce(args)))) failed = true;
  } else if (values.mbox && !mailboxBench(values.mbox, values.jobs, Math.max(1, Number(values['mbox-runs'])))) failed = true;
  process.exitCode = failed ? 1 : 0;
}

await main();
