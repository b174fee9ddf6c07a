import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { Verdict } from '../model/result.js';
import { scanSettingsDigest } from '../config/run-settings.js';
import type { RunScanSettings, ScanSettingsSource } from '../config/run-settings.js';
import { ScanPool } from '../pool/scan-pool.js';
import { scanInOrder } from '../pool/scan-in-order.js';
import type { Scanners } from '../pool/scan-in-order.js';
import { failedScan, POOL_GRACE_MS } from './failed-scan.js';
import { NO_PROGRESS, startProgress } from './progress.js';
import { readFile, stat } from 'node:fs/promises';
import { reportMessage, SummaryTally, TOOL } from '../report/build-report.js';
import type { Lang } from '../report/i18n.js';
import { REPORTERS } from '../report/reporters.js';
import type { Format } from '../report/reporters.js';
import type { Report } from '../report/report.js';
import { summaryLines } from '../report/text-reporter.js';
import { scanMessage } from '../scan-message.js';
import type { RawMessage } from '../scan-message.js';
import { collectFiles } from '../sources/collect-files.js';
import type { CollectResult, InputRef } from '../sources/collect-files.js';
import { resolve } from 'node:path';
import { readInputs } from '../sources/read-inputs.js';
import { readImap } from '../sources/imap/imap-source.js';
import type { AskSecret } from '../sources/imap/imap-credentials.js';
import { describeFsError, InputError } from '../sources/input-error.js';
import { ScanState } from '../sources/scan-state.js';
import { AtomicFile } from './atomic-file.js';
import { loadBaselines, saveBaseline } from './baseline-file.js';
import type { BaselineOptions, RunBaselines } from './baseline-file.js';
import { exitCodeFor } from '../model/exit-codes.js';
import type { FailOn } from '../model/exit-codes.js';

export interface ScanCommandOptions extends BaselineOptions {
  format: Format;
  lang: Lang;
  showData: boolean;
  color: boolean;
  /** Limits, policy and detection of the run, from the configuration and flags (see runSettings). */
  settings: RunScanSettings;
  mboxLenient: boolean;
  /** `--fail-on` (default block). */
  failOn?: FailOn;
  /** `--output FILE`: the report goes there, whole or not at all, instead of through `out`. */
  output?: string;
  /** `--jobs N`: messages scanned at the same time, in worker threads (1: in this thread). */
  jobs: number;
  /** What `settings` were built from: worker threads build their own from it. */
  source: ScanSettingsSource;
  /** `--since-state FILE`: files scanned by earlier runs are passed over, and this run's recorded (scan-state.ts). */
  sinceState?: string;
  /** `--ca FILE`: a certificate authority trusted for IMAP servers, besides the system's. */
  ca?: string;
  /** `-q`: only the messages that do not pass, in the text report. */
  quiet?: boolean;
}

interface ScanIO {
  stdin: Readable | undefined;
  /** Where to draw a progress line, if anywhere (see progress.ts). */
  progressStream?: NodeJS.WriteStream;
  out: (chunk: string) => Promise<void> | void;
  warn: (line: string) => void;
  /** For IMAP inputs: the password or token variables, and a prompt when a person is there. */
  env?: Record<string, string | undefined>;
  ask?: AskSecret;
}

/**
 * `pii-scan [scan] PATH...`: scans every input and writes the report through `out` (or to
 * `--output`) as it goes, one message at a time. The exit code follows the overall verdict and
 * `--fail-on`, never the format or the output. InputError propagates (exit 3).
 */
