import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { reportMessage, SummaryTally, TOOL } from '../report/build-report.js';
import type { Lang } from '../report/i18n.js';
import { REPORTERS } from '../report/reporters.js';
import type { Format } from '../report/reporters.js';
import { scanMessage } from '../scan-message.js';
import type { ScanOptions } from '../scan-message.js';
import { collectFiles } from '../sources/collect-files.js';
import { readInputs } from '../sources/read-inputs.js';
import { exitCodeFor } from './exit-codes.js';

export interface ScanCommandOptions {
  format: Format;
  lang: Lang;
  showData: boolean;
  color: boolean;
  /** Limits, policy and detection of the run, from the configuration and flags (see runSettings). */
  settings: Required<ScanOptions>;
  mboxLenient: boolean;
}

/**
 * `pii-scan [scan] PATH...`: scans every input and writes the report through `out` as it goes, one
 * message at a time. InputError propagates (exit 3).
 */
export async function scanCommand(
  paths: string[],
  options: ScanCommandOptions,
  io: { stdin: Readable | undefined; out: (chunk: string) => Promise<void> | void; warn: (line: string) => void },
): Promise<{ exitCode: number }> {
  const started = performance.now();
  const { inputs, notes } = await collectFiles(paths);
  for (const note of notes) io.warn(`note: ${note}`);
  const { settings } = options;
  const reporter = REPORTERS[options.format]({ lang: options.lang, color: options.color });
  const summary = new SummaryTally();
  let begun = false;
  for (const ref of inputs) {
    for await (const raw of readInputs(ref, io.stdin, { mboxLenient: options.mboxLenient, maxMessageBytes: settings.limits.maxMessageBytes })) {
      if (raw.content.length === 0) io.warn(`note: ${raw.source}${raw.index !== undefined ? ` [${raw.index}]` : ''} is empty: nothing to scan`);
      const result = await scanMessage(raw, settings);
      // The report starts with the first result, so that an input error before it leaves no half report.
      if (!begun) await io.out(reporter.begin(TOOL));
      begun = true;
      summary.add(result);
      await io.out(reporter.message(reportMessage(result, { lang: options.lang, showData: options.showData })));
    }
  }
  if (!begun) await io.out(reporter.begin(TOOL));
  await io.out(reporter.end(summary.verdict, summary.summary((performance.now() - started) / 1000)));
  return { exitCode: exitCodeFor(summary.verdict) };
}
