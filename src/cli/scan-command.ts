import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS } from '../model/limits.js';
import type { MessageResult } from '../model/result.js';
import { DEFAULT_POLICY } from '../policy/policy.js';
import { buildReport } from '../report/build-report.js';
import type { Lang } from '../report/i18n.js';
import { REPORTERS } from '../report/reporters.js';
import type { Format } from '../report/reporters.js';
import { scanMessage } from '../scan-message.js';
import { collectFiles } from '../sources/collect-files.js';
import { readInputs } from '../sources/read-inputs.js';
import { exitCodeFor } from './exit-codes.js';

export interface ScanCommandOptions {
  format: Format;
  lang: Lang;
  showData: boolean;
  color: boolean;
  minPeople: number;
  mboxLenient: boolean;
}

/** `pii-scan [scan] PATH...`: scans every input and renders one report. InputError propagates (exit 3). */
export async function scanCommand(paths: string[], options: ScanCommandOptions, stdin: Readable | undefined, warn: (line: string) => void): Promise<{ exitCode: number; stdout: string }> {
  const started = performance.now();
  const { inputs, notes } = await collectFiles(paths);
  for (const note of notes) warn(`note: ${note}`);
  const policy = { ...DEFAULT_POLICY, minPeople: options.minPeople, warnPeople: Math.min(DEFAULT_POLICY.warnPeople, options.minPeople) };
  const results: MessageResult[] = [];
  for (const ref of inputs) {
    for await (const raw of readInputs(ref, stdin, { mboxLenient: options.mboxLenient, maxMessageBytes: DEFAULT_LIMITS.maxMessageBytes })) {
      if (raw.content.length === 0) warn(`note: ${raw.source}${raw.index !== undefined ? ` [${raw.index}]` : ''} is empty: nothing to scan`);
      results.push(await scanMessage(raw, { limits: DEFAULT_LIMITS, policy }));
    }
  }
  const report = buildReport(results, (performance.now() - started) / 1000, { lang: options.lang, showData: options.showData });
  const stdout = REPORTERS[options.format](report, { lang: options.lang, color: options.color });
  return { exitCode: exitCodeFor(report.verdict), stdout };
}