export async function scanCommand(paths: string[], options: ScanCommandOptions, io: ScanIO): Promise<{ exitCode: number }> {
  const started = performance.now();
  const baselines = await loadBaselines(options);
  let report: AtomicFile | undefined;
  try {
    const collected = withoutOwnReport(await collectFiles(paths), options.output);
    for (const note of collected.notes) io.warn(`note: ${note}`);
    const state = options.sinceState !== undefined ? await ScanState.load(options.sinceState, scanSettingsDigest(options.source, { mboxLenient: options.mboxLenient })) : undefined;
    const inputs = state ? await selectNew(state, collected.inputs, io.warn) : collected.inputs;
    // Owner only: a report names the mail that carried personal data and what it held.
    report = options.output ? await AtomicFile.open(options.output, 'report', 0o600) : undefined;
    const out = report ? report.write.bind(report) : io.out;
    const ca = options.ca !== undefined ? await readCa(options.ca) : undefined;
    const { verdict, summary } = await scanInputs(inputs, { ...options, caBytes: ca }, baselines, { ...io, out }, started, state);
    if (baselines.write) io.warn(`note: ${await saveBaseline(baselines.write)}`);
    if (state) await saveState(state);
    await report?.commit();
    // The report is in a file: the terminal or the CI log still says what the run found and what to do.
    if (options.output !== undefined) io.warn(`${summaryLines(summary, options.lang).join(' ')} (${options.lang === 'fr' ? 'rapport' : 'report'}: ${options.output})`);
    return { exitCode: exitCodeFor(verdict, options.failOn) };
  } catch (err) {
    // Neither file is left half-written: each stays as it was before the run.
    await report?.abort();
    await baselines.write?.file.abort();
    throw err;
  }
}

/**
 * The inputs without this run's own report: a report written into the folder being scanned (a
 * previous run's, replaced by this one) is no mail to check, and scanning it would report on
 * the report. Said in a note, as every skip is.
 */
function withoutOwnReport(collected: CollectResult, output: string | undefined): CollectResult {
  if (output === undefined) return collected;
  const own = resolve(output);
  const inputs = collected.inputs.filter((input) => input.kind !== 'file' || resolve(input.path) !== own);
  if (inputs.length === collected.inputs.length) return collected;
  return { inputs, notes: [...collected.notes, `${output} is this run's report (--output): not scanned`] };
}

/** The options with what was read for them before the scan. */
type RunOptions = ScanCommandOptions & { caBytes?: Buffer };

/** `--ca FILE`, read once: a file that cannot be read stops the run before any connection (exit 3). */
async function readCa(file: string): Promise<Buffer> {
  const bytes = await readFile(file).catch((err: unknown) => {
    throw new InputError(`--ca ${file}: ${describeFsError(err)}`);
  });
  if (!bytes.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`--ca ${file}: not a PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return bytes;
}

/** The scan loop: each message decided, recorded when a baseline is being written, reported. */
async function scanInputs(inputs: InputRef[], options: RunOptions, baselines: RunBaselines, io: ScanIO, started: number, state?: ScanState): Promise<{ verdict: Verdict; summary: Report['summary'] }> {
  const reporter = REPORTERS[options.format]({ lang: options.lang, color: options.color, failOn: options.failOn, quiet: options.quiet, showData: options.showData });
  // Fingerprints need a salt: the baseline's matched against, else the one being written.
  const salted = baselines.match ?? baselines.write?.baseline;
  const reportOptions = { lang: options.lang, showData: options.showData, ...(salted ? { fingerprint: salted.fingerprint.bind(salted) } : {}) };
  const summary = new SummaryTally();
  const now = new Date();
  let begun = false;
  const progress = io.progressStream ? startProgress(io.progressStream, await inputBytes(inputs)) : NO_PROGRESS;
  try {
    for await (const result of scanInOrder(messagesOf(inputs, options, io, state), scannersFor(options, baselines), options.jobs)) {
      // The report starts with the first result, so that an input error before it leaves no half report.
      if (!begun) await io.out(reporter.begin(TOOL));
      begun = true;
      summary.add(result);
      // A message not read for want of time (or memory) is read again by the next run.
      state?.scanned(result.source, !result.issues.some((i) => i.code === 'timeout' || i.detail.startsWith('not scanned:')), result.index);
      // Only findings that weigh on a verdict are recorded: a low one changes nothing, and every entry is one more hash to guard.
      const write = baselines.write;
      if (write) for (const f of result.findings) if (!f.accepted && f.severity !== 'low') write.baseline.record(f, write.reason, now);
      await io.out(reporter.message(reportMessage(result, reportOptions)));
      progress.done(result.bytes);
    }
  } finally {
    progress.stop();
  }
  if (!begun) await io.out(reporter.begin(TOOL));
  const counts = summary.summary((performance.now() - started) / 1000);
  await io.out(reporter.end(summary.verdict, counts));
  return { verdict: summary.verdict, summary: counts };
}

/** The inputs `--since-state` does not know, the others counted in notes. */
async function selectNew(state: ScanState, inputs: InputRef[], warn: (line: string) => void): Promise<InputRef[]> {
  const { toScan, unchanged, seenElsewhere, resumed } = await state.select(inputs);
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  if (state.settingsChanged) warn(`note: --since-state ${state.file} was written by another version of pii-scan or under other settings (detection, thresholds, limits, fingerprints): everything is scanned again`);
  if (unchanged > 0) warn(`note: ${files(unchanged)} unchanged since they were scanned (--since-state ${state.file}), not read`);
  if (seenElsewhere > 0) warn(`note: ${files(seenElsewhere)} already scanned under another name or date (same content), not scanned again`);
  if (inputs.some((ref) => ref.kind === 'stdin')) warn('note: standard input is scanned whole every time: --since-state records files only');
  if (resumed > 0) warn(`note: ${resumed === 1 ? '1 mailbox' : `${resumed} mailboxes`} grown since scanned: only the messages added are read`);
  if (toScan.length === 0 && inputs.length > 0) warn(`note: nothing new to scan since the last run (--since-state ${state.file})`);
  return toScan;
}

/** The state written whole or not at all, readable by its owner only: it lists the files scanned. */
async function saveState(state: ScanState): Promise<void> {
  const file = await AtomicFile.open(state.file, 'scan state', 0o600);
  try {
    await file.write(await state.text());
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }
}

/** The inputs' total size, for the progress line's share and time left; null when one is standard input. */
async function inputBytes(inputs: InputRef[]): Promise<number | null> {
  let total = 0;
  for (const ref of inputs) {
    // Standard input and an IMAP folder do not say their size beforehand.
    if (ref.kind !== 'file') return null;
    // A mailbox read from where the last run stopped (--since-state) counts what is left of it.
    total += Math.max(0, (await stat(ref.path).catch(() => ({ size: 0 }))).size - (ref.resume?.offset ?? 0));
  }
  return total;
}

/** Every message of the inputs, in order, read as the scan asks for them. */
async function* messagesOf(inputs: InputRef[], options: RunOptions, io: ScanIO, state?: ScanState): AsyncGenerator<RawMessage> {
  const maxMessageBytes = options.settings.limits.maxMessageBytes;
  for (const ref of inputs) {
    const messages =
      ref.kind === 'imap'
        ? readImap(ref.target, { maxMessageBytes, env: io.env ?? {}, ask: io.ask, warn: io.warn, ...(options.caBytes ? { ca: options.caBytes } : {}), ...(state ? { book: state } : {}) })
        : readInputs(ref, io.stdin, { mboxLenient: options.mboxLenient, maxMessageBytes });
    for await (const raw of messages) {
      if (raw.content.length === 0 && !raw.issues?.length) io.warn(`note: ${raw.source}${raw.index !== undefined ? ` [${raw.index}]` : ''} is empty: nothing to scan`);
      yield raw;
    }
  }
}

/** A message scanned here, or in a pool of `--jobs` workers built from the same configuration and baseline. */
function scannersFor(options: ScanCommandOptions, baselines: RunBaselines): Scanners {
  const { settings } = options;
  return {
    inProcess: (raw) => scanMessage(raw, { ...settings, baseline: baselines.match }),
    // The baseline is written out for the workers only when there are workers.
    openPool: () => {
      const scan = { ...options.source, ...(baselines.match ? { baseline: baselines.match.serialize() } : {}) };
      return new ScanPool({ size: options.jobs, timeoutMs: settings.limits.messageTimeoutMs + POOL_GRACE_MS, scan });
    },
    failed: (raw, err) => failedScan(raw, err, settings.policy),
  };
}
